import { humanDuration, isoUs, US_PER_MIN } from './clock.js';
import { KIND_NAMES, type Kind, type WorldEntry } from './model.js';

/**
 * The expected outcome of `ssot-watch verify` for a scenario, computed from the generated
 * entries with DESIGN.md's rules (a reference, not the tool's code):
 * findings of the selected kinds in `[start, end)` → DIRTY; otherwise a coverage gap longer
 * than --max-gap, or a --since-revision window shorter than --clean → INCONCLUSIVE; else CLEAN.
 */

export interface Scenario {
  /** The flags after `ssot-watch verify <file>`, as a user types them. */
  args: string;
  service: string;
  atUs: number;
  cleanUs: number;
  kinds: readonly Kind[];
  sinceRevision?: 'latest';
  /** null = `--max-gap none`. */
  maxGapUs: number | null;
}

export interface Expectation {
  args: string;
  verdict: 'CLEAN' | 'DIRTY' | 'INCONCLUSIVE';
  exitCode: 0 | 1 | 2;
  window: { start: string; end: string };
  service: string;
  kinds: Kind[];
  findingsInWindow: number;
  findingsByKind: Record<Kind, number>;
  findingInsertIds: string[];
  gaps: { start: string; end: string; minutes: number }[];
  reasons: string[];
}

export function expectVerdict(entries: readonly WorldEntry[], s: Scenario): Expectation {
  const mine = entries.filter((e) => e.service === s.service).sort((a, b) => a.tsUs - b.tsUs);
  const end = s.atUs;
  let start = end - s.cleanUs;
  const reasons: string[] = [];
  let tooShort = false;
  if (s.sinceRevision) {
    const firstByRev = new Map<string, number>();
    for (const e of mine) if (e.revision && !firstByRev.has(e.revision)) firstByRev.set(e.revision, e.tsUs);
    const [rev, revStart] = [...firstByRev].sort((a, b) => b[1] - a[1])[0]!;
    // The samples keep the latest revision younger than --clean, where DESIGN.md is unambiguous.
    if (revStart <= start) throw new Error(`scenario "${s.args}": revision older than the window; rule ambiguous`);
    start = revStart;
    tooShort = true;
    reasons.push(
      `--since-revision latest = ${rev}, first entry ${isoUs(revStart)}: only ${humanDuration(end - revStart)} of history, ${humanDuration(s.cleanUs)} required`,
    );
  }
  const inWindow = mine.filter((e) => e.tsUs >= start && e.tsUs < end);
  const findings = inWindow.filter((e) => e.finding && s.kinds.includes(e.finding.kind));
  const byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<Kind, number>;
  for (const f of findings) byKind[f.finding!.kind]++;

  const gaps: Expectation['gaps'] = [];
  if (s.maxGapUs !== null) {
    let prev = start;
    for (const e of inWindow) {
      if (e.tsUs - prev > s.maxGapUs) gaps.push(gapOf(prev, e.tsUs));
      prev = e.tsUs;
    }
    if (end - prev > s.maxGapUs) gaps.push(gapOf(prev, end));
  }
  if (findings.length > 0) {
    const first = findings[0]!;
    const last = findings[findings.length - 1]!;
    const kinds = KIND_NAMES.filter((k) => byKind[k] > 0).map((k) => `${k} ${byKind[k]}`).join(', ');
    reasons.unshift(`${findings.length} finding(s) in the window (${kinds}); first ${isoUs(first.tsUs)}, last ${isoUs(last.tsUs)}`);
  }
  for (const g of gaps) reasons.push(`coverage gap ${g.start} .. ${g.end} (${g.minutes} min > --max-gap)`);
  const verdict = findings.length > 0 ? 'DIRTY' : tooShort || gaps.length > 0 ? 'INCONCLUSIVE' : 'CLEAN';
  if (verdict === 'CLEAN') reasons.push(`no findings, ${inWindow.length} entries, no gap over --max-gap`);
  return {
    args: s.args,
    verdict,
    exitCode: verdict === 'CLEAN' ? 0 : verdict === 'DIRTY' ? 1 : 2,
    window: { start: isoUs(start), end: isoUs(end) },
    service: s.service,
    kinds: [...s.kinds],
    findingsInWindow: findings.length,
    findingsByKind: byKind,
    findingInsertIds: findings.map((f) => f.entry.insertId),
    gaps,
    reasons,
  };
}

function gapOf(a: number, b: number): { start: string; end: string; minutes: number } {
  return { start: isoUs(a), end: isoUs(b), minutes: Math.round(((b - a) / US_PER_MIN) * 10) / 10 };
}
