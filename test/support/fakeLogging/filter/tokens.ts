/**
 * Tokenizer for the Logging query language subset. Words are maximal runs of characters that
 * are not space, quote, parenthesis or operator characters; `AND`/`OR`/`NOT` are keywords only
 * in upper case (lower-case `and` is a bare word, which the parser then rejects, as the real
 * service would treat it as a global search term).
 */
import { FilterError } from './errors.js';

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=' | ':' | '=~' | '!~';

export type Token =
  | { kind: 'word'; text: string; offset: number }
  | { kind: 'string'; text: string; offset: number }
  | { kind: 'op'; op: Operator; offset: number }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen'; offset: number }
  | { kind: 'eof'; offset: number };

const OPERATORS: readonly Operator[] = ['=~', '!~', '!=', '<=', '>=', '=', '<', '>', ':']; // longest first
const WORD_BREAK = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '=', '!', '<', '>', ':', '~']);
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', t: '\t', r: '\r' };
const KEYWORDS: Readonly<Record<string, 'and' | 'or' | 'not'>> = { AND: 'and', OR: 'or', NOT: 'not' };

export function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', offset: i });
      i++;
    } else if (c === '"') {
      const [text, end] = readString(filter, i);
      tokens.push({ kind: 'string', text, offset: i });
      i = end;
    } else {
      const op = OPERATORS.find((o) => filter.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', op, offset: i });
        i += op.length;
        continue;
      }
      if (WORD_BREAK.has(c)) throw new FilterError(`unexpected character ${JSON.stringify(c)}`, i);
      const start = i;
      while (i < filter.length && !WORD_BREAK.has(filter[i]!)) i++;
      const text = filter.slice(start, i);
      const keyword = KEYWORDS[text];
      tokens.push(keyword ? { kind: keyword, offset: start } : { kind: 'word', text, offset: start });
    }
  }
  tokens.push({ kind: 'eof', offset: filter.length });
  return tokens;
}

/** A double-quoted string starting at `start`; returns its value and the index after it. */
function readString(filter: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < filter.length) {
    const c = filter[i]!;
    if (c === '"') return [out, i + 1];
    if (c === '\\') {
      const next = filter[i + 1];
      const replacement = next === undefined ? undefined : ESCAPES[next];
      if (replacement === undefined) {
        throw new FilterError(`unsupported escape \\${next ?? ''} in a string (the fake knows \\" \\\\ \\n \\t \\r)`, i);
      }
      out += replacement;
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  throw new FilterError('unterminated string', start);
}
