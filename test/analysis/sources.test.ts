import { describe, expect, it } from 'vitest';
import { assessSources, badRecordsOverTolerance, doubtfulSpans, sourceSpan } from '../../src/analysis/sources.js';
import { US_PER_HOUR } from '../../src/time/units.js';
import { AT, pull, source, START } from './fixtures.js';

const W = { startUs: START, endUs: AT };

describe('sourceSpan', () => {
  it('a pull speaks for its half-open requested range; a file for first..last entry inclusive', () => {
    expect(sourceSpan(pull(10, 20))).toEqual({ startUs: 10, endUs: 20 });
    expect(sourceSpan(source({ rangeStartUs: 10, rangeEndUs: 20 }))).toEqual({ startUs: 10, endUs: 21 });
  });
  it('falls back to first/last entry, and to unbounded when nothing is known', () => {
    expect(sourceSpan(source({ rangeStartUs: null, rangeEndUs: null, firstUs: 5, lastUs: 6 }))).toEqual({ startUs: 5, endUs: 7 });
    expect(sourceSpan(source({ rangeStartUs: null, rangeEndUs: null, firstUs: null, lastUs: null }))).toEqual({
      startUs: Number.NEGATIVE_INFINITY,
      endUs: Number.POSITIVE_INFINITY,
    });
  });
});

describe('badRecordsOverTolerance', () => {
  it('is strictly above tolerance × entries', () => {
    expect(badRecordsOverTolerance(source({ entries: 2000, badRecords: 2 }))).toBe(false);
    expect(badRecordsOverTolerance(source({ entries: 2000, badRecords: 3 }))).toBe(true);
    expect(badRecordsOverTolerance(source({ entries: 2000, badRecords: 1 }), { strict: true })).toBe(true);
    expect(badRecordsOverTolerance(source({ entries: 2000, badRecords: 0 }), { strict: true })).toBe(false);
  });
});

describe('assessSources', () => {
  it('lists what of an incomplete source no sound source covers', () => {
    const broken = pull(START, AT, { complete: false, name: 'broken' });
    const part = pull(START, START + 6 * US_PER_HOUR, { name: 'part' });
    const a = assessSources([broken, part], W);
    expect(a.doubts).toHaveLength(1);
    expect(a.doubts[0]?.uncovered).toEqual([{ startUs: START + 6 * US_PER_HOUR, endUs: AT }]);
    expect(doubtfulSpans(a)).toEqual([{ startUs: START + 6 * US_PER_HOUR, endUs: AT }]);
    expect(a.superseded).toEqual([]);
  });

  it('a complete source with too many bad records cannot vouch for another', () => {
    const broken = pull(START, AT, { complete: false, name: 'broken' });
    const lossy = pull(START, AT, { name: 'lossy', badRecords: 500 });
    const a = assessSources([broken, lossy], W);
    expect(a.doubts.map((d) => [d.source.name, d.code])).toEqual([
      ['broken', 'incomplete_source'],
      ['lossy', 'bad_records'],
    ]);
  });

  it('a complete source with an unknown range vouches for nothing', () => {
    const broken = pull(START, AT, { complete: false, name: 'broken' });
    const vague = source({ name: 'vague', rangeStartUs: null, rangeEndUs: null, firstUs: null, lastUs: null });
    expect(assessSources([broken, vague], W).doubts).toHaveLength(1);
  });
});
