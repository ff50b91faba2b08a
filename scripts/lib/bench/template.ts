import { sortKeysDeep } from '../render/gcloudArray.js';
import { sinkOrder } from '../render/sinkJsonl.js';
import type { GEntry } from '../model.js';

/**
 * A LogEntry pre-serialized once, with holes: rendering an entry is then a concatenation of
 * cached fragments and a few short generated strings, which is what makes >150 MB/s possible.
 * Holes are `@@NAME@@` markers placed inside JSON strings by the builders; values are ASCII
 * and need no escaping (hex, digits, timestamps).
 */

export const SLOTS = ['TS', 'RTS', 'IID', 'INST', 'SVC', 'REV', 'TRACE', 'SPAN', 'LAT', 'PORT', 'DUR', 'UUID', 'PTS', 'ATS', 'AERR', 'AVAL', 'GS', 'PLS', 'CONN'] as const;
export type SlotName = (typeof SLOTS)[number];
export const SLOT: { readonly [K in SlotName]: number } = Object.fromEntries(SLOTS.map((s, i) => [s, i])) as { [K in SlotName]: number };

export type BenchFormat = 'gcloud-array' | 'jsonl';

export interface Compiled {
  /** parts.length === slots.length + 1 */
  readonly parts: readonly string[];
  readonly slots: readonly number[];
  /** Bitmask of the slots used, so values are only generated when needed. */
  readonly needs: number;
  /** UTF-8 bytes of the fragments (values are ASCII: their length is their size). */
  readonly staticBytes: number;
}

/** `{ph: 'TS'}` → `@@TS@@`, for the builders' string inputs. */
export const ph = (name: SlotName): string => `@@${name}@@`;

export function serializeFor(format: BenchFormat, e: GEntry): string {
  if (format === 'jsonl') return `${JSON.stringify(sinkOrder(e))}\n`;
  // An element of the gcloud array: every line indented by two more spaces.
  return `  ${JSON.stringify(sortKeysDeep(e), null, 2).replace(/\n/g, '\n  ')}`;
}

export function compile(text: string): Compiled {
  const parts: string[] = [];
  const slots: number[] = [];
  let needs = 0;
  const re = /@@([A-Z]+)@@/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const idx = (SLOTS as readonly string[]).indexOf(m[1]!);
    if (idx < 0) throw new Error(`unknown template slot ${m[0]}`);
    parts.push(text.slice(last, m.index));
    slots.push(idx);
    needs |= 1 << idx;
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, slots, needs, staticBytes: parts.reduce((n, p) => n + Buffer.byteLength(p), 0) };
}
