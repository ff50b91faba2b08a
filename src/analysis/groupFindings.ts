import type { Finding, Kind } from '../model/index.js';

export interface FindingGroup {
  kind: Kind;
  fingerprint: string;
  /** The readable key the fingerprint hashes (e.g. `GET /ws request_log`). */
  key: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
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
  const groups = new Map<string, FindingGroup & { firstUs: number; lastUs: number }>();
  for (const f of findings) {
    let g = groups.get(f.fingerprint);
    if (!g) {
      g = {
        kind: f.kind,
        fingerprint: f.fingerprint,
        key: keyOf(f),
        count: 0,
        firstSeen: null,
        lastSeen: null,
        services: [],
        revisions: [],
        example: f.message,
        firstUs: Number.POSITIVE_INFINITY,
        lastUs: Number.NEGATIVE_INFINITY,
      };
      groups.set(f.fingerprint, g);
    }
    g.count++;
    if (f.timestampUs !== null) {
      if (f.timestampUs < g.firstUs) {
        g.firstUs = f.timestampUs;
        g.firstSeen = f.timestamp;
        g.example = f.message;
      }
      if (f.timestampUs > g.lastUs) {
        g.lastUs = f.timestampUs;
        g.lastSeen = f.timestamp;
      }
    }
    if (f.service && !g.services.includes(f.service)) g.services.push(f.service);
    if (f.revision && !g.revisions.includes(f.revision)) g.revisions.push(f.revision);
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || a.firstUs - b.firstUs || a.fingerprint.localeCompare(b.fingerprint))
    .map(({ firstUs: _f, lastUs: _l, ...g }) => ({ ...g, services: g.services.sort(), revisions: g.revisions.sort() }));
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
