import { describe, expect, it } from 'vitest';
import { cleanWindows } from '../../src/analysis/cleanWindows.js';
import { evaluateVerdict } from '../../src/analysis/evaluateVerdict.js';
import type { CoverageBucket, Finding } from '../../src/model/index.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { AT, bucketsAt, every, finding, MAX_GAP, minutely, pull, rng, SERVICE, START } from './fixtures.js';

const RANGE = { startUs: START, endUs: AT };
const FULL = minutely(START, AT);

describe('cleanWindows: splitting at findings', () => {
  it('no finding: one window over the range, proven; the streak is it, at least that long', () => {
    const r = cleanWindows([], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows).toHaveLength(1);
    expect(r.windows[0]).toMatchObject({ startUs: START, endUs: AT, durationUs: 24 * US_PER_HOUR, entries: 1440, proven: true });
    expect(r.currentStreak).toMatchObject({ startUs: START, endUs: AT, atLeast: true, proven: true, provenSinceUs: START });
    expect(r.longestWindow).toMatchObject({ startUs: START, endUs: AT, wholeWindow: true });
  });

  it('a finding at t ends one window at t and starts the next at t + 1µs', () => {
    const t1 = START + 5 * US_PER_HOUR + 123;
    const t2 = START + 9 * US_PER_HOUR;
    const f1 = finding(t1);
    const f2 = finding(t2);
    const r = cleanWindows([f2, f1], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows.map((w) => [w.startUs, w.endUs])).toEqual([
      [START, t1],
      [t1 + 1, t2],
      [t2 + 1, AT],
    ]);
    expect(r.windows[0]?.previousFinding).toBeNull();
    expect(r.windows[0]?.nextFinding?.id).toBe(f1.id);
    expect(r.windows[1]?.previousFinding?.id).toBe(f1.id);
    expect(r.windows[2]?.nextFinding).toBeNull();
    expect(r.findings).toBe(2);
    expect(r.currentStreak).toMatchObject({ startUs: t2 + 1, endUs: AT, atLeast: false });
    expect(r.currentStreak.previousFinding?.id).toBe(f2.id);
  });

  it('findings at the same instant split once; findings 1µs apart leave no window between', () => {
    const t = START + US_PER_HOUR;
    const r = cleanWindows([finding(t), finding(t), finding(t + 1)], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows.map((w) => [w.startUs, w.endUs])).toEqual([
      [START, t],
      [t + 2, AT],
    ]);
  });

  it('a finding at the range start: the first window starts 1µs later; one at the range end is outside', () => {
    const r = cleanWindows([finding(START), finding(AT)], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows.map((w) => [w.startUs, w.endUs])).toEqual([[START + 1, AT]]);
    expect(r.findings).toBe(1);
  });

  it('a finding 1µs before the range end: the current streak is empty and not proven', () => {
    const r = cleanWindows([finding(AT - 1)], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.currentStreak).toMatchObject({ startUs: AT, endUs: AT, durationUs: 0, proven: false, provenSinceUs: null });
    expect(r.windows.map((w) => w.endUs)).toEqual([AT - 1]);
  });

  it('--min filters the listed windows but not the streak or the longest', () => {
    const t = AT - 2 * US_PER_HOUR;
    const r = cleanWindows([finding(t)], FULL, RANGE, { maxGapUs: MAX_GAP, minUs: 3 * US_PER_HOUR });
    expect(r.windows.map((w) => w.endUs)).toEqual([t]);
    expect(r.currentStreak.startUs).toBe(t + 1);
    expect(r.currentStreak.durationUs).toBe(2 * US_PER_HOUR - 1);
    expect(r.longestWindow?.endUs).toBe(t);
  });

  it('ignores untimed findings but counts them for the caller', () => {
    const r = cleanWindows([finding(null)], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows).toHaveLength(1);
    expect(r.untimedFindings).toBe(1);
  });

  it('entries per window: a finding that splits a minute leaves only the known entries (lower bound)', () => {
    const minute = START + 10 * US_PER_MINUTE;
    const times = every(minute, minute + US_PER_MINUTE, 10 * US_PER_MINUTE / 60); // 6 entries in one minute
    const coverage = bucketsAt(times);
    const r = cleanWindows([finding(minute + 30 * 1_000_000)], coverage, RANGE, { maxGapUs: null });
    expect(r.windows.map((w) => w.entries)).toEqual([1, 1]);
  });
});

