import { TIMELINE_LEGEND, type TimelineCell } from '../analysis/timeline.js';
import { formatDuration } from '../time/duration.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE } from '../time/units.js';

/**
 * The timeline as terminal rows: one character per cell, rows aligned to whole UTC days (or
 * hours) so that a column means the same time of day on every row, a ruler of hours on top, and
 * each row labelled with its start. Wrapped to `width` columns.
 *
 *                00    06    12    18
 *   2025-09-14                       XXXX
 *   2025-09-15   ...~..............X....
 */
export interface TimelineView {
  cells: readonly TimelineCell[];
  bucketUs: number;
  /** Terminal columns to fit. */
  width: number;
}

const ROW_PERIODS_US = [1, 2, 3, 4, 6, 8, 12].map((h) => h * US_PER_HOUR).concat([1, 2, 3, 4, 5, 6, 7, 14, 28].map((d) => d * US_PER_DAY));
const TICKS_US = [10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * US_PER_MINUTE);
/** Rows of whole days are easiest to read; more days per row only when one per row would make a long list. */
const MAX_DAY_ROWS = 14;
const GUTTER = '  ';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function dateLabel(us: number, withTime: boolean): string {
  const d = new Date(Math.floor(us / 1000));
  const day = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return withTime ? `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : day;
}

/** The row length (µs): whole days when a day fits, else the largest divisor of a day that does. */
function rowPeriod(bucketUs: number, avail: number, spanUs: number): number {
  const fits = ROW_PERIODS_US.filter((p) => p % bucketUs === 0 && p / bucketUs <= avail);
  if (fits.length === 0) return bucketUs * Math.max(1, avail);
  const days = fits.filter((p) => p >= US_PER_DAY);
  const enough = days.find((p) => Math.ceil(spanUs / p) <= MAX_DAY_ROWS);
  return enough ?? (fits[fits.length - 1] as number);
}

/**
 * Ticks every `tick` µs. Rows of whole days get the hour of day (HH, or HH:MM); shorter rows start
 * at different times of day, so their ticks say how far past the row's start (+1h, +30m). None
 * when cells are a day or longer (the row labels are the dates).
 */
function ruler(bucketUs: number, periodUs: number, cellsPerRow: number): string | null {
  if (bucketUs >= US_PER_DAY) return null;
  const wholeDays = periodUs % US_PER_DAY === 0;
  const tick = TICKS_US.find((t) => t % bucketUs === 0 && t / bucketUs >= 6 && (periodUs % t === 0 || wholeDays));
  if (tick === undefined) return null;
  const step = tick / bucketUs;
  const chars = new Array<string>(cellsPerRow).fill(' ');
  for (let i = 0; i < cellsPerRow; i += step) {
    const minutes = Math.round((i * bucketUs) / US_PER_MINUTE);
    let label: string;
    if (wholeDays) {
      const ofDay = minutes % 1440;
      label = ofDay % 60 === 0 ? pad2(ofDay / 60) : `${pad2(Math.floor(ofDay / 60))}:${pad2(ofDay % 60)}`;
    } else label = minutes % 60 === 0 ? `+${minutes / 60}h` : `+${minutes}m`;
    for (let k = 0; k < label.length && i + k < cellsPerRow; k++) chars[i + k] = label[k] as string;
  }
  return chars.join('').trimEnd();
}

/**
 * Rows start on multiples of the row period since the epoch, so the ruler is right for every row
 * (cells are on multiples of the bucket, see `timeline`). Rows before the first cell are blank.
 */
export function renderTimeline(v: TimelineView): string[] {
  const first = v.cells[0];
  const last = v.cells[v.cells.length - 1];
  if (!first || !last) return [];
  const origin = Math.floor(first.startUs / v.bucketUs) * v.bucketUs;
  const spanUs = last.endUs - origin;
  // The label is as wide as a date, plus the time when rows are shorter than a day.
  const probeAvail = Math.max(12, v.width - 16 - GUTTER.length);
  const periodUs = rowPeriod(v.bucketUs, probeAvail, spanUs);
  const withTime = periodUs % US_PER_DAY !== 0;
  const labelWidth = withTime ? 16 : 10;
  const cellsPerRow = Math.max(1, Math.round(periodUs / v.bucketUs));
  const lines: string[] = [];
  const top = ruler(v.bucketUs, periodUs, cellsPerRow);
  if (top !== null) lines.push(`${' '.repeat(labelWidth)}${GUTTER}${top}`);
  let rowStart = Math.floor(origin / periodUs) * periodUs;
  let i = 0;
  while (i < v.cells.length) {
    const rowEnd = rowStart + periodUs;
    const chars: string[] = [];
    for (let pos = 0; pos < cellsPerRow; pos++) {
      const cellStart = rowStart + pos * v.bucketUs;
      const cell = v.cells[i];
      if (cell && Math.floor(cell.startUs / v.bucketUs) * v.bucketUs === cellStart) {
        chars.push(TIMELINE_LEGEND[cell.state]);
        i++;
      } else chars.push(' ');
    }
    lines.push(`${dateLabel(rowStart, withTime)}${GUTTER}${chars.join('').trimEnd()}`);
    rowStart = rowEnd;
  }
  return lines;
}

/** What the characters mean, with this run's max-gap: lines indented by two, wrapped to `width`. */
export function timelineLegend(maxGapUs: number | null, width: number): string[] {
  const gap = maxGapUs === null ? 'incomplete read' : `gap over ${formatDuration(maxGapUs)} or incomplete read`;
  const nodata = maxGapUs === null ? 'no entry' : `no entry (in a gap over ${formatDuration(maxGapUs)})`;
  const items = [
    `${TIMELINE_LEGEND.finding} finding`,
    `${TIMELINE_LEGEND.partial} partly unproven (${gap})`,
    `${TIMELINE_LEGEND.nodata} ${nodata}`,
    `${TIMELINE_LEGEND.clean} clean and covered`,
  ];
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line !== '' && 2 + line.length + 3 + item.length > width) {
      lines.push(`  ${line}`);
      line = item;
    } else line = line === '' ? item : `${line}   ${item}`;
  }
  lines.push(`  ${line}`);
  return lines;
}
