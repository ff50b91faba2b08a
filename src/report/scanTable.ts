import type { FindingGroup } from '../analysis/groupFindings.js';
import type { Kind } from '../model/index.js';
import { formatCount } from '../analysis/words.js';
import { cellText, plainTable, shortRevision, tableString, tableTime } from './textCells.js';

export interface ScanView {
  kinds: readonly Kind[];
  counts: Map<string | null, Map<Kind, number>>;
  groups: readonly FindingGroup[];
  entries: number;
  sources: number;
}

/** The human summary of a scan: counts per service and kind, then findings grouped by fingerprint. */
export function renderScanTable(v: ScanView): string {
  const out: string[] = [];
  const total = [...v.counts.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
  out.push(`${total} findings in ${formatCount(v.entries)} entries from ${v.sources} input${v.sources === 1 ? '' : 's'}`);
  if (total === 0) {
    out.push(`No findings of ${v.kinds.join(', ')}. (That is about these entries only; see the source lines on stderr for what was read.)`);
    return out.join('\n') + '\n';
  }
  const counts = plainTable(['service', ...v.kinds, 'total']);
  for (const [service, m] of v.counts) {
    const row = v.kinds.map((k) => String(m.get(k) ?? 0));
    const sum = [...m.values()].reduce((a, b) => a + b, 0);
    counts.push([service ?? '(no service)', ...row, String(sum)]);
  }
  out.push(tableString(counts));
  out.push('');
  out.push('Findings by fingerprint (times UTC; --format json has them to the microsecond)');
  const groups = plainTable(['kind', 'count', 'first seen', 'last seen', 'what', 'revisions']);
  for (const g of v.groups) {
    groups.push([
      g.kind,
      String(g.count),
      g.firstUs === null ? '-' : tableTime(g.firstUs),
      g.lastUs === null ? '-' : tableTime(g.lastUs),
      cellText(g.key, 60),
      cellText(g.revisions.map((r) => shortRevision(r, g.services.length === 1 ? g.services[0]! : null)).join(' '), 24) || '-',
    ]);
  }
  out.push(tableString(groups));
  return out.join('\n') + '\n';
}
