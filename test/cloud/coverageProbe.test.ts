/**
 * The coverage probes against the definition of a gap: entries are random sets on a line; the
 * probes are answered from the sorted set exactly as ListLogEntries would answer them; the gaps
 * computed from the probe points (by the same analysis code verify uses) must equal the gaps
 * computed from EVERY entry, for every gap longer than max-gap, in the whole range and in windows
 * inside it — and the number of queries must stay within the stated bounds.
 */
import { describe, expect, it } from 'vitest';
import { coverageGaps } from '../../src/analysis/coverage.js';
import { advanceProbe, PROBE_START, probeBudget, probeQuery, stepFromKnown, type ProbeCursor } from '../../src/cloud/coverageProbe.js';
import type { CoverageBucket } from '../../src/model/index.js';
import { minuteOf } from '../../src/model/index.js';

const MIN = 60_000_000;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers a probe from the sorted entry times, as the API would (asc: first in range; desc: last). */
function answer(sorted: number[], q: NonNullable<ReturnType<typeof probeQuery>>): number | null {
  const inRange = sorted.filter((t) => t >= q.range.startUs && t < q.range.endUs);
  if (inRange.length === 0) return null;
  return q.orderBy === 'timestamp asc' ? inRange[0]! : inRange[inRange.length - 1]!;
}

/**
 * Runs the probes to the end. `known`: entry times already read (the findings query's), which
 * answer steps without a query — any one of them in the step's window, here a random one.
 */
function runProbes(sorted: number[], range: { startUs: number; endUs: number }, g: number, known: number[] = [], pick: () => number = () => 1): { points: number[]; queries: number } {
  let c: ProbeCursor = PROBE_START;
  const points: number[] = [];
  let queries = 0;
  for (;;) {
    const free = stepFromKnown(c, range, g, (lo, hi) => {
      const inside = known.filter((k) => k >= lo && k < hi);
      return inside.length === 0 ? null : inside[Math.min(inside.length - 1, Math.floor(pick() * inside.length))]!;
    });
    if (free) {
      points.push(free.point);
      c = free.cursor;
      continue;
    }
    const q = probeQuery(c, range, g);
    if (!q) break;
    queries++;
    if (queries > 100_000) throw new Error('probes do not terminate');
    const found = answer(sorted, q);
    if (found !== null) points.push(found);
    c = advanceProbe(c, found, range, g);
  }
  return { points, queries };
}

