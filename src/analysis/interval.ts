import type { Interval } from '../model/index.js';

/**
 * Half-open intervals [startUs, endUs) over µs. Bounds may be ±Infinity inside analysis (an
 * incomplete source whose range is unknown casts doubt on all of time); anything handed out is
 * clipped to a window first, so it is finite again.
 */
export interface Span {
  startUs: number;
  endUs: number;
}

export function isEmpty(s: Span): boolean {
  return s.endUs <= s.startUs;
}

export function lengthOf(s: Span): number {
  return Math.max(0, s.endUs - s.startUs);
}

export function intersect(a: Span, b: Span): Span | null {
  const startUs = Math.max(a.startUs, b.startUs);
  const endUs = Math.min(a.endUs, b.endUs);
  return endUs > startUs ? { startUs, endUs } : null;
}

/** Sorted, non-overlapping, adjacent ones merged; empty spans dropped. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => !isEmpty(s)).sort((a, b) => a.startUs - b.startUs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.startUs <= last.endUs) last.endUs = Math.max(last.endUs, s.endUs);
    else out.push({ startUs: s.startUs, endUs: s.endUs });
  }
  return out;
}

/** `base` minus the union of `cut`: what of base no cut reaches, in order. */
export function subtractSpans(base: Span, cut: readonly Span[]): Span[] {
  const out: Span[] = [];
  let cursor = base.startUs;
  for (const c of mergeSpans(cut)) {
    if (c.endUs <= cursor) continue;
    if (c.startUs >= base.endUs) break;
    if (c.startUs > cursor) out.push({ startUs: cursor, endUs: c.startUs });
    cursor = Math.max(cursor, c.endUs);
    if (cursor >= base.endUs) break;
  }
  if (cursor < base.endUs) out.push({ startUs: cursor, endUs: base.endUs });
  return out;
}

export function toInterval(s: Span): Interval {
  return { startUs: s.startUs, endUs: s.endUs };
}

/** Index of the first element of sorted `xs` that is >= x (xs.length when none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
