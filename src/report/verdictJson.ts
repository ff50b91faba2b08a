import type { VerdictResult } from '../analysis/index.js';
import type { Gap, SourceRef } from '../model/index.js';
import { formatUs } from '../model/index.js';
import { formatDuration } from '../time/duration.js';
import { formatInZone } from '../time/zone.js';
import type { VerifyOutcome } from '../pipeline/verify.js';
import { findingToJson, gapToJson } from './findingJson.js';

function sourceRefToJson(s: SourceRef): Record<string, unknown> {
  return {
    name: s.name,
    kind: s.kind,
    format: s.format,
    entries: s.entries,
    badRecords: s.badRecords,
    complete: s.complete,
    incompleteReason: s.incompleteReason,
    contentHash: s.contentHash,
    firstTimestamp: s.firstUs === null ? null : formatUs(s.firstUs),
    lastTimestamp: s.lastUs === null ? null : formatUs(s.lastUs),
    sampled: s.sampled,
    runId: s.runId,
  };
}

/**
 * One verdict as the documented JSON contract (DESIGN.md): verdict, window, service, kinds,
 * findings, coverage {entries, gaps}, sources, reasons (sentences) — plus what explains them.
 */
export function verdictToJson(o: VerifyOutcome, zone: string | null): Record<string, unknown> {
  const r: VerdictResult = o.result;
  return {
    ...(o.spec.name !== null ? { name: o.spec.name } : {}),
    verdict: r.verdict,
    window: {
      start: formatUs(r.startUs),
      end: formatUs(r.endUs),
      durationSeconds: (r.endUs - r.startUs) / 1e6,
      ...(zone ? { timeZone: zone, startLocal: formatInZone(r.startUs, zone), endLocal: formatInZone(r.endUs, zone) } : {}),
    },
    service: r.service,
    kinds: r.kinds,
    clean: formatDuration(r.cleanUs),
    maxGap: r.maxGapUs === null ? null : formatDuration(r.maxGapUs),
    sinceRevision: r.sinceRevision,
    findings: r.findings.map(findingToJson),
    untimedFindings: r.untimedFindings.map(findingToJson),
    coverage: {
      entries: r.entries,
      gaps: r.gaps.map(gapToJson),
      largestGap: r.largestGap ? gapToJson(r.largestGap) : null,
    },
    sources: r.sources.map(sourceRefToJson),
    reasons: r.reasons.map((x) => x.message),
    reasonCodes: r.reasons.map((x) => x.code),
    notes: o.notes,
    ...(o.pull ? { pull: o.pull } : {}),
  };
}
