/**
 * Builders for analysis tests: findings, per-minute coverage and sources, all in µs. The verdict
 * tests share one window: [2025-09-14T12:00Z, 2025-09-15T12:00Z), judged at AT with --clean 24h.
 */
import type { CoverageBucket, Finding, Kind, SourceRef } from '../../src/model/index.js';
import { parseIsoInstant } from '../../src/time/instant.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';

export const SERVICE = 'netra-backend-staging';
export const at = (iso: string): number => parseIsoInstant(iso);
export const AT = at('2025-09-15T12:00:00Z');
export const CLEAN = 24 * US_PER_HOUR;
export const START = AT - CLEAN;
export const MAX_GAP = 30 * US_PER_MINUTE;

let n = 0;
export function finding(timestampUs: number | null, over: Partial<Finding> = {}): Finding {
  n++;
  return {
    id: `f${String(n).padStart(6, '0')}`,
    kind: 'ssot_warning' as Kind,
    timestamp: timestampUs === null ? null : new Date(Math.floor(timestampUs / 1000)).toISOString(),
    timestampUs,
    service: SERVICE,
    revision: 'rev-1',
    severity: 'WARNING',
    fingerprint: 'fp-ssot',
    message: 'SSOT WARNING: Found other WebSocket Manager classes',
    details: {},
    insertId: `ins${n}`,
    logName: 'projects/p/logs/run.googleapis.com%2Fstderr',
    ...over,
  };
}

/** Per-minute buckets for entries at exactly these instants (what the store would keep). */
export function bucketsAt(times: readonly number[]): CoverageBucket[] {
  const byMinute = new Map<number, CoverageBucket>();
  for (const t of times) {
    const minute = Math.floor(t / US_PER_MINUTE);
    const b = byMinute.get(minute);
    if (!b) byMinute.set(minute, { minute, entries: 1, firstUs: t, lastUs: t });
    else {
      b.entries++;
      b.firstUs = Math.min(b.firstUs, t);
      b.lastUs = Math.max(b.lastUs, t);
    }
  }
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

/** Entry instants from `fromUs` (included) every `stepUs` while < `toUs`. */
export function every(fromUs: number, toUs: number, stepUs: number): number[] {
  const out: number[] = [];
  for (let t = fromUs; t < toUs; t += stepUs) out.push(t);
  return out;
}

/** One entry per minute on the minute, over [fromUs, toUs). */
export function minutely(fromUs: number, toUs: number): CoverageBucket[] {
  return bucketsAt(every(fromUs, toUs, US_PER_MINUTE));
}

export function source(over: Partial<SourceRef> = {}): SourceRef {
  return {
    runId: 1,
    kind: 'file',
    name: 'staging-export.json',
    format: 'gcloud-array',
    contentHash: 'abc123',
    entries: 1440,
    badRecords: 0,
    complete: true,
    incompleteReason: null,
    firstUs: START,
    lastUs: AT - US_PER_MINUTE,
    rangeStartUs: START,
    rangeEndUs: AT - US_PER_MINUTE,
    sampled: false,
    ...over,
  };
}

/** A pull that was asked for [startUs, endUs). */
export function pull(startUs: number, endUs: number, over: Partial<SourceRef> = {}): SourceRef {
  return source({
    runId: 2,
    kind: 'pull',
    name: `cloud-logging:netra-staging ${startUs}`,
    format: 'cloud-logging',
    contentHash: null,
    firstUs: startUs,
    lastUs: endUs - 1,
    rangeStartUs: startUs,
    rangeEndUs: endUs,
    ...over,
  });
}

/** A tiny deterministic PRNG for property tests (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
