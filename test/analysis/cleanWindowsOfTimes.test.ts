import { describe, expect, it } from 'vitest';
import { cleanWindows, cleanWindowsOfTimes } from '../../src/analysis/cleanWindows.js';
import { timeline, timelineOfTimes, timelineString } from '../../src/analysis/timeline.js';
import type { Finding } from '../../src/model/index.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { AT, bucketsAt, every, finding, MAX_GAP, minutely, rng, START } from './fixtures.js';

const RANGE = { startUs: START, endUs: AT };
const FULL = minutely(START, AT);

function randomFindings(seed: number, n: number): Finding[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => finding(START + Math.floor(rand() * (AT - START))));
}

describe('cleanWindowsOfTimes (the form windows uses on large histories)', () => {
  it('gives the same windows, streak and longest as cleanWindows on findings, bounded by the same instants', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const findings = randomFindings(seed, 40);
      const gappy = bucketsAt([...every(START, START + 7 * US_PER_HOUR, US_PER_MINUTE), ...every(START + 9 * US_PER_HOUR, AT, US_PER_MINUTE)]);
      const opts = { maxGapUs: MAX_GAP, minUs: 10 * US_PER_MINUTE };
      const a = cleanWindows(findings, gappy, RANGE, opts);
      // Unsorted input on purpose: the times form sorts what it is given.
      const b = cleanWindowsOfTimes(findings.map((f) => f.timestampUs as number), gappy, RANGE, opts);
      expect(b.windows).toEqual(a.windows.map(({ previousFinding: _p, nextFinding: _n, ...w }) => w));
      expect(b.windows.map((w) => w.nextFindingUs)).toEqual(a.windows.map((w) => w.nextFinding?.timestampUs ?? null));
      expect(b.longestWindow).toEqual(a.longestWindow);
      expect(b.findings).toBe(a.findings);
      const { previousFinding: _p, nextFinding: _n, ...streak } = a.currentStreak;
      expect(b.currentStreak).toEqual(streak);
    }
  });

  it('maxListed keeps the most recent eligible windows and counts the rest; streak and longest still see all', () => {
    const times = [10, 11, 12, 13, 14, 15].map((h) => START + h * US_PER_HOUR);
    times.push(START + 15 * US_PER_HOUR + US_PER_MINUTE); // a 1-minute window, shorter than --min
    const all = cleanWindowsOfTimes(times, FULL, RANGE, { maxGapUs: MAX_GAP, minUs: 30 * US_PER_MINUTE });
    const capped = cleanWindowsOfTimes(times, FULL, RANGE, { maxGapUs: MAX_GAP, minUs: 30 * US_PER_MINUTE, maxListed: 3 });
    expect(all.windows).toHaveLength(7);
    expect(all.listing).toEqual({ eligible: 7, shorterThanMin: 1, overLimit: 0 });
    expect(capped.listing).toEqual({ eligible: 7, shorterThanMin: 1, overLimit: 4 });
    expect(capped.windows).toEqual(all.windows.slice(-3));
    expect(capped.currentStreak).toEqual(all.currentStreak);
    // The longest proven window is the first (10h), which is not listed: it is still found.
    expect(capped.longestWindow).toEqual(all.longestWindow);
    expect(capped.longestWindow).toMatchObject({ startUs: START, endUs: START + 10 * US_PER_HOUR });
    expect(capped.windows[0]?.startUs).toBe(START + 13 * US_PER_HOUR + 1);
  });

  it('counts every instant in the range, repeats included, and ignores instants outside it', () => {
    const t = START + US_PER_HOUR;
    const r = cleanWindowsOfTimes([START - 1, t, t, AT], FULL, RANGE, { maxGapUs: MAX_GAP });
    expect(r.findings).toBe(2);
    expect(r.windows.map((w) => [w.startUs, w.endUs])).toEqual([
      [START, t],
      [t + 1, AT],
    ]);
  });

  it('a million instants: only the listed windows are built', () => {
    const n = 1_000_000;
    const step = Math.floor((AT - START) / n);
    const times = Float64Array.from({ length: n }, (_, i) => START + i * step + 1);
    const r = cleanWindowsOfTimes(times, FULL, RANGE, { maxGapUs: MAX_GAP, minUs: 0, maxListed: 50 });
    expect(r.windows).toHaveLength(50);
    expect(r.listing.eligible).toBe(n + 1);
    expect(r.listing.overLimit).toBe(n + 1 - 50);
    expect(r.windows[49]?.endUs).toBe(AT);
  });
});

describe('cleanWindows: doubtful reads', () => {
  it('the max-gap past the last entry is not proven when that entry\'s read is in doubt', () => {
    const coverage = minutely(START, START + 2 * US_PER_HOUR);
    const lastEntry = START + 2 * US_PER_HOUR - US_PER_MINUTE;
    const range = { startUs: START, endUs: START + 3 * US_PER_HOUR };
    // Without doubt: proven to 30m past the last entry.
    expect(cleanWindowsOfTimes([], coverage, range, { maxGapUs: MAX_GAP }).longestWindow).toMatchObject({ endUs: lastEntry + MAX_GAP });
    // A read in doubt over all the entries: nothing is left that an entry of a sound read proves.
    const doubt = { startUs: START, endUs: lastEntry + 1 };
    const r = cleanWindowsOfTimes([], coverage, range, { maxGapUs: MAX_GAP, doubts: [doubt] });
    expect(r.longestWindow).toBeNull();
    expect(r.currentStreak.provenStretches).toEqual([]);
    // Doubt over the first hour only: what follows is proven from the first sound entry on.
    const early = cleanWindowsOfTimes([], coverage, range, { maxGapUs: MAX_GAP, doubts: [{ startUs: START, endUs: START + US_PER_HOUR }] });
    expect(early.currentStreak.provenStretches).toEqual([{ startUs: START + US_PER_HOUR, endUs: lastEntry + MAX_GAP }]);
  });
});

describe('timelineOfTimes', () => {
  it('matches timeline on findings, without the kinds', () => {
    const findings = randomFindings(3, 25);
    const withKinds = timeline(findings, FULL, RANGE);
    const fromTimes = timelineOfTimes(findings.map((f) => f.timestampUs as number), FULL, RANGE);
    expect(fromTimes.map(({ kinds: _k, ...c }) => c)).toEqual(withKinds.map(({ kinds: _k, ...c }) => c));
  });

  it('a doubtful read makes the cells it touches partly unproven, never clean', () => {
    const doubt = { startUs: START + 2 * US_PER_HOUR + 10 * US_PER_MINUTE, endUs: START + 3 * US_PER_HOUR + 5 * US_PER_MINUTE };
    const cells = timelineOfTimes([], FULL, { startUs: START, endUs: START + 5 * US_PER_HOUR }, US_PER_HOUR, { doubts: [doubt] });
    expect(timelineString(cells)).toBe('..~~.');
  });
});