/** One coverage bucket per point (entries = 1), merged per minute as the store does. */
function buckets(points: number[]): CoverageBucket[] {
  const byMinute = new Map<number, CoverageBucket>();
  for (const p of points) {
    const m = minuteOf(p);
    const b = byMinute.get(m);
    if (!b) byMinute.set(m, { minute: m, entries: 1, firstUs: p, lastUs: p });
    else {
      b.entries++;
      b.firstUs = Math.min(b.firstUs, p);
      b.lastUs = Math.max(b.lastUs, p);
    }
  }
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

/** Entries in bursts separated by silences, some longer than max-gap, some exactly max-gap, some just over. */
function scenario(seed: number, range: { startUs: number; endUs: number }, g: number): number[] {
  const r = rng(seed);
  const out: number[] = [];
  let t = range.startUs + Math.floor(r() * 2 * g);
  while (t < range.endUs) {
    const burst = Math.floor(r() * 3 * g);
    const density = 1 + Math.floor(r() * 5 * MIN);
    for (const end = t + burst; t < end && t < range.endUs; t += 1 + Math.floor(r() * density)) out.push(t);
    const pick = r();
    // Silences around the threshold are where an off-by-one would hide.
    t += pick < 0.2 ? g : pick < 0.4 ? g + 1 : pick < 0.5 ? g - 1 : Math.floor(r() * 3 * g);
  }
  return out.filter((x) => x < range.endUs).sort((a, b) => a - b);
}

describe('coverage probes', () => {
  const range = { startUs: Date.UTC(2025, 8, 15) * 1000, endUs: Date.UTC(2025, 8, 16) * 1000 };

  it('find every silence longer than max-gap and measure it to the µs, in the range and in windows inside it', () => {
    const g = 30 * MIN;
    for (let seed = 1; seed <= 60; seed++) {
      const all = scenario(seed, range, g);
      const { points } = runProbes(all, range, g);
      const everyEntry = buckets(all);
      const probed = buckets(points);
      for (const p of points) expect(all).toContain(p); // points are real entries
      const windows = [range, { startUs: range.startUs + 7 * MIN + 13, endUs: range.endUs - 3 * 3_600_000_000 - 17 }];
      for (const w of windows) {
        expect(coverageGaps(probed, w, g), `seed ${seed}`).toEqual(coverageGaps(everyEntry, w, g));
        // A larger max-gap is exact as well.
        expect(coverageGaps(probed, w, 2 * g), `seed ${seed}`).toEqual(coverageGaps(everyEntry, w, 2 * g));
      }
    }
  });

  it('stay exact when a range is probed in pieces (a resumed or a later pull meeting an earlier one)', () => {
    const g = 30 * MIN;
    for (let seed = 100; seed <= 140; seed++) {
      const all = scenario(seed, range, g);
      const r = rng(seed);
      const cut = range.startUs + Math.floor(r() * (range.endUs - range.startUs));
      const left = runProbes(all, { startUs: range.startUs, endUs: cut }, g).points;
      const right = runProbes(all, { startUs: cut, endUs: range.endUs }, g).points;
      expect(coverageGaps(buckets([...left, ...right]), range, g), `seed ${seed}`).toEqual(coverageGaps(buckets(all), range, g));
    }
  });

  it('stay exact, and cost no more, when steps are taken from entries the findings query already read', () => {
    const g = 30 * MIN;
    const budget = probeBudget(range, g);
    for (let seed = 200; seed <= 240; seed++) {
      const all = scenario(seed, range, g);
      const r = rng(seed);
      const known = all.filter(() => r() < 0.05);
      const { points, queries } = runProbes(all, range, g, known, r);
      expect(new Set(points).size).toBe(points.length); // distinct entries: nothing counted twice
      expect(coverageGaps(buckets(points), range, g), `seed ${seed}`).toEqual(coverageGaps(buckets(all), range, g));
      expect(queries).toBeLessThanOrEqual(runProbes(all, range, g).queries);
      expect(queries).toBeLessThanOrEqual(budget.worst);
    }
    // Dense logs with findings-query entries all over the day: first and last only.
    const dense: number[] = [];
    for (let t = range.startUs; t < range.endUs; t += 50_000) dense.push(t);
    expect(runProbes(dense, range, g, dense.filter((_, i) => i % 997 === 0)).queries).toBe(2);
  });

  it('report no false gap at exactly max-gap, and a gap of max-gap + 1µs', () => {
    const g = 30 * MIN;
    const a = range.startUs + MIN;
    const exact = [a, a + g, a + 2 * g, range.endUs - MIN];
    const over = [a, a + g + 1, range.endUs - MIN];
    const gapsOf = (entries: number[]) => coverageGaps(buckets(runProbes(entries, range, g).points), range, g);
    expect(gapsOf(exact).map((x) => [x.startUs, x.endUs])).toEqual([[a + 2 * g, range.endUs - MIN]]);
    expect(gapsOf(over).map((x) => [x.startUs, x.endUs])).toEqual([
      [a, a + g + 1],
      [a + g + 1, range.endUs - MIN],
    ]);
  });

  it('an empty range is one query and one gap; a single entry gives the start and end gaps', () => {
    const g = 30 * MIN;
    expect(runProbes([], range, g)).toEqual({ points: [], queries: 1 });
    const one = range.startUs + 5 * 3_600_000_000;
    const { points } = runProbes([one], range, g);
    expect(points).toEqual([one]);
    expect(coverageGaps(buckets(points), range, g).map((x) => x.position)).toEqual(['start', 'end']);
  });

  it('cost does not depend on volume: ~T/G when dense, ≤ 2T/G+2 without silences over G, ≤ 3T/G+2 always', () => {
    const g = 30 * MIN;
    const budget = probeBudget(range, g);
    expect(budget).toEqual({ dense: 50, noGaps: 98, worst: 146 });
    // Dense: an entry every 50 ms (1.7 million a day).
    const dense: number[] = [];
    for (let t = range.startUs; t < range.endUs; t += 50_000) dense.push(t);
    const d = runProbes(dense, range, g);
    expect(d.queries).toBeLessThanOrEqual(budget.dense);
    expect(d.queries).toBeGreaterThanOrEqual(48);
    // Regular, just over half of max-gap apart: the worst case with no silence over max-gap.
    const sparse: number[] = [];
    for (let t = range.startUs; t < range.endUs; t += g / 2 + 1) sparse.push(t);
    expect(runProbes(sparse, range, g).queries).toBeLessThanOrEqual(budget.noGaps);
    // Pairs of entries with silences just over max-gap between them: the adversarial case.
    const pairs: number[] = [];
    for (let t = range.startUs; t < range.endUs; t += g + 2) pairs.push(t, t + 1);
    expect(runProbes(pairs.filter((x) => x < range.endUs), range, g).queries).toBeLessThanOrEqual(budget.worst);
    for (let seed = 1; seed <= 30; seed++) {
      expect(runProbes(scenario(seed, range, g), range, g).queries).toBeLessThanOrEqual(budget.worst);
    }
  });
});