describe('cleanWindows: coverage and proof', () => {
  const gapFrom = START + 10 * US_PER_HOUR;
  const gapTo = START + 13 * US_PER_HOUR;
  const gappy = bucketsAt([...every(START, gapFrom + 1, US_PER_MINUTE), ...every(gapTo, AT, US_PER_MINUTE)]);

  it('a gap longer than max-gap inside a clean window: not proven, gap listed', () => {
    const r = cleanWindows([], gappy, RANGE, { maxGapUs: MAX_GAP });
    const w = r.windows[0];
    expect(w?.proven).toBe(false);
    expect(w?.gaps).toEqual([{ startUs: gapFrom, endUs: gapTo, position: 'middle' }]);
    expect(w?.largestGap?.endUs).toBe(gapTo);
  });

  it('proven stretches reach max-gap into the gap, exactly as verify allows', () => {
    const r = cleanWindows([], gappy, RANGE, { maxGapUs: MAX_GAP });
    expect(r.windows[0]?.provenStretches).toEqual([
      { startUs: START, endUs: gapFrom + MAX_GAP },
      { startUs: gapTo - MAX_GAP, endUs: AT },
    ]);
    // Longest: [START, gapFrom + 30m) = 10h 30m vs [gapTo - 30m, AT) = 11h 30m.
    expect(r.longestWindow).toMatchObject({ startUs: gapTo - MAX_GAP, endUs: AT, wholeWindow: false });
    expect(r.currentStreak.proven).toBe(false);
    expect(r.currentStreak.provenSinceUs).toBe(gapTo - MAX_GAP);
  });

  it('max-gap none: any window with an entry is proven', () => {
    const r = cleanWindows([], gappy, RANGE, { maxGapUs: null });
    expect(r.windows[0]?.proven).toBe(true);
    expect(r.windows[0]?.gaps).toHaveLength(1); // still reported (longer than the default 30m)
  });

  it('a window without entries is never proven', () => {
    const r = cleanWindows([], [], RANGE, { maxGapUs: null });
    expect(r.windows[0]).toMatchObject({ proven: false, entries: 0, provenStretches: [] });
    expect(r.longestWindow).toBeNull();
    expect(r.currentStreak.provenSinceUs).toBeNull();
  });

  it('data that stops before the range end: the streak is not proven, its proven part ends early', () => {
    const stops = minutely(START, AT - 2 * US_PER_HOUR);
    const r = cleanWindows([], stops, RANGE, { maxGapUs: MAX_GAP });
    expect(r.currentStreak.proven).toBe(false);
    expect(r.currentStreak.provenSinceUs).toBeNull();
    expect(r.longestWindow).toMatchObject({ startUs: START, endUs: AT - 2 * US_PER_HOUR - US_PER_MINUTE + MAX_GAP });
  });

  it('doubtful reads (incomplete sources) cut proven stretches', () => {
    const doubt = { startUs: START + 4 * US_PER_HOUR, endUs: START + 5 * US_PER_HOUR };
    const r = cleanWindows([], FULL, RANGE, { maxGapUs: MAX_GAP, doubts: [doubt] });
    expect(r.windows[0]?.proven).toBe(false);
    expect(r.windows[0]?.provenStretches).toEqual([
      { startUs: START, endUs: doubt.startUs },
      { startUs: doubt.endUs, endUs: AT },
    ]);
    expect(r.longestWindow).toMatchObject({ startUs: doubt.endUs, endUs: AT });
  });

  it('ties for the longest go to the most recent', () => {
    const mid = START + 12 * US_PER_HOUR;
    const r = cleanWindows([finding(mid)], FULL, RANGE, { maxGapUs: MAX_GAP });
    // [START, mid) is 12h, [mid+1, AT) is 12h - 1µs: the first is longer, not a tie.
    expect(r.longestWindow?.startUs).toBe(START);
    const r2 = cleanWindows([finding(mid), finding(START)], FULL, RANGE, { maxGapUs: MAX_GAP });
    // [START+1, mid) and [mid+1, AT) are both 12h - 1µs: the later one wins.
    expect(r2.longestWindow?.startUs).toBe(mid + 1);
  });

  it('rejects an empty range', () => {
    expect(() => cleanWindows([], FULL, { startUs: AT, endUs: AT }, { maxGapUs: MAX_GAP })).toThrow(RangeError);
  });
});

describe('cleanWindows agrees with evaluateVerdict', () => {
  /** Random findings and bursty coverage; the longest proven window must be exactly maximal under verify. */
  function scenario(seed: number): { findings: Finding[]; coverage: CoverageBucket[] } {
    const rand = rng(seed);
    const times: number[] = [];
    let t = START + Math.floor(rand() * 40 * US_PER_MINUTE);
    while (t < AT) {
      times.push(t);
      // mostly small steps, sometimes a long silence
      t += rand() < 0.05 ? Math.floor(rand() * 3 * US_PER_HOUR) : Math.floor(rand() * 20 * US_PER_MINUTE) + 1;
    }
    const findings: Finding[] = [];
    const nf = Math.floor(rand() * 4);
    for (let i = 0; i < nf; i++) findings.push(finding(START + Math.floor(rand() * (AT - START))));
    return { findings, coverage: bucketsAt(times) };
  }

  it('the scenarios exercise findings, gaps and split windows (else the checks below prove little)', () => {
    let findings = 0;
    let unproven = 0;
    let split = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const sc = scenario(seed);
      const r = cleanWindows(sc.findings, sc.coverage, RANGE, { maxGapUs: MAX_GAP });
      findings += r.findings;
      unproven += r.windows.filter((w) => !w.proven).length;
      split += r.windows.filter((w) => w.provenStretches.length > 1).length;
    }
    expect(findings).toBeGreaterThan(10);
    expect(unproven).toBeGreaterThan(5);
    expect(split).toBeGreaterThan(3);
  });

  for (let seed = 1; seed <= 25; seed++) {
    it(`seed ${seed}`, () => {
      const { findings, coverage } = scenario(seed);
      const r = cleanWindows(findings, coverage, RANGE, { maxGapUs: MAX_GAP });
      const sources = [pull(START - US_PER_HOUR, AT + US_PER_HOUR)];
      const judge = (s: number, e: number) =>
        evaluateVerdict({ service: SERVICE, kinds: ['ssot_warning'], atUs: e, cleanUs: e - s, findings, coverage, sources, maxGapUs: MAX_GAP }).verdict;
      for (const w of r.windows) {
        for (const s of w.provenStretches) {
          expect(judge(s.startUs, s.endUs)).toBe('CLEAN');
          // 1µs more on either side is no longer CLEAN (unless the range itself stops it).
          if (s.endUs < AT) expect(judge(s.startUs, s.endUs + 1)).not.toBe('CLEAN');
          if (s.startUs > START) expect(judge(s.startUs - 1, s.endUs)).not.toBe('CLEAN');
        }
        if (w.proven) expect(judge(w.startUs, w.endUs)).toBe('CLEAN');
        else if (w.durationUs > 0) expect(judge(w.startUs, w.endUs)).not.toBe('CLEAN');
      }
    });
  }
});
