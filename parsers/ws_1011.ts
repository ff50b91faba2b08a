import type { Finding, LogEntry, Ws1011Details } from '../src/model/index.js';
import type { Analysis } from './emit.js';
import { emit } from './emit.js';
import { effectiveSeverity } from './levels.js';
import { normalizeVariableParts } from './normalize.js';
import type { Parser, ParserOptions } from './parser.js';
import { DEFAULT_PARSER_OPTIONS } from './parser.js';
import { entryTexts, examinedLines } from './texts.js';

type Direction = Ws1011Details['direction'];

// Frames are joined by `; ` (`; then sent …`, `; no close frame received`); a quote cut mid-way
// (`…Internal error; the`) still ends the first reason there.
const NEXT_FRAME = /;(?: |$)/;
const THEN_FRAME = /; then (?:received|sent) 1011 \(internal error\)/;
// A reason quoted by the code around it: `ConnectionClosedError('received 1011 (...) Internal error')`.
const TRAILING_QUOTE = /["'][)\]}]*[.,;:]?$/;

function cleanReason(s: string): string {
  const t = s.trim();
  const q = TRAILING_QUOTE.exec(t);
  // Only a quote left unbalanced by the cut belongs to the surrounding code: `Cannot call "send"` keeps its own.
  if (!q || t.split(q[0].charAt(0)).length % 2 === 1) return t;
  return t.slice(0, q.index).trim();
}

function firstFrameReason(rest: string): { reason: string; cut: number } {
  const cut = rest.search(NEXT_FRAME);
  return { reason: cleanReason(cut >= 0 ? rest.slice(0, cut) : rest), cut };
}

/** `<reason>` after `(internal error)`, up to the next frame; the echoed frame's when the first has none. */
function websocketsReason(rest: string): string {
  const first = firstFrameReason(rest);
  if (first.reason !== '' || first.cut < 0) return first.reason;
  const then = THEN_FRAME.exec(rest);
  return then ? firstFrameReason(rest.slice(then.index + then[0].length)).reason : '';
}

/** `(code: 1011, attempted: True): <error>` → the error after the parenthesis. */
function parenthesisReason(rest: string): string {
  const close = rest.indexOf(')');
  return cleanReason(close >= 0 ? (/^:\s*(.*)$/.exec(rest.slice(close + 1))?.[1] ?? '') : '');
}

function closeCodeReason(rest: string): string {
  const m = /reason[:=]\s*(?:"([^"]*)"|'([^']*)'|([^,;)\]}]*))/.exec(rest);
  return cleanReason(m?.[1] ?? m?.[2] ?? m?.[3] ?? '');
}

interface Form {
  readonly re: RegExp;
  readonly direction: (m: RegExpExecArray) => Direction;
  /** The close reason from the text after the match. */
  readonly reason: (rest: string) => string;
}

/**
 * The close forms of LOG-FORMATS §6. Each has a space, `(`, `=` or `:` right before `1011` and a
 * non-alphanumeric right after it, so the `1011` whole-word needle holds for every match, in a
 * text line and inside JSON (where only space-like control characters would be escaped).
 * UUIDs (`-1011-`), timestamps, `0.1011s`, `#1011` and "would cause WebSocket 1011 errors"
 * predictions have none of these shapes.
 */
const FORMS: readonly Form[] = [
  // python websockets >= 10 (ConnectionClosed.__str__): `received 1011 (internal error) <reason>`
  {
    re: /(received|sent) 1011 \(internal error\)/,
    direction: (m) => (m[1] === 'sent' ? 'sent' : 'received'),
    reason: websocketsReason,
  },
  // websockets < 10: `code = 1011 (unexpected error), reason = <reason>`
  {
    re: /code = 1011 \(unexpected error\)/,
    direction: () => 'legacy',
    reason: (rest) => cleanReason(/^, reason = (.*)$/.exec(rest)?.[1] ?? ''),
  },
  // backend: `Unexpected RuntimeError during WebSocket close (code: 1011): <error>`
  { re: /\(code: 1011(?![0-9A-Za-z])/, direction: () => 'backend', reason: parenthesisReason },
  // backend: `Disconnected user u with code 1011: <reason>`
  {
    re: /with code 1011(?![0-9A-Za-z])/,
    direction: () => 'backend',
    reason: (rest) => cleanReason(/^\s*[:,]\s*(.*)$/.exec(rest)?.[1] ?? ''),
  },
  { re: /close_code[:=]1011(?![0-9A-Za-z])/, direction: () => 'backend', reason: closeCodeReason },
];

function earliestForm(line: string): { form: Form; m: RegExpExecArray } | null {
  let best: { form: Form; m: RegExpExecArray } | null = null;
  for (const form of FORMS) {
    const m = form.re.exec(line);
    if (m && (best === null || m.index < best.m.index)) best = { form, m };
  }
  return best;
}

/**
 * Same problem, same fingerprint: the close reason with what varies per connection folded away
 * (ids, UUIDs, numbers, times), whitespace collapsed and case ignored; the direction is not part
 * of it, the client's `received` and the server's `sent` of one reason are one problem.
 */
export function reasonKey(reason: string): string {
  return normalizeVariableParts(reason).toLowerCase();
}

function analyzeLine(line: string): Analysis | null {
  const hit = earliestForm(line);
  if (!hit) return null;
  const rest = line.slice(hit.m.index + hit.m[0].length);
  const reason = hit.form.reason(rest);
  const direction = hit.form.direction(hit.m);
  const details: Ws1011Details = { code: 1011, reason, direction };
  return { message: line.trim(), details, fingerprintKey: reasonKey(reason) };
}

export function createWs1011Parser(options: ParserOptions = DEFAULT_PARSER_OPTIONS): Parser {
  return {
    kind: 'ws_1011',
    description: 'WebSocket closes with code 1011 (internal error), as python websockets or the backend log them',
    needles: [{ text: '1011', wholeWord: true }],
    match(entry: LogEntry): Finding | null {
      for (const text of entryTexts(entry)) {
        if (!text.includes('1011')) continue;
        for (const line of examinedLines(text)) {
          if (!line.includes('1011') || !earliestForm(line)) continue;
          const finding = emit('ws_1011', entry, options, line, analyzeLine, effectiveSeverity(entry, text));
          if (finding) return finding;
        }
      }
      return null;
    },
  };
}

export const ws1011Parser: Parser = createWs1011Parser();
