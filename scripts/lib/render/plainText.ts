import type { WorldEntry } from '../model.js';

/**
 * A container's own output as plain text (what `docker logs` or a gunicorn log file holds):
 * the single-line stdout/stderr text payloads of one instance, in time order. JSON-structured
 * lines and multi-line tracebacks are left out, so every line is one entry. Lines carry a time
 * only when their producer wrote one (gunicorn's `[… +0000]`, Python logging's asctime);
 * uvicorn access lines have none.
 */
export function plainTextLines(entries: readonly WorldEntry[], instance: string, fromUs: number, untilUs: number): WorldEntry[] {
  return entries
    .filter(
      (w) =>
        w.instance === instance &&
        w.tsUs >= fromUs &&
        w.tsUs < untilUs &&
        w.entry.textPayload !== undefined &&
        !w.entry.textPayload.includes('\n') &&
        (w.entry.logName.endsWith('%2Fstdout') || w.entry.logName.endsWith('%2Fstderr')),
    )
    .sort((x, y) => x.tsUs - y.tsUs);
}

export function renderPlainText(lines: readonly WorldEntry[]): string {
  return lines.map((w) => `${w.entry.textPayload}\n`).join('');
}

/** The time a line states about itself, at the second, as the producer wrote it (UTC). */
export function lineTimestamp(text: string): string | null {
  const g = /^\[(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) \+0000\]/.exec(text);
  if (g) return `${g[1]}T${g[2]}Z`;
  const p = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:,\d{3})? - /.exec(text);
  if (p) return `${p[1]}T${p[2]}Z`;
  return null;
}
