/**
 * CSV as RFC 4180 says: fields separated by commas, records by CRLF, a field holding a comma,
 * a double quote, CR or LF is enclosed in double quotes with its quotes doubled.
 *
 * Formula injection: a spreadsheet opening the file runs any cell that starts with `=`, `+`, `-`
 * or `@` as a formula (and tab or CR can smuggle one in), and log messages are attacker text
 * (a request path, a header). Such cells get a leading `'`, which spreadsheets read as "text";
 * the value is otherwise unchanged. No number this tool writes starts with one of them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(values: ReadonlyArray<string | number | boolean | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
