import { isoUs, US_PER_MIN } from './clock.js';
import { KIND_NAMES, type Kind, type WorldEntry } from './model.js';
import type { Expectation } from './verdict.js';

/**
 * Ground truth of a generated file, computed from the tags the generator attached while
 * generating (never typed by hand), so tests can compare the tool's output with it.
 */

export interface FindingFact {
  kind: Kind;
  /** F1a/F2/F3/F4, A1..A4, or received/sent/legacy/backend. */
  variant: string;
  /** null only for a plain-text line that states no time. */
  timestamp: string | null;
  revision: string;
  instance: string;
  insertId: string | null;
  /** 1-based line, plain-text files only. */
  line?: number;
}

export interface FileTruth {
  file: string;
  format: 'gcloud-array' | 'jsonl' | 'wrapper-by-severity' | 'text';
  description: string;
  entries: number;
  entriesByService: Record<string, number>;
  entriesByRevision: Record<string, number>;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  /** Per service: stretches longer than 30 minutes without any entry of that service. */
  gapsOver30m: { service: string; start: string; end: string; minutes: number }[];
  findings: {
    total: number;
    byKind: Record<Kind, number>;
    byKindAndRevision: Record<Kind, Record<string, number>>;
    ssotByFamily: Record<string, number>;
    authByRule: Record<string, number>;
    ws1011ByDirection: Record<string, number>;
    list: FindingFact[];
  };
  /** LOG-FORMATS.md §4.3–4.5: auth-related, informational, not counted. */
  relatedNotCounted: Record<string, number>;
  /** §5 decoys planted on purpose (label → entries). */
  decoys: Record<string, number>;
  /** What a naive grep of each entry's text in this file counts (entries, not occurrences). */
  naive: { containing403: number; containing1011: number; containingSSOT: number };
  notes: string[];
  expectedVerdicts?: Expectation[];
}

const NO_REVISION = '(none)';

function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function variantOf(w: WorldEntry): string {
  const f = w.finding!;
  return f.kind === 'ssot_warning' ? f.family : f.kind === 'auth_403' ? f.rule : f.direction;
}

export function computeTruth(
  meta: { file: string; format: FileTruth['format']; description: string; notes?: string[] },
  entries: readonly WorldEntry[],
  entryText: (w: WorldEntry) => string,
  /**
   * `plainText`: the file carries no service, revision or insertId, and only the times its lines
   * state; the truth then reports what the file itself says (revision `(none)`, line numbers).
   */
  opts: { plainText?: boolean; lineOf?: (w: WorldEntry) => number; timestampOf?: (w: WorldEntry) => string | null } = {},
): FileTruth {
  const sorted = [...entries].sort((a, b) => a.tsUs - b.tsUs);
  const stamp = opts.timestampOf ?? ((w: WorldEntry) => isoUs(w.tsUs));
  const stamps = sorted.map(stamp).filter((s): s is string => s !== null);
  const withFinding = sorted.filter((w) => w.finding);
  const byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<Kind, number>;
  const byKindAndRevision = Object.fromEntries(KIND_NAMES.map((k) => [k, {}])) as Record<Kind, Record<string, number>>;
  for (const w of withFinding) {
    const k = w.finding!.kind;
    byKind[k]++;
    const rev = (!opts.plainText && w.revision) || NO_REVISION;
    byKindAndRevision[k][rev] = (byKindAndRevision[k][rev] ?? 0) + 1;
  }
  const gaps: FileTruth['gapsOver30m'] = [];
  if (!opts.plainText) {
    const services = [...new Set(sorted.map((w) => w.service))].sort();
    for (const svc of services) {
      const ts = sorted.filter((w) => w.service === svc).map((w) => w.tsUs);
      for (let i = 1; i < ts.length; i++) {
        if (ts[i]! - ts[i - 1]! > 30 * US_PER_MIN) {
          gaps.push({
            service: svc,
            start: isoUs(ts[i - 1]!),
            end: isoUs(ts[i]!),
            minutes: Math.round(((ts[i]! - ts[i - 1]!) / US_PER_MIN) * 10) / 10,
          });
        }
      }
    }
  }
  const texts = sorted.map(entryText);
  return {
    file: meta.file,
    format: meta.format,
    description: meta.description,
    entries: sorted.length,
    entriesByService: opts.plainText ? {} : countBy(sorted, (w) => w.service),
    entriesByRevision: opts.plainText ? {} : countBy(sorted, (w) => w.revision || NO_REVISION),
    firstTimestamp: stamps[0] ?? null,
    lastTimestamp: stamps[stamps.length - 1] ?? null,
    gapsOver30m: gaps,
    findings: {
      total: withFinding.length,
      byKind,
      byKindAndRevision,
      ssotByFamily: countBy(withFinding.filter((w) => w.finding!.kind === 'ssot_warning'), variantOf),
      authByRule: countBy(withFinding.filter((w) => w.finding!.kind === 'auth_403'), variantOf),
      ws1011ByDirection: countBy(withFinding.filter((w) => w.finding!.kind === 'ws_1011'), variantOf),
      list: withFinding.map((w) => {
        const fact: FindingFact = {
          kind: w.finding!.kind,
          variant: variantOf(w),
          timestamp: stamp(w),
          revision: opts.plainText ? '' : w.revision,
          instance: w.instance,
          insertId: opts.lineOf ? null : w.entry.insertId,
        };
        if (opts.lineOf) fact.line = opts.lineOf(w);
        return fact;
      }),
    },
    relatedNotCounted: countBy(sorted.filter((w) => w.related), (w) => w.related!),
    decoys: countBy(sorted.filter((w) => w.decoy), (w) => w.decoy!),
    naive: {
      containing403: texts.filter((t) => t.includes('403')).length,
      containing1011: texts.filter((t) => t.includes('1011')).length,
      containingSSOT: texts.filter((t) => t.includes('SSOT')).length,
    },
    notes: meta.notes ?? [],
  };
}
