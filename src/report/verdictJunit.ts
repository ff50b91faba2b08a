import type { VerifyOutcome } from '../pipeline/verify.js';
import { formatDuration } from '../time/duration.js';
import { formatUtc } from '../time/format.js';
import { xml } from './escape.js';

function caseName(o: VerifyOutcome): string {
  if (o.spec.name) return o.spec.name;
  const r = o.result;
  const since = r.sinceRevision ? ` since ${r.sinceRevision.revision ?? r.sinceRevision.requested}` : '';
  return `${r.service}: no ${r.kinds.join('/')} for ${formatDuration(r.cleanUs)}${since}`;
}

/**
 * JUnit XML: one test case per criterion. DIRTY is a <failure> carrying the findings,
 * INCONCLUSIVE an <error> carrying the reasons (not proven is not passed), CLEAN passes.
 * CI test reporters then show the verdict where developers already look.
 */
export function renderVerdictJunit(outcomes: readonly VerifyOutcome[], opts: { checkedAtUs: number; reproduce: string }): string {
  const failures = outcomes.filter((o) => o.result.verdict === 'DIRTY').length;
  const errors = outcomes.filter((o) => o.result.verdict === 'INCONCLUSIVE').length;
  const stamp = formatUtc(opts.checkedAtUs).replace(/\.\d+Z$/, 'Z');
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<testsuites name="ssot-watch" tests="${outcomes.length}" failures="${failures}" errors="${errors}">`);
  out.push(
    `  <testsuite name="ssot-watch verify" tests="${outcomes.length}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${stamp}">`,
  );
  for (const o of outcomes) {
    const r = o.result;
    out.push(`    <testcase classname="ssot-watch.verify.${xml(r.service)}" name="${xml(caseName(o))}" time="0">`);
    const reasons = r.reasons.map((x) => `- ${x.message}`).join('\n');
    if (r.verdict === 'DIRTY') {
      const body = r.findings
        .slice(0, 200)
        .map((f) => `${f.timestamp ?? '(no time)'} ${f.kind} ${f.revision ?? ''} ${f.fingerprint}: ${f.message}`)
        .join('\n');
      const more = r.findings.length > 200 ? `\n… and ${r.findings.length - 200} more findings` : '';
      out.push(`      <failure type="DIRTY" message="${xml(r.reasons[0]?.message ?? 'findings in the window')}">${xml(`${body}${more}\n\n${reasons}`)}</failure>`);
    } else if (r.verdict === 'INCONCLUSIVE') {
      out.push(`      <error type="INCONCLUSIVE" message="${xml(r.reasons[0]?.message ?? 'not proven')}">${xml(reasons)}</error>`);
    }
    const window = `window [${formatUtc(r.startUs)}, ${formatUtc(r.endUs)}), ${r.entries} entries, sources: ${r.sources.map((s) => s.name).join(', ') || 'none'}`;
    out.push(`      <system-out>${xml(`${r.verdict}: ${window}\n${reasons}\n\nreproduce: ${opts.reproduce}`)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
