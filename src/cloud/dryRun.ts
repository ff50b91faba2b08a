import { formatUs } from '../model/index.js';
import { formatDuration } from '../time/duration.js';
import { PROBE_START, probeBudget, probeQuery } from './coverageProbe.js';
import { entriesFilter, resourceNameOf } from './filters.js';
import { PAGE_SIZE, pullIdentity, requestFor, initialState, type PullSpec } from './pullPlan.js';
import type { RequestPolicy } from './requester.js';

export interface PlanDescription {
  text: string;
  json: Record<string, unknown>;
}

function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** What `pull --dry-run` prints: the exact filters, the probe plan and its cost. Sends nothing. */
export function analyzePullPlan(spec: PullSpec, policy: RequestPolicy): PlanDescription {
  const scan = requestFor(spec, initialState(spec))!;
  const budget = probeBudget(spec.range, spec.maxGapUs);
  const g = formatDuration(spec.maxGapUs);
  const probes = spec.coverage === 'probe';
  const perService = spec.services.map((service) => {
    const first = probeQuery(PROBE_START, spec.range, spec.maxGapUs)!;
    return { service, firstProbeFilter: entriesFilter({ services: [service] }, first.range) };
  });
  const lines: string[] = [];
  lines.push('ssot-watch pull --dry-run: nothing is sent, nothing is stored');
  lines.push(`  resource:  ${resourceNameOf(spec.project)}`);
  lines.push(`  services:  ${spec.services.join(', ')}`);
  lines.push(`  range:     ${formatUs(spec.range.startUs)} → ${formatUs(spec.range.endUs)} (${formatDuration(spec.range.endUs - spec.range.startUs)})`);
  lines.push(`  kinds:     ${spec.kinds.join(', ')}`);
  lines.push(`  quota:     at most ${policy.maxRpm} requests per rolling minute; RESOURCE_EXHAUSTED retried ${policy.quotaRetry.retries}× within ${formatDuration(policy.quotaRetry.budgetMs * 1000)}`);
  lines.push('');
  lines.push(
    probes
      ? `1. findings: ${scan.orderBy}, ${PAGE_SIZE} per page, every page until no token (one request per ${PAGE_SIZE} matching entries, at least one):`
      : `1. every entry (--coverage full): ${scan.orderBy}, ${PAGE_SIZE} per page, every page until no token (one request per ${PAGE_SIZE} entries):`,
  );
  lines.push(indent(scan.filter));
  if (probes) {
    lines.push('');
    lines.push(`2. coverage probes, per service, pageSize 1, exact for --max-gap ${g} or more:`);
    lines.push('     first: timestamp asc,  the first entry ≥ range start');
    lines.push(`     step:  timestamp desc, the last entry in (cur, cur+${g}] — repeated; found: cur = it`);
    lines.push(`     jump:  timestamp asc,  the first entry > cur+${g} — only after a step found nothing (a silence > ${g})`);
    lines.push('     last:  timestamp desc, the last entry in (cur, range end)');
    for (const p of perService) {
      lines.push(`   the first probe of ${p.service}:`);
      lines.push(indent(p.firstProbeFilter, '       '));
    }
    lines.push('');
    lines.push(
      `   per service: about ${budget.dense} requests when entries are dense, at most ${budget.noGaps} when no silence exceeds ${g}, ` +
        `at most ${budget.worst} in any case (plus empty pages that carry a token)`,
    );
    lines.push(
      `planned requests: ${1 + spec.services.length * budget.dense} when dense, at most ${spec.services.length * budget.noGaps} + findings pages without silences over ${g}`,
    );
  }
  lines.push('');
  lines.push('recorded as the run\'s filter (identical parameters resume an interrupted pull):');
  lines.push(indent(pullIdentity(spec)));
  return {
    text: lines.join('\n') + '\n',
    json: {
      dryRun: true,
      project: spec.project,
      resourceNames: [resourceNameOf(spec.project)],
      services: spec.services,
      range: { start: formatUs(spec.range.startUs), end: formatUs(spec.range.endUs) },
      kinds: spec.kinds,
      coverage: spec.coverage,
      maxGap: g,
      findingsQuery: { filter: scan.filter, orderBy: scan.orderBy, pageSize: PAGE_SIZE },
      probes: probes
        ? {
            pageSize: 1,
            perService: perService.map((p) => ({ service: p.service, firstProbeFilter: p.firstProbeFilter })),
            requestsPerService: budget,
          }
        : null,
      requests: 0,
      identity: pullIdentity(spec),
    },
  };
}
