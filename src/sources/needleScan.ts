import type { Needle } from '../../parsers/parser.js';
import { isWholeWordAt } from './jsonBytes.js';
import { PatternCursor } from './patternCursor.js';

interface Member {
  readonly bytes: Buffer;
  /** Where the anchor sits inside this needle. */
  readonly anchorAt: number;
  readonly wholeWord: boolean;
}

interface Group {
  readonly anchor: PatternCursor;
  readonly members: Member[];
}

const MIN_ANCHOR = 4;

/**
 * Groups needles under shared anchors, so that e.g. the five SSOT needles cost one memmem
 * pass for "SSOT" instead of five passes: each pass over the data is the dominant cost of
 * the fast path.
 */
function groupNeedles(needles: readonly Needle[]): Group[] {
  const uniq = new Map<string, Needle>();
  for (const n of needles) if (n.text.length > 0) uniq.set(`${n.wholeWord ? 'w' : 's'}:${n.text}`, n);
  let rest = [...uniq.values()];
  const groups: Group[] = [];
  while (rest.length > 0) {
    // The substring (≥ MIN_ANCHOR chars, longest on ties) shared by the most remaining needles.
    let best = rest[0]!.text;
    let bestCount = 1;
    for (const n of rest) {
      const t = n.text;
      for (let len = Math.min(t.length, 32); len >= MIN_ANCHOR; len--) {
        for (let i = 0; i + len <= t.length; i++) {
          const sub = t.slice(i, i + len);
          const count = rest.filter((o) => o.text.includes(sub)).length;
          if (count > bestCount || (count === bestCount && sub.length > best.length && rest.filter((o) => o.text.includes(best)).length <= count)) {
            best = sub;
            bestCount = count;
          }
        }
      }
    }
    const members = rest.filter((n) => n.text.includes(best));
    if (members.length === 0) {
      members.push(rest[0]!);
      best = rest[0]!.text;
    }
    groups.push({
      anchor: new PatternCursor(best),
      members: members.map((n) => ({ bytes: Buffer.from(n.text, 'latin1'), anchorAt: n.text.indexOf(best), wholeWord: !!n.wholeWord })),
    });
    rest = rest.filter((n) => !members.includes(n));
  }
  return groups;
}

/**
 * Answers "may this entry hold a finding?" from its raw bytes: does any parser's needle occur
 * in it. Records must be asked about in increasing order over one view (see PatternCursor).
 */
export class NeedleScanner {
  private readonly groups: Group[];

  constructor(needles: readonly Needle[]) {
    this.groups = groupNeedles(needles);
  }

  get empty(): boolean {
    return this.groups.length === 0;
  }

  /** The anchors searched for, for diagnostics and tests. */
  get anchors(): string[] {
    return this.groups.map((g) => g.anchor.bytes.toString('latin1'));
  }

  reset(view: Buffer): void {
    for (const g of this.groups) g.anchor.reset(view);
  }

  hit(view: Buffer, start: number, end: number): boolean {
    for (const g of this.groups) {
      const a = g.anchor;
      for (let q = a.within(start, end); q >= 0; q = a.within(q + 1, end)) {
        for (const m of g.members) {
          const s = q - m.anchorAt;
          const e = s + m.bytes.length;
          if (s < start || e > end) continue;
          if (m.bytes.length !== a.length && view.compare(m.bytes, 0, m.bytes.length, s, e) !== 0) continue;
          if (!m.wholeWord || isWholeWordAt(view, s, m.bytes.length, start, end)) return true;
        }
      }
    }
    return false;
  }
}
