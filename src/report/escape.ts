/** Escaping for every log-derived string that goes into a structured output. */

/** Text inside a Markdown table cell or list item: no pipes, no HTML, no line breaks, no code spans. */
export function mdText(s: string, max = 200): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const clipped = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return clipped.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/&/g, '&amp;');
}

/** Inline code for identifiers (service, revision): backticks inside are replaced. */
export function mdCode(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

// Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

/** Text or attribute value in XML. */
export function xml(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A POSIX shell word: unchanged when safe, else single-quoted. */
export function shellWord(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
