import type { Finding } from '../model/index.js';
import type { ListedWindow, WindowsOutcome } from '../pipeline/windows.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';
import { US_PER_HOUR } from '../time/units.js';
import { formatInZone } from '../time/zone.js';
import { cellText, plainTable, tableBorder, tableLocalTime, tableString, tableTime } from './textCells.js';
import { renderTimeline, timelineLegend } from './timelineText.js';
import { formatCount } from '../analysis/words.js';

export interface WindowsTextOptions {
  zone: string | null;
  /** Terminal columns: the timeline wraps to them, the table is sized for them. */
  width: number;
}

const ORIGIN: Record<WindowsOutcome['rangeOrigin'], string> = {
  flags: '--from/--to',
  'history-start': "from the service's first entry in the history (the default reaches back at most 7d; --from to change)",
  lookback: 'the last 7d (the default; --from to change)',
};

/** The finding that ends a window: its kind, then what it was (the readable fingerprint key, else the message). */
function endedBy(f: Finding, max: number): string {
  const key = typeof f.details['fingerprintKey'] === 'string' ? (f.details['fingerprintKey'] as string) : f.message;
  return `${f.kind}\n${cellText(key, max)}`;
}

function gapText(o: WindowsOutcome): string {
  const over = o.maxGapUs === null ? '30m (max-gap none: they do not count)' : formatDuration(o.maxGapUs);
  if (o.gaps.length === 0) {
    const largest = o.largestGap ? `; largest gap ${formatDuration(o.largestGap.endUs - o.largestGap.startUs)}` : '';
    return `no gap over ${over}${largest}`;
  }
  const shown = o.gaps.slice(0, 3).map((g) => `${formatUtc(g.startUs)} .. ${formatUtc(g.endUs)} (${formatDuration(g.endUs - g.startUs)})`);
  const more = o.gaps.length > 3 ? `, and ${formatCount(o.gaps.length - 3)} more` : '';
  return `${formatCount(o.gaps.length)} gap${o.gaps.length === 1 ? '' : 's'} over ${over}: ${shown.join(', ')}${more}`;
}

const INDENT = ' '.repeat(16);

/** `(2025-09-15T19:41:07.118532+02:00 Europe/Berlin)` on its own line, when a zone is asked for. */
function localLine(zone: string | null, ...us: number[]): string[] {
  return zone ? [`${INDENT}(${us.map((x) => formatInZone(x, zone)).join(' .. ')} ${zone})`] : [];
}

function streakLines(o: WindowsOutcome, zone: string | null): string[] {
  const s = o.currentStreak;
  const length = `${s.atLeast ? 'at least ' : ''}${formatDuration(s.durationUs)}`;
  const prev = s.previousFinding;
  const lines: string[] = [];
  if (prev && prev.timestampUs !== null) {
    lines.push(`current streak  ${length}, since the ${prev.kind} at ${formatUtc(prev.timestampUs)}`, ...localLine(zone, prev.timestampUs));
  } else if (s.durationUs === 0) lines.push('current streak  none: a finding lies in the last microsecond of the range');
  else lines.push(`current streak  ${length}, since the range start (no finding of the selected kinds in the range)`);
  if (s.durationUs === 0) return lines;
  if (s.proven) {
    const gap = o.maxGapUs === null ? '' : `, no gap over ${formatDuration(o.maxGapUs)}`;
    lines.push(`${INDENT}proven: covered to the end of the range${gap}, every read complete`);
  } else if (s.provenSinceUs !== null) {
    lines.push(`${INDENT}NOT proven as a whole; proven for the last ${formatDuration(s.endUs - s.provenSinceUs)}, since ${formatUtc(s.provenSinceUs)}`);
    lines.push(...localLine(zone, s.provenSinceUs));
  } else if (s.lastEntryUs === null) lines.push(`${INDENT}NOT proven: no entry in it`);
  else {
    lines.push(`${INDENT}NOT proven to the end of the range: the last entry is ${formatUtc(s.lastEntryUs)}`);
    lines.push(...localLine(zone, s.lastEntryUs));
  }
  return lines;
}

function longestLines(o: WindowsOutcome, zone: string | null): string[] {
  const l = o.longestWindow;
  if (!l) return ['longest proven  none: no stretch of the range is covered without a gap over max-gap'];
  const part = l.wholeWindow
    ? 'a whole clean window'
    : `part of the clean window ${formatUtc(l.windowStartUs)} .. ${formatUtc(l.windowEndUs)}`;
  return [
    `longest proven  ${formatDuration(l.durationUs)}: ${formatUtc(l.startUs)} .. ${formatUtc(l.endUs)}`,
    ...localLine(zone, l.startUs, l.endUs),
    `${INDENT}${part}`,
  ];
}

