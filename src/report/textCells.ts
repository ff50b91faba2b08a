import Table from 'cli-table3';
import { formatUtc } from '../time/format.js';
import { formatInZone } from '../time/zone.js';

/** Helpers for terminal tables: every log-derived string passes through `cellText`. */

// C0 and C1 controls and DEL: a log line must not move the cursor or recolour the terminal.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** One line of at most `max` characters: whitespace runs become one space, control characters `�`, the cut is marked `…`. */
export function cellText(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').replace(CONTROLS, '\uFFFD').trim();
  if (max <= 1) return one.slice(0, Math.max(0, max));
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** `2025-09-15 17:41:07` (UTC, cut to the second): tables are for reading; JSON keeps the µs. */
export function tableTime(us: number): string {
  return formatUtc(us).slice(0, 19).replace('T', ' ');
}

/** `2025-09-15 19:41:07+02:00`: the same instant in `zone`, cut to the second. */
export function tableLocalTime(us: number, zone: string): string {
  const local = formatInZone(us, zone).replace('T', ' ');
  // Drop the fraction (if any) but keep the offset: `…:07.118532+02:00` → `…:07+02:00`.
  return local.replace(/^(\S+ \d\d:\d\d:\d\d)(?:\.\d+)?/, '$1');
}

/** `netra-backend-staging-00042-p7q` → `00042-p7q` when the service name is its prefix. */
export function shortRevision(revision: string, service: string | null): string {
  return service && revision.startsWith(`${service}-`) ? revision.slice(service.length + 1) : revision;
}

/**
 * A plain table: no colours (output is often piped into files and CI logs) and no rule between
 * rows, so a long listing stays dense; cells with two lines (UTC and --tz) still read as one row.
 */
export function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
}

/** Border columns of a plainTable: one bar per column plus one, and a space either side of each cell. */
export function tableBorder(columns: number): number {
  return columns + 1 + 2 * columns;
}

/** The table as text, with a rule under its (one-line) header: plainTable drops the rules between rows, and with them that one. */
export function tableString(t: Table.Table): string {
  const lines = t.toString().split('\n');
  const top = lines[0];
  if (top === undefined || lines.length < 3) return lines.join('\n');
  lines.splice(2, 0, top.replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤'));
  return lines.join('\n');
}
