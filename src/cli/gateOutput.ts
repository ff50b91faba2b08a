import type { GateOutcome } from '../pipeline/gate.js';
import type { VerifyOutcome } from '../pipeline/verify.js';
import { verdictToJson } from '../report/verdictJson.js';
import { renderVerdictJunit } from '../report/verdictJunit.js';
import { renderVerdictMarkdown } from '../report/verdictMarkdown.js';
import { renderVerdictText } from '../report/verdictText.js';
import { formatUtc } from '../time/format.js';

export interface GateRenderContext {
  zone: string | null;
  checkedAtUs: number;
  /** A command that re-judges the same window from the store (the gate stored what it saw). */
  reproduce: string;
  /** One line on how the watch went (stream sessions, drops, requests). */
  note: string;
}

/** The gate's verdict as verify's: the same shape, so the same renderers (and the same JSON contract). */
export function gateAsVerifyOutcome(o: GateOutcome, note: string): VerifyOutcome {
  const r = o.verdict;
  return {
    spec: { name: null, service: r.service, kinds: r.kinds, cleanUs: r.cleanUs, atUs: r.endUs, maxGapUs: r.maxGapUs },
    result: r,
    notes: [note],
  };
}

/** Renders the gate's verdict in the chosen format (the one place to change when the renderers do). */
export function renderGateOutput(o: GateOutcome, format: string, ctx: GateRenderContext): string {
  const v = gateAsVerifyOutcome(o, ctx.note);
  if (format === 'json') {
    const doc = {
      ...verdictToJson(v, ctx.zone),
      checkedAt: formatUtc(ctx.checkedAtUs),
      reproduce: ctx.reproduce,
      gate: {
        runId: o.runId,
        stoppedEarly: o.stoppedEarly,
        entries: o.entries,
        requests: o.requests,
        tailSessions: o.tailSessions,
        drops: o.drops,
        suppressed: o.suppressed,
        problems: o.problems,
      },
    };
    return JSON.stringify(doc, null, 2) + '\n';
  }
  if (format === 'markdown') return renderVerdictMarkdown([v], { zone: ctx.zone, reproduce: ctx.reproduce, checkedAtUs: ctx.checkedAtUs });
  if (format === 'junit') return renderVerdictJunit([v], { checkedAtUs: ctx.checkedAtUs, reproduce: ctx.reproduce });
  return renderVerdictText(v, ctx.zone);
}
