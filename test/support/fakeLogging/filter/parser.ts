/**
 * Recursive-descent parser for the Logging query language subset, with the language's own
 * precedence (AIP-160, which Cloud Logging follows): NOT binds tightest, then OR, then AND —
 * OR binds tighter than AND, so `a OR b AND c` is `(a OR b) AND c`. Juxtaposition is an
 * implicit AND at the same level as `AND`: `a b OR c` is `a AND (b OR c)`.
 *
 *   filter     := [expression] EOF
 *   expression := sequence { "AND" sequence }
 *   sequence   := factor { factor }             -- implicit AND
 *   factor     := term { "OR" term }
 *   term       := "NOT" term | "-" comparison | "(" expression ")" | comparison
 *   comparison := path operator value
 */
import type { FilterNode, Literal } from './ast.js';
import { FilterError } from './errors.js';
import type { Token } from './tokens.js';
import { tokenize } from './tokens.js';

export function parseFilter(filter: string): FilterNode {
  const p = new Parser(tokenize(filter));
  if (p.peek().kind === 'eof') return { kind: 'all' };
  const node = p.expression();
  const rest = p.peek();
  if (rest.kind !== 'eof') throw new FilterError(`unexpected ${describe(rest)}`, rest.offset);
  return node;
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'word':
      return `word ${JSON.stringify(t.text)}`;
    case 'string':
      return `string ${JSON.stringify(t.text)}`;
    case 'op':
      return `operator ${t.op}`;
    case 'eof':
      return 'end of filter';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    default:
      return t.kind.toUpperCase();
  }
}

const flatten = (kind: 'and' | 'or', items: FilterNode[]): FilterNode => (items.length === 1 ? items[0]! : { kind, items });

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  expression(): FilterNode {
    const items = [this.sequence()];
    while (this.peek().kind === 'and') {
      this.next();
      items.push(this.sequence());
    }
    return flatten('and', items);
  }

  private sequence(): FilterNode {
    const items = [this.factor()];
    // Another term right after a complete factor is juxtaposition: an implicit AND.
    while (this.startsTerm(this.peek())) items.push(this.factor());
    return flatten('and', items);
  }

  private factor(): FilterNode {
    const items = [this.term()];
    while (this.peek().kind === 'or') {
      this.next();
      items.push(this.term());
    }
    return flatten('or', items);
  }

  private startsTerm(t: Token): boolean {
    return t.kind === 'not' || t.kind === 'lparen' || t.kind === 'word' || t.kind === 'string';
  }

  private term(): FilterNode {
    const t = this.peek();
    if (t.kind === 'not') {
      this.next();
      return { kind: 'not', item: this.term() };
    }
    if (t.kind === 'lparen') {
      this.next();
      if (this.peek().kind === 'rparen') throw new FilterError('empty parentheses', t.offset);
      const inner = this.expression();
      const close = this.next();
      if (close.kind !== 'rparen') throw new FilterError(`expected ")" but found ${describe(close)}`, close.offset);
      return inner;
    }
    if (t.kind === 'word' && t.text.startsWith('-') && t.text.length > 1) {
      // `-field:value` is the language's short form of NOT.
      return { kind: 'not', item: this.comparison(t.text.slice(1), t.offset + 1) };
    }
    if (t.kind === 'word') return this.comparison(t.text, t.offset);
    if (t.kind === 'string') {
      throw new FilterError(`global restrictions (a bare value such as ${JSON.stringify(t.text)}) are not supported by the fake`, t.offset);
    }
    throw new FilterError(`expected a comparison but found ${describe(t)}`, t.offset);
  }

  private comparison(pathText: string, offset: number): FilterNode {
    this.next(); // the path word
    const opToken = this.peek();
    if (opToken.kind === 'lparen') throw new FilterError(`functions such as ${pathText}(…) are not supported by the fake`, offset);
    if (opToken.kind === 'string' && pathText.endsWith('.')) {
      throw new FilterError('quoted field-path segments (a."b.c") are not supported by the fake', opToken.offset);
    }
    if (opToken.kind !== 'op') {
      throw new FilterError(`global restrictions (a bare value such as ${JSON.stringify(pathText)}) are not supported by the fake`, offset);
    }
    this.next();
    const path = pathText.split('.');
    if (path.some((s) => s === '')) throw new FilterError(`malformed field path ${JSON.stringify(pathText)}`, offset);
    return { kind: 'cmp', path, op: opToken.op, value: this.value(), offset };
  }

  private value(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { text: t.text, quoted: true, offset: t.offset };
    if (t.kind === 'word') return { text: t.text, quoted: false, offset: t.offset };
    if (t.kind === 'lparen') throw new FilterError('value lists such as field=("a" OR "b") are not supported by the fake', t.offset);
    throw new FilterError(`expected a value but found ${describe(t)}`, t.offset);
  }
}
