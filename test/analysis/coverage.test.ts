import { describe, expect, it } from 'vitest';
import { coverageGaps, gapsLongerThan, largestGap, windowCoverage } from '../../src/analysis/coverage.js';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../src/time/units.js';
import { AT, bucketsAt, every, START } from './fixtures.js';

const W = { startUs: START, endUs: AT };

describe('coverageGaps', () => {
  it('no entry at all: one gap "all" over the window', () => {
    expect(coverageGaps([], W)).toEqual([{ startUs: START, endUs: AT, position: 'all' }]);
  });

  it('measures start, middle and end gaps exactly from entry times', () => {
    const a = START + 10 * US_PER_MINUTE + 7;
    const b = START + 2 * US_PER_HOUR + 13 * US_PER_SECOND;
    const c = AT - 5 * US_PER_MINUTE - 3;
    const gaps = coverageGaps(bucketsAt([a, b, c]), W);
    expect(gaps).toEqual([
      { startUs: START, endUs: a, position: 'start' },
      { startUs: a, endUs: b, position: 'middle' },
      { startUs: b, endUs: c, position: 'middle' },
      { startUs: c, endUs: AT, position: 'end' },
    ]);
  });

  it('an entry exactly at the window start leaves no start gap; the window end is exclusive', () => {
    const gaps = coverageGaps(bucketsAt([START, AT]), W);
    expect(gaps).toEqual([{ startUs: START, endUs: AT, position: 'end' }]);
  });

  it('uses each minute\'s first and last entry, so a silence spanning minutes is exact', () => {
    // Minute m: entries at :05 and :55. Next entry 40 min later at :35 → gap from :55 to :35.
    const m0 = START + US_PER_HOUR;
    const times = [m0 + 5 * US_PER_SECOND, m0 + 55 * US_PER_SECOND, m0 + 40 * US_PER_MINUTE + 35 * US_PER_SECOND];
    const gaps = coverageGaps(bucketsAt(times), { startUs: m0, endUs: m0 + US_PER_HOUR });
    expect(gaps).toContainEqual({ startUs: times[1], endUs: times[2], position: 'middle' });
  });

  it('the threshold filters strictly: longer than, not equal', () => {
    const t = START + US_PER_HOUR;
    const buckets = bucketsAt([START, t, t + 30 * US_PER_MINUTE, t + 60 * US_PER_MINUTE + 1, AT - 1]);
    const over = coverageGaps(buckets, W, 30 * US_PER_MINUTE);
    expect(over.map((g) => g.endUs - g.startUs)).toEqual([US_PER_HOUR, 30 * US_PER_MINUTE + 1, AT - 1 - (t + 60 * US_PER_MINUTE + 1)]);
  });

  it('ignores entries outside the window', () => {
    const gaps = coverageGaps(bucketsAt([START - 1, AT, AT + US_PER_HOUR]), W);
    expect(gaps).toEqual([{ startUs: START, endUs: AT, position: 'all' }]);
  });
});

describe('windowCoverage', () => {
  it('counts whole minutes exactly and cut minutes by their known entries only', () => {
    const w = { startUs: START + 30 * US_PER_SECOND, endUs: START + 2 * US_PER_MINUTE + 30 * US_PER_SECOND };
    const times = every(START, START + 3 * US_PER_MINUTE, 10 * US_PER_SECOND); // 6 per minute
    const cov = windowCoverage(bucketsAt(times), w);
    // minute 0 cut (its last entry :50 inside), minute 1 whole (6), minute 2 cut (its first :00 inside)
    expect(cov.entries).toBe(1 + 6 + 1);
    expect(cov.firstEntryUs).toBe(START + 50 * US_PER_SECOND);
    expect(cov.lastEntryUs).toBe(START + 2 * US_PER_MINUTE);
    // The gap from the window start to the first *known* entry is a conservative 20s.
    expect(cov.gaps[0]).toEqual({ startUs: w.startUs, endUs: START + 50 * US_PER_SECOND, position: 'start' });
  });

  it('a window inside one minute whose first and last entries both lie outside sees no entry', () => {
    const cov = windowCoverage(bucketsAt([START, START + 59 * US_PER_SECOND, START + 30 * US_PER_SECOND]), {
      startUs: START + 10 * US_PER_SECOND,
      endUs: START + 50 * US_PER_SECOND,
    });
    expect(cov.entries).toBe(0);
    expect(cov.gaps[0]?.position).toBe('all');
  });

  it('reports the largest gap, earliest among equals', () => {
    const cov = windowCoverage(bucketsAt([START, START + US_PER_HOUR, START + 2 * US_PER_HOUR, AT - 1]), W);
    expect(cov.largestGap).toEqual({ startUs: START + 2 * US_PER_HOUR, endUs: AT - 1, position: 'middle' });
    expect(largestGap([])).toBeNull();
  });
});

describe('gapsLongerThan', () => {
  it('null (max-gap none) selects none', () => {
    expect(gapsLongerThan([{ startUs: 0, endUs: 10 * US_PER_HOUR, position: 'middle' }], null)).toEqual([]);
  });
});
