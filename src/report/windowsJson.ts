import { timelineString } from '../analysis/timeline.js';
import { formatUs, type Gap, type Interval } from '../model/index.js';
import type { ListedWindow, WindowsOutcome } from '../pipeline/windows.js';
import { formatDuration } from '../time/duration.js';
import { formatInZone } from '../time/zone.js';
import { findingToJson, gapToJson } from './findingJson.js';

function seconds(us: number): number {
  return us / 1e6;
}

function interval(i: Interval, zone: string | null): Record<string, unknown> {
  return {
    start: formatUs(i.startUs),
    end: formatUs(i.endUs),
    durationSeconds: seconds(i.endUs - i.startUs),
    ...(zone ? { startLocal: formatInZone(i.startUs, zone), endLocal: formatInZone(i.endUs, zone) } : {}),
  };
}

function maybeTime(us: number | null): string | null {
  return us === null ? null : formatUs(us);
}

function windowToJson(w: ListedWindow, zone: string | null): Record<string, unknown> {
  return {
    ...interval(w, zone),
    entries: w.entries,
    firstEntry: maybeTime(w.firstEntryUs),
    lastEntry: maybeTime(w.lastEntryUs),
    largestGap: w.largestGap ? gapToJson(w.largestGap) : null,
    gaps: w.gaps.map(gapToJson),
    proven: w.proven,
    provenStretches: w.provenStretches.map((s) => interval(s, zone)),
    previousFinding: w.previousFinding ? findingToJson(w.previousFinding) : null,
    nextFinding: w.nextFinding ? findingToJson(w.nextFinding) : null,
  };
}

/** `windows --format json`: one document; times are UTC with µs (and local with --tz). */
export function windowsToJson(o: WindowsOutcome, zone: string | null): Record<string, unknown> {
  const s = o.currentStreak;
  const l = o.longestWindow;
  return {
    service: o.service,
    kinds: o.kinds,
    maxGap: o.maxGapUs === null ? null : formatDuration(o.maxGapUs),
    min: formatDuration(o.minUs),
    bucket: formatDuration(o.bucketUs),
    range: { ...interval(o.range, zone), origin: o.rangeOrigin, ...(zone ? { timeZone: zone } : {}) },
    history: o.history ? { firstEntry: formatUs(o.history.firstUs), lastEntry: formatUs(o.history.lastUs) } : null,
    coverage: { entries: o.entries, gaps: o.gaps.map(gapToJson), largestGap: o.largestGap ? gapToJson(o.largestGap) : null },
    findings: o.findings,
    untimedFindings: o.untimedFindings,
    currentStreak: {
      ...interval(s, zone),
      atLeast: s.atLeast,
      proven: s.proven,
      provenSince: maybeTime(s.provenSinceUs),
      entries: s.entries,
      lastEntry: maybeTime(s.lastEntryUs),
      largestGap: s.largestGap ? gapToJson(s.largestGap) : null,
      previousFinding: s.previousFinding ? findingToJson(s.previousFinding) : null,
    },
    longestWindow: l ? { ...interval(l, zone), wholeWindow: l.wholeWindow, window: interval({ startUs: l.windowStartUs, endUs: l.windowEndUs }, zone) } : null,
    listing: { listed: o.windows.length, ...o.listing },
    windows: o.windows.map((w) => windowToJson(w, zone)),
    timeline: {
      bucketSeconds: seconds(o.bucketUs),
      strip: timelineString(o.timeline),
      cells: o.timeline.map((c) => ({ start: formatUs(c.startUs), end: formatUs(c.endUs), state: c.state, findings: c.findings, entries: c.entries })),
    },
    doubts: o.doubts.map((d) => ({ source: d.source.name, code: d.code, unproven: d.uncovered.map((x) => interval(x, null)) })),
  };
}
