import type { Finding, Gap, ReadReport } from '../model/index.js';
import { formatUs } from '../model/index.js';

/** The public shape of a finding (DESIGN.md contract): internal fields such as timestampUs stay out. */
export function findingToJson(f: Finding): Record<string, unknown> {
  return {
    id: f.id,
    kind: f.kind,
    timestamp: f.timestamp,
    service: f.service,
    revision: f.revision,
    instance: f.instance ?? null,
    severity: f.severity,
    fingerprint: f.fingerprint,
    insertId: f.insertId,
    logName: f.logName,
    message: f.message,
    details: f.details,
    ...(f.source ? { source: f.source } : {}),
  };
}

export function sourceToJson(r: ReadReport): Record<string, unknown> {
  return {
    name: r.name,
    format: r.format,
    gzip: r.gzip,
    entries: r.entries,
    bytes: r.bytes,
    badRecords: r.badRecords,
    badRecordSamples: r.badRecordSamples,
    complete: r.complete,
    incompleteReason: r.incompleteReason ?? null,
    contentHash: r.contentHash,
    firstTimestamp: r.firstTimestamp,
    lastTimestamp: r.lastTimestamp,
    untimedEntries: r.untimedEntries,
    notes: r.notes,
  };
}

/** A gap in JSON output (verify, windows): UTC ends, length in seconds, where it lies. */
export function gapToJson(g: Gap): Record<string, unknown> {
  return { start: formatUs(g.startUs), end: formatUs(g.endUs), durationSeconds: (g.endUs - g.startUs) / 1e6, position: g.position };
}
