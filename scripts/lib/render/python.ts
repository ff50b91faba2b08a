/**
 * Just enough of Python's data model to write what a Python script writes: `repr()` of
 * dicts/strings (the wrapper's `raw_payload`) and `json.dump(obj, f, indent=2)` (ensure_ascii,
 * floats printed `910.0`). Dicts keep an explicit key order, because the Python client returns
 * Struct fields in map order, not sorted.
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

export interface PyDict {
  readonly type: 'dict' | 'OrderedDict';
  readonly items: readonly (readonly [string, PyValue])[];
}

export type PyValue = string | number | boolean | null | PyFloat | PyValue[] | PyDict;

export function pyDict(items: readonly (readonly [string, PyValue])[], type: PyDict['type'] = 'dict'): PyDict {
  return { type, items };
}

function isDict(v: PyValue): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

function floatRepr(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

// Python's str.isprintable() is false for categories C* and Z* (except the ASCII space).
const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

/** CPython's `unicode_repr`: single quotes unless the text has `'` and no `"`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c < 0x7f) out += ch;
    else if (!NON_PRINTABLE.test(ch) || ch === ' ') out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  const body = v.items.map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ');
  if (v.type === 'OrderedDict') return v.items.length === 0 ? 'OrderedDict()' : `OrderedDict({${body}})`;
  return `{${body}}`;
}

/** `json.dumps` string with ensure_ascii=True: everything outside printable ASCII is `\uXXXX`. */
export function pyJsonStr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    // UTF-16 code units are exactly what Python writes (surrogate pairs for astral characters).
    else out += `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out + '"';
}

/** `json.dump(v, f, indent=2)`: separators `,` / `: `, empty containers as `{}` / `[]`. */
export function pyJson(v: PyValue, indent = 2, level = 0): string {
  if (v === null) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'string') return pyJsonStr(v);
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  const inner = ' '.repeat(indent * (level + 1));
  const outer = ' '.repeat(indent * level);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + pyJson(x, indent, level + 1)).join(',\n')}\n${outer}]`;
  }
  if (!isDict(v)) throw new Error('unreachable');
  if (v.items.length === 0) return '{}';
  return `{\n${v.items.map(([k, x]) => `${inner}${pyJsonStr(k)}: ${pyJson(x, indent, level + 1)}`).join(',\n')}\n${outer}}`;
}

/** Python `str[:n]`: code points, not UTF-16 units. */
export function pyCut(s: string, n: number): string {
  const cps = Array.from(s);
  return cps.length <= n ? s : cps.slice(0, n).join('');
}
