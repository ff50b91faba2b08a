import type { GEntry, JsonValue, WorldEntry } from '../model.js';

/**
 * `gcloud logging read --format=json`: its JsonPrinter does `json.dumps(record, indent=2,
 * sort_keys=True, separators=(',', ': '), ensure_ascii=False)` per entry inside `[\n` … `\n]\n`.
 * For our (ASCII-keyed, integer-free-key) objects that is exactly JSON.stringify of a
 * key-sorted copy with 2-space indent, plus the final newline. Newest entry first.
 */

/** Copy with object keys sorted by code point at every level (Python's `sort_keys`). */
export function sortKeysDeep(v: unknown): JsonValue {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const k of Object.keys(v).sort(byCodePoint)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeysDeep(x);
    }
    return out;
  }
  return v as JsonValue;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Newest first; ties (same microsecond) broken by insertId, also descending. */
export function newestFirst(entries: readonly WorldEntry[]): WorldEntry[] {
  return [...entries].sort((x, y) => y.tsUs - x.tsUs || byCodePoint(y.entry.insertId, x.entry.insertId));
}

export function renderGcloudArray(entries: readonly WorldEntry[]): string {
  const list: GEntry[] = newestFirst(entries).map((e) => e.entry);
  if (list.length === 0) return '[]\n';
  return `${JSON.stringify(sortKeysDeep(list), null, 2)}\n`;
}
