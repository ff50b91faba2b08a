import { groupByFingerprint } from '../analysis/groupFindings.js';
import { formatUs, worstVerdict, type VerdictName } from '../model/index.js';
import type { VerifyOutcome } from '../pipeline/verify.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';
import { formatInZone } from '../time/zone.js';
import { mdCode, mdText } from './escape.js';
import { formatCount } from '../analysis/words.js';

const BADGE: Record<VerdictName, string> = { CLEAN: '✅ CLEAN', DIRTY: '❌ DIRTY', INCONCLUSIVE: '⚠️ INCONCLUSIVE' };


function when(us: number, zone: string | null): string {
  return zone ? `${formatUtc(us)} (${formatInZone(us, zone)})` : formatUtc(us);
}

function block(o: VerifyOutcome, zone: string | null): string[] {
  const r = o.result;
  const lines: string[] = [];
  lines.push(`### ${o.spec.name ? `${mdText(o.spec.name)}: ` : ''}${BADGE[r.verdict]}`);
  lines.push('');
  lines.push('| | |');
  lines.push('|---|---|');
  lines.push(`| Service | ${mdCode(r.service)} |`);
  lines.push(`| Kinds | ${r.kinds.map(mdCode).join(', ')} |`);
  lines.push(`| Window (UTC) | ${formatUtc(r.startUs)} → ${formatUtc(r.endUs)} (${formatDuration(r.endUs - r.startUs)}) |`);
  if (zone) lines.push(`| Window (${mdText(zone)}) | ${formatInZone(r.startUs, zone)} → ${formatInZone(r.endUs, zone)} |`);
  lines.push(`| Required clean | ${formatDuration(r.cleanUs)}${r.sinceRevision ? ` since revision ${mdCode(r.sinceRevision.revision ?? r.sinceRevision.requested)}` : ''} |`);
  lines.push(`| Max gap | ${r.maxGapUs === null ? 'none' : formatDuration(r.maxGapUs)} |`);
  lines.push(`| Entries in window | ${formatCount(r.entries)} |`);
  lines.push(`| Findings in window | ${formatCount(r.findings.length)} |`);
  lines.push(`| Largest gap | ${r.largestGap ? `${formatDuration(r.largestGap.endUs - r.largestGap.startUs)} (${formatUtc(r.largestGap.startUs)} → ${formatUtc(r.largestGap.endUs)})` : '—'} |`);
  lines.push('');
  lines.push('**Reasons**');
  lines.push('');
  for (const reason of r.reasons) lines.push(`- ${mdText(reason.message, 600)}`);
  for (const note of o.notes) lines.push(`- _note:_ ${mdText(note, 400)}`);
  lines.push('');
  lines.push('**Sources**');
  lines.push('');
  if (r.sources.length === 0) lines.push('_none: nothing was read for this service and window_');
  else {
    lines.push('| source | kind | format | entries | bad records | complete | sha256 |');
    lines.push('|---|---|---|---:|---:|---|---|');
    for (const s of r.sources) {
      const complete = s.complete ? 'yes' : `**no**: ${mdText(s.incompleteReason ?? 'stopped early', 120)}`;
      lines.push(
        `| ${mdText(s.name, 80)} | ${s.kind} | ${s.format} | ${formatCount(s.entries)} | ${formatCount(s.badRecords)} | ${complete} | ${s.contentHash ? mdCode(s.contentHash.slice(0, 16)) : '—'} |`,
      );
    }
  }
  if (r.gaps.length > 0) {
    lines.push('');
    lines.push(`**Gaps${r.maxGapUs === null ? ' over 30m' : ` longer than ${formatDuration(r.maxGapUs)}`}**`);
    lines.push('');
    lines.push('| from | to | length | where |');
    lines.push('|---|---|---:|---|');
    for (const g of r.gaps.slice(0, 50)) lines.push(`| ${when(g.startUs, zone)} | ${when(g.endUs, zone)} | ${formatDuration(g.endUs - g.startUs)} | ${g.position} |`);
    if (r.gaps.length > 50) lines.push(`| … | | | ${r.gaps.length - 50} more |`);
  }
  const groups = groupByFingerprint(r.findings);
  if (groups.length > 0) {
    lines.push('');
    lines.push('**Findings** (grouped by fingerprint)');
    lines.push('');
    lines.push('| kind | count | first seen (UTC) | last seen (UTC) | revisions | what |');
    lines.push('|---|---:|---|---|---|---|');
    for (const g of groups.slice(0, 40)) {
      lines.push(
        `| ${g.kind} | ${formatCount(g.count)} | ${g.firstUs === null ? '—' : formatUs(g.firstUs)} | ${g.lastUs === null ? '—' : formatUs(g.lastUs)} | ${g.revisions.map(mdCode).join(' ') || '—'} | ${mdText(g.key, 160)} |`,
      );
    }
    if (groups.length > 40) lines.push(`| … | | | | | ${groups.length - 40} more fingerprints |`);
  }
  if (r.untimedFindings.length > 0) {
    lines.push('');
    lines.push(`**Findings without a time** (${formatCount(r.untimedFindings.length)}): ${r.untimedFindings.slice(0, 5).map((f) => mdText(f.message, 100)).join('; ')}`);
  }
  return lines;
}

/**
 * An evidence block to paste into an issue or a PR (or a CI job summary): the verdict, the
 * window in UTC (and --tz), what was read with its hashes, the gaps, the findings, and the exact
 * command that reproduces it. Every log-derived string is escaped.
 */
export function renderVerdictMarkdown(outcomes: readonly VerifyOutcome[], opts: { zone: string | null; reproduce: string; checkedAtUs: number }): string {
  const lines: string[] = [];
  const overall = worstVerdict(outcomes.map((o) => o.result.verdict));
  lines.push(`## ssot-watch verify: ${BADGE[overall]}`);
  lines.push('');
  lines.push(`Checked at ${formatUtc(opts.checkedAtUs)}${outcomes.length > 1 ? `; ${outcomes.length} criteria, the overall verdict is the worst of them` : ''}.`);
  lines.push('');
  for (const o of outcomes) {
    lines.push(...block(o, opts.zone));
    lines.push('');
  }
  lines.push('**Reproduce**');
  lines.push('');
  lines.push('```sh');
  lines.push(opts.reproduce);
  lines.push('```');
  return lines.join('\n') + '\n';
}
