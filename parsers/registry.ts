import type { Kind } from '../src/model/index.js';
import { KINDS } from '../src/model/index.js';
import { createAuth403Parser } from './auth_403.js';
import type { Needle, Parser, ParserOptions } from './parser.js';
import { DEFAULT_PARSER_OPTIONS } from './parser.js';
import { createSsotWarningParser } from './ssot_warning.js';
import { createWs1011Parser } from './ws_1011.js';

export type ParserFactory = (options: ParserOptions) => Parser;

/**
 * One factory per built-in kind. User-defined rules from a config file are meant to compile to
 * the same `ParserFactory` shape and be appended by the caller; they need a kind of their own,
 * which the model's closed `KINDS` enum does not offer yet.
 */
export const PARSER_FACTORIES: Readonly<Record<Kind, ParserFactory>> = Object.freeze({
  ssot_warning: createSsotWarningParser,
  ws_1011: createWs1011Parser,
  auth_403: createAuth403Parser,
});

/** Parsers for the given kinds, in the order given, duplicates dropped. */
export function parsersFor(kinds: readonly Kind[], options: ParserOptions = DEFAULT_PARSER_OPTIONS): Parser[] {
  return [...new Set(kinds)].map((kind) => PARSER_FACTORIES[kind](options));
}

/** Every built-in parser, in `KINDS` order. `createParsers({redact: false})` is `--no-redact`. */
export function createParsers(options: ParserOptions = DEFAULT_PARSER_OPTIONS): Parser[] {
  return parsersFor(KINDS, options);
}

/** The needles of the given parsers (default: all), each distinct needle once. */
export function allNeedles(parsers: readonly Parser[] = createParsers()): Needle[] {
  const seen = new Map<string, Needle>();
  for (const p of parsers) for (const n of p.needles) seen.set(`${n.wholeWord ? 'w' : 's'}:${n.httpStatus ?? ''}:${n.text}`, n);
  return [...seen.values()];
}
