/** Small wording helpers, so every sentence counts and pluralizes the same way. */

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `a`, `a and b`, `a, b and c`; at most `max` items, then `and N more`. */
export function listOf(items: readonly string[], max = 5, conj: 'and' | 'or' = 'and'): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} ${conj} ${formatCount(rest)} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conj} ${shown[shown.length - 1]}`;
}

/** A log message shortened for a one-line reason. */
export function excerpt(text: string, max = 120): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
