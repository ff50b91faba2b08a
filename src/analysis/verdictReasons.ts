import type { Finding, Gap, Kind, Reason, SourceRef } from '../model/index.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc, formatWindow } from '../time/format.js';
import { gapLength } from './coverage.js';
import type { Span } from './interval.js';
import type { SourceDoubt, SupersededSource } from './sources.js';
import type { SinceRevision } from './window.js';
import { excerpt, formatCount, listOf, plural } from './words.js';

/**
 * The sentences of a verdict. Each names concrete times (UTC ISO), durations, counts and
 * sources, so a reader can check the claim against the logs without running the tool again.
 */

/** How many gap reasons are spelled out one by one before the rest are summed up. */
export const MAX_GAP_REASONS = 10;
const MAX_GROUP_REASONS = 20;

function reason(code: Reason['code'], message: string): Reason {
  return { code, message };
}

/** "30m", or "30m 1µs" when the short forms of the two durations would read the same. */
function durationAgainst(us: number, limitUs: number): string {
  const short = formatDuration(us);
  return short === formatDuration(limitUs) && us !== limitUs ? formatDuration(us, { exact: true }) : short;
}

interface Group {
  count: number;
  first: Finding;
  last: Finding;
  revisions: Set<string>;
}

/** Findings (already in time order) per fingerprint: most frequent first, then earliest. */
function groupsInTimeOrder(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    let g = groups.get(f.fingerprint);
    if (!g) {
      g = { count: 0, first: f, last: f, revisions: new Set() };
      groups.set(f.fingerprint, g);
    }
    g.count++;
    g.last = f;
    if (f.revision) g.revisions.add(f.revision);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.first.timestampUs as number) - (b.first.timestampUs as number));
}

/** Findings must be timed and in time order (as evaluateVerdict passes them). */
export function findingReasons(findings: readonly Finding[], window: Span): Reason[] {
  const byKind = new Map<Kind, number>();
  for (const f of findings) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const kinds = [...byKind.entries()].map(([k, n]) => `${formatCount(n)} ${k}`);
  const first = findings[0];
  const last = findings[findings.length - 1];
  const when =
    first && last && first.timestampUs !== null && last.timestampUs !== null
      ? first === last
        ? `at ${formatUtc(first.timestampUs)}`
        : `first at ${formatUtc(first.timestampUs)}, last at ${formatUtc(last.timestampUs)}`
      : '';
  const out = [reason('findings', `${plural(findings.length, 'finding', 'findings')} in the window ${formatWindow(window)}: ${listOf(kinds, 3)}; ${when}`)];
  const groups = groupsInTimeOrder(findings);
  for (const g of groups.slice(0, MAX_GROUP_REASONS)) {
    const firstUs = g.first.timestampUs as number;
    const lastUs = g.last.timestampUs as number;
    const seen = firstUs === lastUs ? `at ${formatUtc(firstUs)}` : `from ${formatUtc(firstUs)} to ${formatUtc(lastUs)}`;
    const revs = g.revisions.size ? `, revision ${listOf([...g.revisions].sort(), 3)}` : '';
    out.push(reason('findings', `${g.first.kind} ×${formatCount(g.count)} ${seen}${revs}: "${excerpt(g.first.message)}"`));
  }
  if (groups.length > MAX_GROUP_REASONS) {
    out.push(reason('findings', `… and ${plural(groups.length - MAX_GROUP_REASONS, 'more kind of finding', 'more kinds of finding')} (by fingerprint)`));
  }
  return out;
}

export function gapReason(g: Gap, window: Span, maxGapUs: number, nowUs: number | null): Reason {
  const len = durationAgainst(gapLength(g), maxGapUs);
  const over = `longer than max-gap ${formatDuration(maxGapUs)}`;
  switch (g.position) {
    case 'start':
      return reason(
        'gap',
        `no entries for the first ${len} of the window: from the window start ${formatUtc(g.startUs)} to the first entry at ${formatUtc(g.endUs)} (${over})`,
      );
    case 'middle':
      return reason('gap', `no entries for ${len}, from ${formatUtc(g.startUs)} to ${formatUtc(g.endUs)} (${over})`);
    case 'end': {
      const future =
        nowUs !== null && window.endUs > nowUs
          ? `; the window ends in the future (now is ${formatUtc(nowUs)}), and what has not happened yet has no logs`
          : '';
      return reason(
        'gap',
        `the data stops at ${formatUtc(g.startUs)}, ${len} before the window end ${formatUtc(g.endUs)}: ` +
          `the last ${len} of the window are a gap with no entries (${over})${future}`,
      );
    }
    case 'all':
      return reason('gap', `no entries at all in ${formatWindow(g)}`);
  }
}

export function moreGapsReason(rest: readonly Gap[], maxGapUs: number): Reason {
  const total = rest.reduce((sum, g) => sum + gapLength(g), 0);
  return reason(
    'gap',
    `… and ${plural(rest.length, 'more gap', 'more gaps')} longer than max-gap ${formatDuration(maxGapUs)} ` +
      `(together ${formatDuration(total)} without entries; all are listed under gaps)`,
  );
}

export function noEntriesReason(service: string, window: Span): Reason {
  return reason(
    'no_entries',
    `no entries of service ${service} in the window ${formatWindow(window)}: nothing was observed, and no data is not zero`,
  );
}

