import { groupByFingerprint } from '../analysis/groupFindings.js';
import type { VerdictResult } from '../analysis/index.js';
import type { SourceRef } from '../model/index.js';
import type { VerifyOutcome } from '../pipeline/verify.js';
import { formatDuration } from '../time/duration.js';
import { formatInstant, formatWindow } from '../time/format.js';
import { cellText, plainTable, tableString, tableTime } from './textCells.js';
import { formatCount } from '../analysis/words.js';

const MARK: Record<VerdictResult['verdict'], string> = { CLEAN: 'CLEAN', DIRTY: 'DIRTY', INCONCLUSIVE: 'INCONCLUSIVE' };


export function describeSourceRef(s: SourceRef): string {
  const state = s.complete ? 'read to the end' : `INCOMPLETE: ${s.incompleteReason ?? 'stopped early'}`;
  const hash = s.contentHash ? `, sha256 ${s.contentHash.slice(0, 12)}…` : '';
  const bad = s.badRecords > 0 ? `, ${formatCount(s.badRecords)} bad records` : '';
  const sampled = s.sampled ? ', coverage sampled' : '';
  return `${s.name} (${s.kind} ${s.format}, ${formatCount(s.entries)} entries${bad}${hash}${sampled}; ${state})`;
}

/** The human form of one verdict: the answer first, then why, then the evidence. */
export function renderVerdictText(o: VerifyOutcome, zone: string | null): string {
  const r = o.result;
  const out: string[] = [];
  const title = o.spec.name ? `${o.spec.name}: ` : '';
  out.push(`${title}${MARK[r.verdict]} — ${r.service}, ${r.kinds.join(', ')}, clean for ${formatDuration(r.cleanUs)}`);
  out.push(`  window   ${formatWindow({ startUs: r.startUs, endUs: r.endUs }, zone)}`);
  if (r.sinceRevision) {
    const rev = r.sinceRevision.revision ?? 'unknown';
    const first = r.sinceRevision.firstSeenUs === null ? '' : `, first entry ${formatInstant(r.sinceRevision.firstSeenUs, zone)}`;
    out.push(`  revision ${rev} (--since-revision ${r.sinceRevision.requested}${first})`);
  }
  const largest = r.largestGap ? `; largest gap ${formatDuration(r.largestGap.endUs - r.largestGap.startUs)}` : '';
  out.push(
    `  coverage ${formatCount(r.entries)} entries in the window${largest}; max gap ${r.maxGapUs === null ? 'none (gaps do not count)' : formatDuration(r.maxGapUs)}`,
  );
  if (r.sources.length === 0) out.push('  sources  none');
  for (const [i, s] of r.sources.entries()) out.push(`  ${i === 0 ? 'sources ' : '        '} ${describeSourceRef(s)}`);
  out.push('  reasons:');
  // The per-fingerprint finding lines are shown as the table below; keep the summary line.
  const groups = groupByFingerprint(r.findings);
  let findingLines = 0;
  for (const reason of r.reasons) {
    if (reason.code === 'findings' && findingLines++ > 0 && groups.length > 0) continue;
    out.push(`    - ${reason.message}`);
  }
  for (const note of o.notes) out.push(`  note: ${note}`);
  if (groups.length > 0) {
    out.push('');
    out.push(`  findings in the window, by fingerprint (times UTC${zone ? `; --tz ${zone} in JSON and Markdown` : ''}):`);
    const t = plainTable(['kind', 'count', 'first seen', 'last seen', 'what']);
    for (const g of groups.slice(0, 30)) {
      t.push([g.kind, formatCount(g.count), g.firstUs === null ? '-' : tableTime(g.firstUs), g.lastUs === null ? '-' : tableTime(g.lastUs), cellText(g.key, 70)]);
    }
    out.push(
      tableString(t)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    if (groups.length > 30) out.push(`  … and ${groups.length - 30} more fingerprints (--format json lists every finding)`);
  }
  return out.join('\n') + '\n';
}
