/**
 * Turns a parsed filter into a predicate over stored entries. Every comparison is checked
 * against its field's type here, once, so evaluation never meets an unsupported case.
 *
 * Semantics (Cloud Logging's, as far as the fake goes):
 * - strings: `=`, `!=`, `<`… and `:` (has, substring) ignore case; `=~`/`!~` are regular
 *   expressions, case-sensitive, unanchored (RE2 approximated by JS RegExp, `(?i)` prefix honoured);
 * - a comparison on a missing field is false, `!=` and `!~` included (`NOT f=x` matches it);
 * - `f:*` tests presence;
 * - `severity` compares by level; `timestamp`/`receiveTimestamp` compare as instants;
 * - jsonPayload values: strings as strings, numbers numerically against numeric literals, `:` on
 *   an object or list looks at every leaf below it, lists match if any element does.
 */
import { compareInstants, parseInstant } from '../timestamps.js';
import { SEVERITY_LEVELS } from '../protoTypes.js';
import type { FilterNode, Literal } from './ast.js';
import { FilterError } from './errors.js';
import type { EntryView, Field } from './fields.js';
import { resolveField } from './fields.js';
import type { Operator } from './tokens.js';

export type Predicate = (v: EntryView) => boolean;

export function compileFilter(node: FilterNode): Predicate {
  switch (node.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const items = node.items.map(compileFilter);
      return (v) => items.every((p) => p(v));
    }
    case 'or': {
      const items = node.items.map(compileFilter);
      return (v) => items.some((p) => p(v));
    }
    case 'not': {
      const item = compileFilter(node.item);
      return (v) => !item(v);
    }
    case 'cmp':
      return compileComparison(resolveField(node.path, node.offset), node.op, node.value);
  }
}

const ORDERING: Readonly<Partial<Record<Operator, (c: number) => boolean>>> = {
  '=': (c) => c === 0,
  '!=': (c) => c !== 0,
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
};

function unsupported(field: Field, op: Operator, value: Literal): never {
  throw new FilterError(`operator ${op} is not supported by the fake on ${field.type} field ${field.name}`, value.offset);
}

function compileComparison(field: Field, op: Operator, value: Literal): Predicate {
  if (op === ':' && !value.quoted && value.text === '*') return (v) => field.read(v) !== undefined;
  switch (field.type) {
    case 'instant': {
      const order = ORDERING[op] ?? unsupported(field, op, value);
      const t = parseInstant(value.text);
      if (!t) throw new FilterError(`${field.name} needs an RFC 3339 instant with a zone, got ${JSON.stringify(value.text)}`, value.offset);
      return (v) => {
        const x = field.read(v);
        return x !== undefined && order(compareInstants(x, t));
      };
    }
    case 'severity': {
      const order = ORDERING[op] ?? unsupported(field, op, value);
      const level = SEVERITY_LEVELS[value.text.toUpperCase()];
      if (level === undefined) throw new FilterError(`unknown severity ${JSON.stringify(value.text)}`, value.offset);
      return (v) => order(field.read(v) - level);
    }
    case 'integer': {
      if (op !== ':' && op !== '=~' && op !== '!~' && !Number.isFinite(Number(value.text))) {
        throw new FilterError(`${field.name} compares with a number, got ${JSON.stringify(value.text)}`, value.offset);
      }
      const test = scalarTest(op, value);
      return (v) => {
        const x = field.read(v);
        return x !== undefined && test(x);
      };
    }
    case 'string': {
      if (op === ':') {
        // "has" ignores case: read and lower-case each field once per entry, whatever the number of terms.
        const wanted = value.text.toLowerCase();
        return (v) => {
          let s = v.lowered.get(field.name);
          if (s === undefined) {
            const x = field.read(v);
            s = x === undefined ? null : x.toLowerCase();
            v.lowered.set(field.name, s);
          }
          return s !== null && s.includes(wanted);
        };
      }
      const test = scalarTest(op, value);
      return (v) => {
        const x = field.read(v);
        return x !== undefined && test(x);
      };
    }
    case 'json': {
      if (op === ':') {
        // As for strings; a string leaf (the usual message) is cached, other shapes are walked.
        const wanted = value.text.toLowerCase();
        const test = scalarTest(op, value);
        return (v) => {
          let s = v.lowered.get(field.name);
          if (s === undefined) {
            const x = field.read(v);
            if (x !== undefined && typeof x !== 'string') return jsonMatches(x, op, test);
            s = x === undefined ? null : x.toLowerCase();
            v.lowered.set(field.name, s);
          }
          return s !== null && s.includes(wanted);
        };
      }
      const test = scalarTest(op, value);
      return (v) => {
        const x = field.read(v);
        return x !== undefined && jsonMatches(x, op, test);
      };
    }
  }
}

/** A test on one leaf value (string, number or boolean) for operator `op` against `value`. */
function scalarTest(op: Operator, value: Literal): (x: string | number | boolean) => boolean {
  if (op === '=~' || op === '!~') {
    const re = compileRegex(value);
    return op === '=~' ? (x) => re.test(String(x)) : (x) => !re.test(String(x));
  }
  const wanted = value.text.toLowerCase();
  if (op === ':') return (x) => String(x).toLowerCase().includes(wanted);
  const order = ORDERING[op]!;
  const number = value.text.trim() !== '' ? Number(value.text) : NaN;
  return (x) => {
    if (typeof x === 'number') return Number.isFinite(number) && order(x - number);
    const s = String(x).toLowerCase();
    return order(s < wanted ? -1 : s > wanted ? 1 : 0);
  };
}

function jsonMatches(x: unknown, op: Operator, test: (leaf: string | number | boolean) => boolean): boolean {
  if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return test(x);
  if (Array.isArray(x)) return x.some((e) => jsonMatches(e, op, test));
  // Only "has" looks inside an object; an object is never equal to or ordered against a literal.
  if (x !== null && typeof x === 'object') return op === ':' && Object.values(x).some((e) => jsonMatches(e, op, test));
  return false; // null: treated as missing
}

function compileRegex(value: Literal): RegExp {
  let source = value.text;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new FilterError(`invalid regular expression ${JSON.stringify(value.text)}: ${(e as Error).message}`, value.offset);
  }
}
