import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatUs, parseTimestampUs } from '../../src/model/index.js';
import type { HistoryStore } from '../../src/store/historyStore.js';
import { openStore } from '../../src/store/openStore.js';
import { gcloudArray } from '../support/entries.js';
import { entry, ingestFiles, range, removeTempDirs, tempDir } from './helpers.js';

const us = (i: number): number => parseTimestampUs(entry(i)['timestamp'] as string)!;
const A = 'netra-backend-staging';
const B = 'netra-auth-service';

let s: HistoryStore;
beforeAll(async () => {
  const dir = tempDir();
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  // 2 hours of service A (one entry a second, a finding every 60 s), 30 min of service B.
  writeFileSync(a, gcloudArray(range(0, 7200).map((i) => entry(i, { findingEvery: 60, revisionSwitch: 3600 })).reverse()));
  writeFileSync(b, gcloudArray(range(0, 1800).map((i) => entry(i, { findingEvery: 100, service: B })).reverse()));
  s = openStore(join(dir, 'h.db'));
  await ingestFiles(s, [a, b]);
});
afterAll(() => {
  s.close();
  removeTempDirs();
});

describe('history queries', () => {
  it('filters findings by kind, service, revision, fingerprint and half-open time, oldest first', () => {
    const all = s.findings();
    expect(all).toHaveLength(120 + 18);
    expect(all.map((f) => f.timestampUs)).toEqual([...all.map((f) => f.timestampUs)].sort((x, y) => x! - y!));
    expect(s.findings({ services: [A] })).toHaveLength(120);
    expect(s.findings({ services: [A], kinds: ['auth_403'] })).toHaveLength(60);
    expect(s.findings({ revisions: [`${A}-00002-def`] })).toHaveLength(60);
    // [us(0), us(60)) holds entry 0 only; entry 60 sits exactly on the end and is out.
    expect(s.findings({ services: [A], fromUs: us(0), toUs: us(60) })).toHaveLength(1);
    expect(s.findings({ services: [A], fromUs: us(60), toUs: us(61) })).toHaveLength(1);
    expect(s.findings({ services: [A], limit: 5 })).toHaveLength(5);
    const fp = all[0]!.fingerprint;
    expect(s.findings({ fingerprints: [fp] }).every((f) => f.fingerprint === fp)).toBe(true);
    expect(s.countFindings({ services: [A, B] })).toBe(138);
    expect(s.findings({ kinds: [] })).toEqual([]);
    expect([...s.iterateFindings({ services: [B] })]).toHaveLength(18);
  });

  it('returns findings exactly as the parsers built them', () => {
    const f = s.findings({ services: [A], limit: 1 })[0]!;
    expect(f.timestamp).toBe(formatUs(f.timestampUs!));
    expect(f.service).toBe(A);
    expect(typeof f.details['fingerprintKey']).toBe('string');
    expect(f.source?.name).toMatch(/a\.json$/);
  });

  it('groups in SQL by fingerprint, revision, hour and kind, with count, first and last', () => {
    const byKind = s.groupFindings({ services: [A] }, 'kind');
    expect(byKind.map((g) => [g.key, g.count])).toEqual([
      ['auth_403', 60],
      ['ssot_warning', 60],
    ]);
    expect(byKind[0]!.firstUs).toBe(us(0));
    expect(byKind[0]!.lastUs).toBe(us(7080));

    const byRevision = s.groupFindings({ services: [A] }, 'revision');
    expect(byRevision.map((g) => [g.key, g.count]).sort()).toEqual([
      [`${A}-00001-abc`, 60],
      [`${A}-00002-def`, 60],
    ]);

    const byHour = s.groupFindings({ services: [A] }, 'hour');
    expect(byHour.map((g) => g.count)).toEqual([60, 60]);
    expect(byHour[0]!.key).toBe('2025-09-15T12:00:00.000000Z');
    expect(byHour[1]!.keyUs).toBe(parseTimestampUs('2025-09-15T13:00:00Z'));

    const byFp = s.groupFindings({}, 'fingerprint');
    expect(byFp.reduce((n, g) => n + g.count, 0)).toBe(138);
    const ssot = byFp.find((g) => g.kinds.includes('ssot_warning'))!;
    expect(ssot.services).toEqual([B, A].sort());
    expect(ssot.fingerprintKey).toContain('pkg.mod.A');
    expect(ssot.example).toContain('SSOT WARNING');
    expect(ssot.firstUs).toBe(us(60)); // the first SSOT warning: entry 60 of service A
  });

  it('answers services, revisions and coverage', () => {
    expect(s.services()).toEqual([B, A].sort());
    expect(s.revisions(A).map((r) => r.revision)).toEqual([`${A}-00001-abc`, `${A}-00002-def`]);
    expect(s.coverage(A, us(0), us(7199) + 1)).toHaveLength(120);
    expect(s.coverage(B, us(0), us(7199) + 1)).toHaveLength(30);
    expect(s.coverage(A, us(100), us(100))).toEqual([]);
    expect(s.sources(B, us(3600), us(7200))).toEqual([]); // B's export ends after 30 minutes
  });

  it('treats filter values as data, never as SQL', () => {
    const evil = ["x' OR 1=1 --", "'; DROP TABLE findings; --", '" OR ""="', '%', '*'];
    for (const v of evil) {
      expect(s.findings({ services: [v] })).toEqual([]);
      expect(s.findings({ revisions: [v], kinds: ['auth_403'] })).toEqual([]);
      expect(s.findings({ fingerprints: [v] })).toEqual([]);
      expect(s.countFindings({ services: [v] })).toBe(0);
      expect(s.groupFindings({ services: [v] }, 'fingerprint')).toEqual([]);
      expect(s.coverage(v, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(s.sources(v, 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(s.revisions(v)).toEqual([]);
      expect(s.latestRevision(v)).toBeNull();
    }
    expect(s.countFindings()).toBe(138); // still all there
    expect(() => s.findings({ fromUs: '1 OR 1=1' as unknown as number })).toThrow(RangeError);
  });
});
