import type { Operator } from './tokens.js';

export interface Literal {
  /** The value with escapes resolved. */
  readonly text: string;
  /** Quoted values are always strings; unquoted ones may be numbers or enum names. */
  readonly quoted: boolean;
  readonly offset: number;
}

export type FilterNode =
  | { readonly kind: 'and'; readonly items: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly items: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly item: FilterNode }
  | {
      readonly kind: 'cmp';
      /** `jsonPayload.a.b` → ['jsonPayload', 'a', 'b'] */
      readonly path: readonly string[];
      readonly op: Operator;
      readonly value: Literal;
      readonly offset: number;
    }
  /** The empty filter: every entry matches. */
  | { readonly kind: 'all' };

/** The AST printed back with every group parenthesized: what tests compare precedence against. */
export function printFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'all':
      return '';
    case 'and':
      return `(${node.items.map(printFilter).join(' AND ')})`;
    case 'or':
      return `(${node.items.map(printFilter).join(' OR ')})`;
    case 'not':
      return `NOT ${printFilter(node.item)}`;
    case 'cmp':
      return `${node.path.join('.')}${node.op}${node.value.quoted ? JSON.stringify(node.value.text) : node.value.text}`;
  }
}
