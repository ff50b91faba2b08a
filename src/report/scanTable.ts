import Table from 'cli-table3';
import type { FindingGroup } from '../analysis/groupFindings.js';
import type { Kind } from '../model/index.js';

export interface ScanView {
  kinds: readonly Kind[];
  counts: Map<string | null, Map<Kind, number>>;
  groups: readonly FindingGroup[];
  entries: number;
  sources: number;
}

function plain(head: string[]): Table.Table {
  // No colours: output is often piped into files and CI logs.
  return new Table({ head, style: { head: [], border: [] }, wordWrap: true });
}

/** `2025-09-14T20:41:12.739537Z` → `2025-09-14 20:41:12`: tables are for reading. */
function shortTime(ts: string | null): string {
  return ts ? `${ts.slice(0, 10)} ${ts.slice(11, 19)}` : '-';
}

/** `netra-backend-staging-00041-xk2` → `00041-xk2` when the service name is its prefix. */
function shortRevision(rev: string, services: readonly string[]): string {
  for (const s of services) if (rev.startsWith(`${s}-`)) return rev.slice(s.length + 1);
  return rev;
}

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** The human summary of a scan: counts per service and kind, then findings grouped by fingerprint. */
export function renderScanTable(v: ScanView): string {
  const out: string[] = [];
  const total = [...v.counts.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
  out.push(`${total} findings in ${v.entries.toLocaleString('en-US')} entries from ${v.sources} input${v.sources === 1 ? '' : 's'}`);
  if (total === 0) {
    out.push(`No findings of ${v.kinds.join(', ')}. (That is about these entries only; see the source lines on stderr for what was read.)`);
    return out.join('\n') + '\n';
  }
  const counts = plain(['service', ...v.kinds, 'total']);
  for (const [service, m] of v.counts) {
    const row = v.kinds.map((k) => String(m.get(k) ?? 0));
    const sum = [...m.values()].reduce((a, b) => a + b, 0);
    counts.push([service ?? '(no service)', ...row, String(sum)]);
  }
  out.push(counts.toString());
  out.push('');
  out.push('Findings by fingerprint (times UTC; --format json has them to the microsecond)');
  const groups = plain(['kind', 'count', 'first seen', 'last seen', 'what', 'revisions']);
  for (const g of v.groups) {
    groups.push([
      g.kind,
      String(g.count),
      shortTime(g.firstSeen),
      shortTime(g.lastSeen),
      clip(g.key, 60),
      clip(g.revisions.map((r) => shortRevision(r, g.services)).join(' '), 24) || '-',
    ]);
  }
  out.push(groups.toString());
  return out.join('\n') + '\n';
}
