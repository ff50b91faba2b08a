import { formatUs, type Finding, type Kind } from '../model/index.js';
import type { FindingGroupRow, GroupBy } from '../store/types.js';
import { US_PER_HOUR } from '../time/units.js';

export type { FindingGroupRow, GroupBy };
export const GROUP_BY: readonly GroupBy[] = ['fingerprint', 'revision', 'hour', 'kind'];

/**
 * `findings --group-by` in memory, for findings that never went through the store (verify/scan
 * on INPUTs). The store computes the same rows in SQL (FindingsRepo.group); this mirrors it —
 * same keys, same order, same example — and test/analysis/groupByStore.test.ts holds the two
 * to each other:
 * - hour: the hour's start, key `formatUs(start)` (`2025-09-15T14:00:00.000000Z`) and keyUs;
 * - order: hour chronologically (no time last); otherwise count desc, then first seen (no time
 *   last), then key (null first, as SQLite sorts NULL);
 * - example / fingerprintKey: from the group's earliest finding.
 */
export function hourStartUs(us: number): number {
  // Math.floor, where SQLite truncates: the two differ only before 1970.
  return Math.floor(us / US_PER_HOUR) * US_PER_HOUR;
}

function keyOf(f: Finding, by: GroupBy): string | null {
  switch (by) {
    case 'fingerprint':
      return f.fingerprint;
    case 'revision':
      return f.revision;
    case 'kind':
      return f.kind;
    case 'hour':
      return f.timestampUs === null ? null : formatUs(hourStartUs(f.timestampUs));
  }
}

interface Acc {
  row: FindingGroupRow;
  kinds: Set<Kind>;
  services: Set<string>;
  revisions: Set<string>;
  fingerprints: Set<string>;
  exampleUs: number;
}

function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1; // binary order, like SQLite's default collation
}

export function groupFindingsBy(findings: readonly Finding[], by: GroupBy): FindingGroupRow[] {
  const groups = new Map<string | null, Acc>();
  for (const f of findings) {
    const key = keyOf(f, by);
    let g = groups.get(key);
    if (!g) {
      g = {
        row: {
          key,
          keyUs: by === 'hour' && f.timestampUs !== null ? hourStartUs(f.timestampUs) : null,
          count: 0,
          firstUs: null,
          lastUs: null,
          kinds: [],
          services: [],
          revisions: [],
          fingerprints: 0,
          example: f.message,
          fingerprintKey: fingerprintKeyOf(f),
        },
        kinds: new Set(),
        services: new Set(),
        revisions: new Set(),
        fingerprints: new Set(),
        exampleUs: f.timestampUs ?? Number.MAX_SAFE_INTEGER,
      };
      groups.set(key, g);
    }
    const r = g.row;
    r.count++;
    const t = f.timestampUs;
    if (t !== null) {
      if (r.firstUs === null || t < r.firstUs) r.firstUs = t;
      if (r.lastUs === null || t > r.lastUs) r.lastUs = t;
      if (t < g.exampleUs) {
        g.exampleUs = t;
        r.example = f.message;
        r.fingerprintKey = fingerprintKeyOf(f);
      }
    }
    g.kinds.add(f.kind);
    if (f.service !== null) g.services.add(f.service);
    if (f.revision !== null) g.revisions.add(f.revision);
    g.fingerprints.add(f.fingerprint);
  }
  const rows = [...groups.values()].map((g) => ({
    ...g.row,
    kinds: [...g.kinds].sort(),
    services: [...g.services].sort(),
    revisions: [...g.revisions].sort(),
    fingerprints: g.fingerprints.size,
  }));
  if (by === 'hour') {
    return rows.sort((a, b) => (a.keyUs === null ? 1 : 0) - (b.keyUs === null ? 1 : 0) || (a.keyUs ?? 0) - (b.keyUs ?? 0));
  }
  const first = (r: FindingGroupRow): number => r.firstUs ?? Number.POSITIVE_INFINITY;
  return rows.sort((a, b) => b.count - a.count || cmp(first(a), first(b)) || compareKeys(a.key, b.key));
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fingerprintKeyOf(f: Finding): string | null {
  const k = f.details['fingerprintKey'];
  return typeof k === 'string' ? k : null;
}