export function windowInFutureReason(window: Span, nowUs: number): Reason {
  return reason(
    'window_in_future',
    `the window ends at ${formatUtc(window.endUs)}, ${formatDuration(window.endUs - nowUs)} after now (${formatUtc(nowUs)}): ` +
      `that time cannot have been logged yet, so it is a gap at the end of the window, not clean time`,
  );
}

function describeSource(s: SourceRef): string {
  return `"${s.name}" (${s.kind}, ${s.format})`;
}

function describeSpans(spans: readonly Span[]): string {
  const total = spans.reduce((sum, s) => sum + (s.endUs - s.startUs), 0);
  const parts = spans.map((s) => `${formatUtc(s.startUs)} to ${formatUtc(s.endUs)}`);
  return `${formatDuration(total)} (${listOf(parts, 3)})`;
}

export function doubtReason(d: SourceDoubt, policy: { strict: boolean; tolerance: number }): Reason {
  const s = d.source;
  const notCovered = `no complete source covers ${describeSpans(d.uncovered)} of what it read in this window`;
  if (d.code === 'incomplete_source') {
    const why = s.incompleteReason ? ` (${s.incompleteReason})` : '';
    return reason('incomplete_source', `source ${describeSource(s)} was not read to its end${why}, and ${notCovered}`);
  }
  const rule = policy.strict
    ? '--strict tolerates none'
    : `the tolerance is ${formatRatio(policy.tolerance)} of entries (${formatRatio(s.entries ? s.badRecords / s.entries : 1)} here)`;
  return reason(
    'bad_records',
    `source ${describeSource(s)} has ${plural(s.badRecords, 'bad record', 'bad records')} for ${plural(s.entries, 'entry', 'entries')}; ${rule}; ${notCovered}`,
  );
}

function formatRatio(r: number): string {
  return `${Number((r * 100).toPrecision(3))}%`;
}

export function noSourceReason(service: string, entries: number): Reason {
  return reason(
    'incomplete_source',
    `${plural(entries, 'entry', 'entries')} of service ${service} lie in the window, but no source that read them is known, so the read cannot be shown complete`,
  );
}

export function untimedReason(untimed: readonly Finding[]): Reason {
  const where = untimed.map((f) => (f.source ? `${f.source.name}${f.source.line ? ` line ${f.source.line}` : ` #${f.source.index}`}` : f.id));
  const kinds = [...new Set(untimed.map((f) => f.kind))];
  return reason(
    'untimed_findings',
    `${plural(untimed.length, 'finding', 'findings')} (${kinds.join(', ')}) ${untimed.length === 1 ? 'has' : 'have'} no timestamp and may lie inside the window: ${listOf(where, 5)}`,
  );
}

export function revisionUnknownReason(service: string, since: SinceRevision, atUs: number): Reason {
  const which =
    since.requested === 'latest' ? `no revision of service ${service} has been seen` : `revision "${since.requested}" has no entries of service ${service}`;
  return reason(
    'revision_unknown',
    `--since-revision ${since.requested}: ${which} before ${formatUtc(atUs)}, so the window cannot start at its first entry; nothing is judged`,
  );
}

export function revisionTooYoungReason(since: SinceRevision, window: Span, cleanUs: number): Reason {
  const name = since.requested === 'latest' ? `${since.revision} (latest)` : `${since.revision}`;
  const first = since.firstSeenUs as number;
  const age =
    first >= window.endUs
      ? `was first seen at ${formatUtc(first)}, not before the window end ${formatUtc(window.endUs)}`
      : `was first seen at ${formatUtc(first)}, only ${formatDuration(window.endUs - window.startUs)} before the window end ${formatUtc(window.endUs)}`;
  return reason('revision_too_young', `revision ${name} ${age}; --clean asks for ${formatDuration(cleanUs)}`);
}

export interface CleanFacts {
  service: string;
  kinds: readonly Kind[];
  window: Span;
  entries: number;
  largestGap: Gap | null;
  maxGapUs: number | null;
  fed: readonly SourceRef[];
  superseded: readonly SupersededSource[];
  sinceRevision: SinceRevision | null;
}

export function cleanReason(f: CleanFacts): Reason {
  const largest = f.largestGap
    ? `largest gap ${formatDuration(gapLength(f.largestGap))}, ${formatUtc(f.largestGap.startUs)} to ${formatUtc(f.largestGap.endUs)}`
    : 'no gap';
  const gaps =
    f.maxGapUs === null
      ? `; gaps were not checked (max-gap none; ${largest})`
      : ` with no gap longer than ${formatDuration(f.maxGapUs)} (${largest})`;
  const supersededSources = new Set(f.superseded.map((x) => x.source));
  const sound = f.fed.filter((s) => !supersededSources.has(s));
  const bad = sound.reduce((n, s) => n + s.badRecords, 0);
  const sources = `${plural(sound.length, 'source', 'sources')} read to the end (${listOf(sound.map((s) => s.name), 5)}) with ${plural(bad, 'bad record', 'bad records')}`;
  const superseded = f.superseded.length
    ? `; ${listOf([...new Set(f.superseded.map((x) => `"${x.source.name}"`))], 3)} ${supersededSources.size === 1 ? 'was' : 'were'} read only in part or lost records, but complete sources cover the same time`
    : '';
  const since = f.sinceRevision?.revision ? ` since revision ${f.sinceRevision.revision} first appeared` : '';
  return reason(
    'clean',
    `no ${listOf([...f.kinds], 5, 'or')} findings for service ${f.service} in ${formatWindow(f.window)}${since}: ` +
      `${plural(f.entries, 'entry', 'entries')}${gaps}; ${sources}${superseded}`,
  );
}
