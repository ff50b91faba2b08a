import type { Finding, Kind } from '../model/index.js';

export interface FindingGroup {
  kind: Kind;
  fingerprint: string;
  /** The readable key the fingerprint hashes (e.g. `GET /ws request_log`). */
  key: string;
  count: number;
  /** First and last finding time (µs), null when none of the group's findings has a time. */
  firstUs: number | null;
  lastUs: number | null;
  services: string[];
  revisions: string[];
  /** One message of the group (the first), already redacted. */
  example: string;
}

function keyOf(f: Finding): string {
  const k = f.details['fingerprintKey'];
  return typeof k === 'string' ? k : f.fingerprint;
}

/** Findings grouped by fingerprint, most frequent first (ties: earliest first). */
export function groupByFingerprint(findings: readonly Finding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    let g = groups.get(f.fingerprint);
    if (!g) {
      g = {
        kind: f.kind,
        fingerprint: f.fingerprint,
        key: keyOf(f),
        count: 0,
        firstUs: null,
        lastUs: null,
        services: [],
        revisions: [],
        example: f.message,
      };
      groups.set(f.fingerprint, g);
    }
    g.count++;
    const t = f.timestampUs;
    if (t !== null) {
      if (g.firstUs === null || t < g.firstUs) {
        g.firstUs = t;
        g.example = f.message;
      }
      if (g.lastUs === null || t > g.lastUs) g.lastUs = t;
    }
    if (f.service && !g.services.includes(f.service)) g.services.push(f.service);
    if (f.revision && !g.revisions.includes(f.revision)) g.revisions.push(f.revision);
  }
  const firstOf = (g: FindingGroup): number => g.firstUs ?? Number.POSITIVE_INFINITY;
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || firstOf(a) - firstOf(b) || a.fingerprint.localeCompare(b.fingerprint))
    .map((g) => ({ ...g, services: g.services.sort(), revisions: g.revisions.sort() }));
}

/** Counts per service and kind; services sorted, `null` (no service) last. */
export function countByServiceAndKind(findings: readonly Finding[]): Map<string | null, Map<Kind, number>> {
  const out = new Map<string | null, Map<Kind, number>>();
  for (const f of findings) {
    let m = out.get(f.service);
    if (!m) {
      m = new Map();
      out.set(f.service, m);
    }
    m.set(f.kind, (m.get(f.kind) ?? 0) + 1);
  }
  return new Map(
    [...out.entries()].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b))),
  );
}
