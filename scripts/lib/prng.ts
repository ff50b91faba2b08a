/**
 * Seeded randomness for the generators. Never Math.random: the checked-in samples must be
 * reproducible byte for byte, and tests compare hashes.
 *
 * sfc32 (Chris Doty-Humphrey's small fast counting generator) seeded through splitmix32:
 * fast, 32-bit only (no BigInt on the hot path), good enough statistically for fake logs.
 */

const HEX = '0123456789abcdef';
/** Two hex digits per byte value, so a u32 becomes hex with four lookups. */
export const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

/** FNV-1a of a label, so forks are named rather than numbered. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * `label` names an independent stream derived from `seed`. Streams are derived from
   * (seed, label) only, never from another stream's state, so adding draws to one part of
   * the story does not shift every other part.
   */
  constructor(
    readonly seed: number,
    readonly label = '',
  ) {
    const st = { s: (seed ^ fnv1a(label)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    for (let i = 0; i < 12; i++) this.u32();
  }

  fork(label: string): Rng {
    return new Rng(this.seed, `${this.label}/${label}`);
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) {
      const v = this.u32();
      s += HEX2[v & 255]! + HEX2[(v >>> 8) & 255]! + HEX2[(v >>> 16) & 255]! + HEX2[v >>> 24]!;
    }
    return s.length === n ? s : s.slice(0, n);
  }

  /** Eight hex digits, the hot-path case (insertId tails). */
  hex8(): string {
    const v = this.u32();
    return HEX2[v >>> 24]! + HEX2[(v >>> 16) & 255]! + HEX2[(v >>> 8) & 255]! + HEX2[v & 255]!;
  }
}

/** A u32 as exactly eight hex digits. */
export function hex8(v: number): string {
  return HEX2[(v >>> 24) & 255]! + HEX2[(v >>> 16) & 255]! + HEX2[(v >>> 8) & 255]! + HEX2[v & 255]!;
}
