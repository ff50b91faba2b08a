import type { Finding, LogEntry, Severity } from '../src/model/index.js';
import { normalizeSeverity, severityRank } from '../src/model/index.js';
import type { Analysis } from './emit.js';
import { emit } from './emit.js';
import { effectiveSeverity, stripLevelPrefix } from './levels.js';
import { normalizeVariableParts } from './normalize.js';
import type { Parser, ParserOptions } from './parser.js';
import { DEFAULT_PARSER_OPTIONS } from './parser.js';
import { parsePythonStrList } from './pythonList.js';
import { entryTexts, examinedLines } from './texts.js';

/** The five markers of LOG-FORMATS §6, case-sensitive. */
const MARKERS = [
  'SSOT WARNING:',
  'SSOT VIOLATION:',
  'SSOT VALIDATION:',
  'SSOT validation issues (non-blocking):',
  'potential SSOT violation',
] as const;
type Marker = (typeof MARKERS)[number];

/** Families whose text ends in a Python list (§2.2, §2.3): the subject is the text before it. */
const LIST_FAMILIES: readonly { family: string; subject: string; verbatimItems: boolean }[] = [
  { family: 'F1a', subject: 'SSOT WARNING: Found other WebSocket Manager classes', verbatimItems: true },
  { family: 'F1b', subject: 'SSOT WARNING: Found unexpected WebSocket Manager classes', verbatimItems: true },
  // F2 items are free-text issues naming a user; folded like any free text so users group.
  { family: 'F2', subject: 'SSOT validation issues (non-blocking)', verbatimItems: false },
];

const FAMILY_OF_MARKER: Record<Marker, string> = {
  'SSOT WARNING:': 'F5',
  'SSOT VIOLATION:': 'F4',
  'SSOT VALIDATION:': 'F3',
  'SSOT validation issues (non-blocking):': 'F2',
  'potential SSOT violation': 'F6',
};

// Emoji, their `[U+26A0]` / `?` stand-ins and the text tokens of §1.8 that precede a message.
const LEADING_DECORATION =
  /^(?:\s|[^\x00-\x7F]|[?!*#>|-]|\[U\+[0-9A-Fa-f]{4,6}\]|\[[^\]A-Za-z0-9]{0,8}\]|(?:WARNING|ALERT|FAIL|PASS|SEARCH):(?=\s))+/;

function earliestMarker(line: string): { marker: Marker; at: number } | null {
  let best: { marker: Marker; at: number } | null = null;
  for (const marker of MARKERS) {
    const at = line.indexOf(marker);
    if (at >= 0 && (best === null || at < best.at)) best = { marker, at };
  }
  return best;
}

function classKey(items: readonly string[], verbatim: boolean): string[] {
  const keyed = verbatim ? items : items.map(normalizeVariableParts);
  // Code-unit order, not localeCompare: the key must not depend on the machine's ICU locale.
  return [...new Set(keyed)].sort();
}

function analyzeLine(line: string): Analysis | null {
  const hit = earliestMarker(line);
  if (!hit) return null;
  const fromMarker = line.slice(hit.at);
  const listFamily = LIST_FAMILIES.find((f) => fromMarker.startsWith(f.subject));
  let family = FAMILY_OF_MARKER[hit.marker];
  let subject: string;
  let classes: string[] = [];
  let complete = true;
  let keyClasses: string[] = [];
  if (listFamily) {
    family = listFamily.family;
    subject = listFamily.subject;
    const rest = fromMarker.slice(subject.length);
    const bracket = /^:\s*\[/.exec(rest);
    if (bracket) {
      const parsed = parsePythonStrList(fromMarker, subject.length + bracket[0].length - 1);
      classes = parsed.items;
      complete = parsed.complete;
    } else complete = false;
    keyClasses = classKey(classes, listFamily.verbatimItems);
  } else if (hit.marker === 'potential SSOT violation') {
    // The marker ends the sentence (`User context has shared state - potential SSOT violation`).
    subject = stripLevelPrefix(line.slice(0, hit.at + hit.marker.length)).replace(LEADING_DECORATION, '');
  } else {
    subject = fromMarker.trim();
  }
  const keySubject = normalizeVariableParts(subject);
  const fingerprintKey = [keySubject, ...keyClasses, ...(complete ? [] : ['…'])].join('\n');
  return {
    message: line.trim(),
    details: { family, subject, classes, truncated: !complete },
    fingerprintKey,
  };
}

function counts(severity: Severity): boolean {
  return severity === 'DEFAULT' || severityRank(severity) >= severityRank('WARNING');
}

export function createSsotWarningParser(options: ParserOptions = DEFAULT_PARSER_OPTIONS): Parser {
  return {
    kind: 'ssot_warning',
    description: 'SSOT WARNING / VIOLATION / VALIDATION lines at WARNING or above (or without a severity)',
    needles: MARKERS.map((text) => ({ text })),
    match(entry: LogEntry): Finding | null {
      for (const text of entryTexts(entry)) {
        if (!MARKERS.some((m) => text.includes(m))) continue;
        // LOG-FORMATS §6 counts by the entry's own severity: WARNING or above, or none at all.
        // A level written inside a text line (`… - INFO - …`) is text, not the entry's
        // severity (Cloud Run gives plain lines none); it only labels the finding.
        if (!counts(normalizeSeverity(entry.severity))) continue;
        const severity = effectiveSeverity(entry, text);
        for (const line of examinedLines(text)) {
          if (!earliestMarker(line)) continue;
          const finding = emit('ssot_warning', entry, options, line, analyzeLine, severity);
          if (finding) return finding;
        }
      }
      return null;
    },
  };
}

export const ssotWarningParser: Parser = createSsotWarningParser();