function listingTitle(o: WindowsOutcome): string {
  const l = o.listing;
  const listed = o.windows.length;
  const bits: string[] = [];
  if (l.overLimit > 0) bits.push(`the ${formatCount(listed)} most recent of ${formatCount(l.eligible)}; --limit to list more`);
  if (l.shorterThanMin > 0) {
    bits.push(`${formatCount(l.shorterThanMin)} shorter window${l.shorterThanMin === 1 ? '' : 's'} not listed${o.minUs > 0 ? '; --min 0 lists every one' : ''}`);
  }
  const min = o.minUs > 0 ? ` of at least ${formatDuration(o.minUs)}${o.minDefaulted ? ' (--min, default: one timeline cell)' : ''}` : '';
  return `clean windows${min}: ${formatCount(listed)} listed${bits.length ? ` (${bits.join('; ')})` : ''}`;
}

function when(us: number, zone: string | null): string {
  return zone ? `${tableTime(us)}\n${tableLocalTime(us, zone)}` : tableTime(us);
}

function provenCell(w: ListedWindow): string {
  if (w.proven) return 'yes';
  // Not the sum of the proven stretches: they may overlap (each is a window verify would call CLEAN).
  return w.provenStretches.length === 0 ? 'no' : 'partly';
}

function windowsTable(o: WindowsOutcome, opts: WindowsTextOptions): string {
  const timeWidth = opts.zone ? 25 : 19;
  // Fixed columns: 2 times, length 9, entries 8, largest gap 9, proven 8, plus borders; "ended by" gets the rest.
  const fixed = 2 * timeWidth + 9 + 8 + 9 + 8 + tableBorder(7);
  const byWidth = Math.max(14, Math.min(48, opts.width - fixed));
  const t = plainTable(['start (UTC)', 'end (UTC)', 'length', 'entries', 'max gap', 'proven', 'ended by']);
  for (const w of o.windows) {
    const largest = w.largestGap ? formatDuration(w.largestGap.endUs - w.largestGap.startUs) : '-';
    t.push([
      when(w.startUs, opts.zone),
      when(w.endUs, opts.zone),
      formatDuration(w.durationUs),
      formatCount(w.entries),
      largest,
      provenCell(w),
      w.nextFinding ? endedBy(w.nextFinding, byWidth) : 'range end',
    ]);
  }
  return tableString(t);
}

/** The human form of `windows`: the answer (streak, longest) first, then the timeline, then the list. */
export function renderWindowsText(o: WindowsOutcome, opts: WindowsTextOptions): string {
  const zone = opts.zone;
  const out: string[] = [];
  const maxGap = o.maxGapUs === null ? 'none' : formatDuration(o.maxGapUs);
  out.push(`clean windows of ${o.service} — kinds ${o.kinds.join(', ')} — max gap ${maxGap}`);
  out.push(`range           ${formatUtc(o.range.startUs)} .. ${formatUtc(o.range.endUs)} (${formatDuration(o.range.endUs - o.range.startUs)})`);
  if (zone) out.push(`                ${formatInZone(o.range.startUs, zone)} .. ${formatInZone(o.range.endUs, zone)} (${zone})`);
  out.push(`                ${ORIGIN[o.rangeOrigin]}`);
  out.push(`coverage        ${formatCount(o.entries)} entries; ${gapText(o)}`);
  const untimed = o.untimedFindings > 0 ? `; ${formatCount(o.untimedFindings)} without a time are not placed (they cannot split a window)` : '';
  out.push(`findings        ${formatCount(o.findings)} in the range${untimed}`);
  if (o.entries === 0) {
    const held = o.history ? `the history holds ${o.service} from ${formatUtc(o.history.firstUs)} to ${formatUtc(o.history.lastUs)}` : 'the history holds no coverage for it';
    out.push(`note            no entry of ${o.service} in the range: nothing here is proven (${held})`);
  }
  for (const d of o.doubts) {
    const spans = d.uncovered.map((s) => `${formatUtc(s.startUs)} .. ${formatUtc(s.endUs)}`).join(', ');
    const why = d.code === 'incomplete_source' ? `not read to its end (${d.source.incompleteReason ?? 'stopped early'})` : 'too many bad records';
    out.push(`note            ${d.source.name} was ${why}: ${spans} unproven`);
  }
  out.push(...streakLines(o, zone));
  out.push(...longestLines(o, zone));
  out.push('');
  const auto = o.bucketDefaulted && o.bucketUs !== US_PER_HOUR ? ', chosen to fit the range; --bucket to choose' : '';
  out.push(`timeline (UTC, 1 character = ${formatDuration(o.bucketUs)}${auto})`);
  out.push(...timelineLegend(o.maxGapUs, opts.width));
  out.push(...renderTimeline({ cells: o.timeline, bucketUs: o.bucketUs, width: opts.width }));
  out.push('');
  out.push(listingTitle(o));
  if (o.windows.length > 0) out.push(windowsTable(o, opts));
  out.push('(times cut to the second; --format json has them to the microsecond, with every gap and proven stretch)');
  return out.join('\n') + '\n';
}
