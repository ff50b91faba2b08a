import { describe, expect, it } from 'vitest';
import { groupFindingsBy, hourStartUs } from '../../src/analysis/groupBy.js';
import { groupByFingerprint } from '../../src/analysis/groupFindings.js';
import { latestRevision } from '../../src/analysis/revisions.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { at, finding, SERVICE, START } from './fixtures.js';

const fs = [
  finding(START + 2 * US_PER_HOUR + 5 * US_PER_MINUTE, { revision: 'rev-2', fingerprint: 'a' }),
  finding(START + 10 * US_PER_MINUTE, { revision: 'rev-1', fingerprint: 'b', kind: 'ws_1011' }),
  finding(START + 2 * US_PER_HOUR + 50 * US_PER_MINUTE, { revision: 'rev-2', fingerprint: 'a' }),
  finding(null, { revision: null, fingerprint: 'a' }),
];

describe('groupFindingsBy', () => {
  it('hour: chronological, keyed by the hour start in UTC (as the store writes it), untimed last', () => {
    const g = groupFindingsBy(fs, 'hour');
    expect(g.map((x) => [x.key, x.keyUs, x.count])).toEqual([
      ['2025-09-14T12:00:00.000000Z', START, 1],
      ['2025-09-14T14:00:00.000000Z', START + 2 * US_PER_HOUR, 2],
      [null, null, 1],
    ]);
    expect(g[1]).toMatchObject({ firstUs: START + 2 * US_PER_HOUR + 5 * US_PER_MINUTE, lastUs: START + 2 * US_PER_HOUR + 50 * US_PER_MINUTE });
  });

  it('revision: most findings first, then first seen (no time last)', () => {
    expect(groupFindingsBy(fs, 'revision').map((x) => [x.key, x.count])).toEqual([
      ['rev-2', 2],
      ['rev-1', 1],
      [null, 1],
    ]);
  });

  it('carries the earliest finding\'s message and fingerprint key, and the distinct fingerprints', () => {
    const g = groupFindingsBy(
      [
        finding(START + 50, { message: 'later', details: { fingerprintKey: 'K2' }, fingerprint: 'x' }),
        finding(START + 10, { message: 'earliest', details: { fingerprintKey: 'K1' }, fingerprint: 'y' }),
      ],
      'kind',
    );
    expect(g[0]).toMatchObject({ example: 'earliest', fingerprintKey: 'K1', fingerprints: 2, firstUs: START + 10, lastUs: START + 50 });
  });

  it('kind and fingerprint count and list kinds', () => {
    expect(groupFindingsBy(fs, 'kind').map((x) => [x.key, x.count])).toEqual([
      ['ssot_warning', 3],
      ['ws_1011', 1],
    ]);
    const byFp = groupFindingsBy(fs, 'fingerprint');
    expect(byFp.map((x) => [x.key, x.count, x.kinds])).toEqual([
      ['a', 3, ['ssot_warning']],
      ['b', 1, ['ws_1011']],
    ]);
  });

  it('agrees with groupByFingerprint on counts and first/last seen', () => {
    const a = groupFindingsBy(fs, 'fingerprint');
    const b = groupByFingerprint(fs);
    expect(a.map((x) => [x.key, x.count])).toEqual(b.map((x) => [x.fingerprint, x.count]));
  });

  it('hourStartUs floors to the hour', () => {
    expect(hourStartUs(at('2025-09-15T14:59:59.999999+02:00'))).toBe(at('2025-09-15T12:00:00Z'));
  });
});

describe('latestRevision', () => {
  const revs = [
    { service: SERVICE, revision: 'r1', firstUs: 100, lastUs: 500 },
    { service: SERVICE, revision: 'r2', firstUs: 300, lastUs: 900 },
    { service: SERVICE, revision: 'r3', firstUs: 1000, lastUs: 1100 },
    { service: 'other', revision: 'x9', firstUs: 950, lastUs: 990 },
  ];
  it('is the revision of the service first seen most recently before --at', () => {
    expect(latestRevision(revs, SERVICE, 999)?.revision).toBe('r2');
    expect(latestRevision(revs, SERVICE, 1001)?.revision).toBe('r3');
    expect(latestRevision(revs, SERVICE, 1000)?.revision).toBe('r2');
    expect(latestRevision(revs, SERVICE, 50)).toBeNull();
    expect(latestRevision(revs, 'nope', 5000)).toBeNull();
  });
});
