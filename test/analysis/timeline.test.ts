import { describe, expect, it } from 'vitest';
import { TIMELINE_LEGEND_TEXT, timeline, timelineString } from '../../src/analysis/timeline.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { AT, bucketsAt, every, finding, MAX_GAP, minutely, START } from './fixtures.js';

const RANGE = { startUs: START, endUs: AT };

describe('timeline', () => {
  it('one cell per hour; findings, gaps and partial hours visible at a glance', () => {
    // Entries every minute except 05:20-08:20 (a 3h hole starting and ending mid-hour); a finding at 02:10.
    const coverage = bucketsAt([
      ...every(START, START + 5 * US_PER_HOUR + 20 * US_PER_MINUTE + 1, US_PER_MINUTE),
      ...every(START + 8 * US_PER_HOUR + 20 * US_PER_MINUTE, AT, US_PER_MINUTE),
    ]);
    const cells = timeline([finding(START + 2 * US_PER_HOUR + 10 * US_PER_MINUTE)], coverage, RANGE);
    expect(cells).toHaveLength(24);
    expect(cells[0]).toMatchObject({ startUs: START, endUs: START + US_PER_HOUR, state: 'clean', entries: 60 });
    expect(cells[2]).toMatchObject({ state: 'finding', findings: 1, kinds: ['ssot_warning'] });
    expect(cells[5]?.state).toBe('partial'); // entries until 05:20, then the hole
    expect(cells[6]?.state).toBe('nodata');
    expect(cells[7]?.state).toBe('nodata');
    expect(cells[8]?.state).toBe('partial'); // data resumes at 08:20
    expect(timelineString(cells)).toBe('..X..~??~...............');
  });

  it('a short silence within max-gap is clean; with max-gap none an hour without entries is no data', () => {
    const coverage = bucketsAt([...every(START, START + US_PER_HOUR, US_PER_MINUTE), ...every(START + US_PER_HOUR + 20 * US_PER_MINUTE, AT, US_PER_MINUTE)]);
    expect(timeline([], coverage, RANGE).every((c) => c.state === 'clean')).toBe(true);
    const sparse = bucketsAt([START, START + 3 * US_PER_HOUR]);
    const cells = timeline([], sparse, { startUs: START, endUs: START + 4 * US_PER_HOUR }, US_PER_HOUR, { maxGapUs: null });
    expect(timelineString(cells)).toBe('.??.');
  });

  it('aligns cells to whole UTC hours and cuts the first and last to the range', () => {
    const from = START + 30 * US_PER_MINUTE;
    const to = START + 2 * US_PER_HOUR + 15 * US_PER_MINUTE;
    const cells = timeline([], minutely(START, AT), { startUs: from, endUs: to });
    expect(cells.map((c) => [c.startUs - START, c.endUs - START])).toEqual([
      [30 * US_PER_MINUTE, US_PER_HOUR],
      [US_PER_HOUR, 2 * US_PER_HOUR],
      [2 * US_PER_HOUR, 2 * US_PER_HOUR + 15 * US_PER_MINUTE],
    ]);
    const fromRange = timeline([], minutely(START, AT), { startUs: from, endUs: to }, US_PER_HOUR, { align: 'range' });
    expect(fromRange.map((c) => c.startUs - from)).toEqual([0, US_PER_HOUR]);
  });

  it('custom buckets; findings outside the range and untimed ones are skipped', () => {
    const cells = timeline([finding(AT), finding(null), finding(START + 15 * US_PER_MINUTE, { kind: 'auth_403' })], minutely(START, AT), { startUs: START, endUs: START + US_PER_HOUR }, 15 * US_PER_MINUTE, { maxGapUs: MAX_GAP });
    expect(timelineString(cells)).toBe('.X..');
    expect(cells[1]?.kinds).toEqual(['auth_403']);
  });

  it('no data at all is all "?"', () => {
    expect(timelineString(timeline([], [], { startUs: START, endUs: START + 3 * US_PER_HOUR }))).toBe('???');
  });

  it('documents its legend', () => {
    expect(TIMELINE_LEGEND_TEXT).toContain('X finding');
    expect(TIMELINE_LEGEND_TEXT).toContain('? no data');
  });
});
