export interface ParsedList {
  /** Items in logged order. */
  readonly items: string[];
  /** False when the list was cut off (`...`, no closing bracket, an item without its closing quote). */
  readonly complete: boolean;
}

/**
 * Parses the Python `repr` of a `list[str]` starting at `text[start] === '['`: items quoted with
 * `'` (or `"` when the item holds a `'`), separated by `, `. In a real repr the item's own quote
 * character never occurs unescaped inside it, so free-text items (`-`, `:`, `=`, `, `) are safe.
 * Stops at the first thing that is not a well-formed item and returns what it got so far.
 */
export function parsePythonStrList(text: string, start: number): ParsedList {
  const items: string[] = [];
  if (text[start] !== '[') return { items, complete: false };
  let i = start + 1;
  if (text[i] === ']') return { items, complete: true };
  for (;;) {
    const quote = text[i];
    if (quote !== "'" && quote !== '"') return { items, complete: false };
    let j = text.indexOf(quote, i + 1);
    if (j < 0) return { items, complete: false };
    let value = text.slice(i + 1, j);
    if (value.includes('\\')) ({ value, end: j } = unescapeItem(text, i + 1, quote));
    if (j >= text.length) return { items, complete: false };
    items.push(value);
    if (text[j + 1] === ']') return { items, complete: true };
    if (text[j + 1] !== ',' || text[j + 2] !== ' ') return { items, complete: false };
    i = j + 3;
  }
}

/** An item with backslash escapes, read character by character (rare: class names have none). */
function unescapeItem(text: string, from: number, quote: string): { value: string; end: number } {
  let value = '';
  let j = from;
  for (; j < text.length && text[j] !== quote; j++) {
    const c = text[j];
    if (c === '\\' && j + 1 < text.length) {
      const next = text[j + 1] as string;
      value += next === '\\' || next === "'" || next === '"' ? next : c + next;
      j++;
    } else value += c;
  }
  return { value, end: j };
}
