import type { Finding } from '../model/index.js';
import type { FindingGroupRow, GroupBy } from '../store/types.js';
import { cellText, plainTable, shortRevision, tableBorder, tableLocalTime, tableString, tableTime } from './textCells.js';
import { formatCount } from '../analysis/words.js';

export interface FindingsTableView {
  /** Newest first, already cut to the limit. */
  findings: readonly Finding[];
  /** Matching findings before the limit. */
  total: number;
  /** The filters in words, e.g. `kind ws_1011, service api`; empty: none. */
  filters: string;
  zone: string | null;
  width: number;
}

export interface GroupsTableView {
  by: GroupBy;
  rows: readonly FindingGroupRow[];
  /** Groups before the limit. */
  groups: number;
  /** Matching findings in all groups. */
  total: number;
  filters: string;
  zone: string | null;
  width: number;
}

function when(us: number | null, zone: string | null): string {
  if (us === null) return '(no time)';
  return zone ? `${tableTime(us)}\n${tableLocalTime(us, zone)}` : tableTime(us);
}

/** `2025-09-15 17:00` (and `2025-09-15 19:00+02:00` in `zone`): an hour needs no seconds. */
function hour(us: number, zone: string | null): string {
  const utc = tableTime(us).slice(0, 16);
  return zone ? `${utc}\n${tableLocalTime(us, zone).replace(/^(\S+ \d\d:\d\d):\d\d/, '$1')}` : utc;
}

/** `ws_1011:6052a695b8be0240` → `6052a695b8be0240`: the kind has its own column; --fingerprint takes either form. */
export function fingerprintHash(fingerprint: string): string {
  const i = fingerprint.indexOf(':');
  return i >= 0 ? fingerprint.slice(i + 1) : fingerprint;
}

function matched(filters: string): string {
  return filters ? ` (${filters})` : '';
}

export function renderFindingsTable(v: FindingsTableView): string {
  if (v.findings.length === 0) return `no findings match${matched(v.filters)}\n`;
  const services = new Set(v.findings.map((f) => f.service ?? '(none)'));
  const oneService = services.size === 1 ? [...services][0] : null;
  const out: string[] = [];
  const shown =
    v.findings.length < v.total
      ? `; the newest ${formatCount(v.findings.length)} shown (--limit for more, or narrow with --from/--to)`
      : '; newest first';
  out.push(`${formatCount(v.total)} finding${v.total === 1 ? '' : 's'} match${v.total === 1 ? 'es' : ''}${matched(v.filters)}${shown}`);
  if (oneService) out.push(`service ${oneService}`);

  const head = ['time (UTC)', 'kind', ...(oneService ? [] : ['service']), 'revision', 'fingerprint', 'message'];
  const timeWidth = v.zone ? 25 : 19;
  const serviceWidth = oneService ? 0 : Math.min(24, Math.max(7, ...[...services].map((s) => s.length)));
  const revisions = v.findings.map((f) => (f.revision ? shortRevision(f.revision, f.service) : '-'));
  const revisionWidth = Math.min(20, Math.max(8, ...revisions.map((r) => r.length)));
  const fixed = timeWidth + 12 + serviceWidth + revisionWidth + 16 + tableBorder(head.length);
  const messageWidth = Math.max(20, v.width - fixed);
  const t = plainTable(head);
  v.findings.forEach((f, i) => {
    t.push([
      when(f.timestampUs, v.zone),
      f.kind,
      ...(oneService ? [] : [cellText(f.service ?? '-', serviceWidth)]),
      cellText(revisions[i] as string, revisionWidth),
      fingerprintHash(f.fingerprint),
      cellText(f.message, messageWidth),
    ]);
  });
  out.push(tableString(t));
  out.push('(times cut to the second; --format json or csv has them to the microsecond, with ids and details)');
  return out.join('\n') + '\n';
}

const KEY_HEAD: Record<GroupBy, string[]> = {
  fingerprint: ['fingerprint', 'what'],
  revision: ['revision'],
  hour: ['hour (UTC)'],
  kind: ['kind'],
};

function keyCells(by: GroupBy, r: FindingGroupRow, zone: string | null, whatWidth: number): string[] {
  switch (by) {
    case 'fingerprint':
      // Kind and hash on two lines: the readable key ("what") needs the width.
      return [`${r.kinds.join(' ')}\n${fingerprintHash(r.key ?? '-')}`, cellText(r.fingerprintKey ?? r.example, whatWidth)];
    case 'revision':
      return [r.key === null ? '(no revision)' : cellText(shortRevision(r.key, r.services.length === 1 ? (r.services[0] as string) : null), 40)];
    case 'hour':
      return [r.keyUs === null ? '(no time)' : hour(r.keyUs, zone)];
    case 'kind':
      return [r.key ?? '-'];
  }
}

export function renderGroupsTable(v: GroupsTableView): string {
  if (v.rows.length === 0) return `no findings match${matched(v.filters)}\n`;
  const out: string[] = [];
  const shown = v.rows.length < v.groups ? `; the first ${formatCount(v.rows.length)} of ${formatCount(v.groups)} groups shown (--limit for more)` : '';
  const order = v.by === 'hour' ? 'newest hour first' : 'most findings first';
  out.push(
    `${formatCount(v.total)} finding${v.total === 1 ? '' : 's'} match${v.total === 1 ? 'es' : ''}${matched(v.filters)}, ` +
      `in ${formatCount(v.groups)} group${v.groups === 1 ? '' : 's'} by ${v.by}, ${order}${shown}`,
  );
  const head = [...KEY_HEAD[v.by], 'count', 'first seen (UTC)', 'last seen (UTC)'];
  if (v.by !== 'kind' && v.by !== 'fingerprint') head.push('kinds');
  if (v.by !== 'fingerprint') head.push('fingerprints');
  const timeWidth = v.zone ? 25 : 19;
  const whatWidth = Math.max(16, v.width - (16 + 7 + 2 * timeWidth + tableBorder(head.length)));
  const t = plainTable(head);
  for (const r of v.rows) {
    const row = [...keyCells(v.by, r, v.zone, whatWidth), formatCount(r.count), when(r.firstUs, v.zone), when(r.lastUs, v.zone)];
    if (v.by !== 'kind' && v.by !== 'fingerprint') row.push(r.kinds.join('\n'));
    if (v.by !== 'fingerprint') row.push(formatCount(r.fingerprints));
    t.push(row);
  }
  out.push(tableString(t));
  return out.join('\n') + '\n';
}
