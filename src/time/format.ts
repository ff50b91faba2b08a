import { formatDuration } from './duration.js';
import { formatInZone, fraction } from './zone.js';

/**
 * `us` as ISO 8601 UTC with `Z`: `2025-09-15T12:00:00Z`, with `.123` or `.123456` only when the
 * instant has them. (The model's `formatUs` always writes 6 digits; this is the human form.)
 */
export function formatUtc(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // 2025-09-15T12:00:00.000Z
  return `${iso.slice(0, 19)}${fraction(us)}Z`;
}

/** UTC, and when a zone is given also local time: `2025-09-15T12:00:00Z (2025-09-15T14:00:00+02:00 Europe/Berlin)`. */
export function formatInstant(us: number, zone?: string | null): string {
  const utc = formatUtc(us);
  return zone ? `${utc} (${formatInZone(us, zone)} ${zone})` : utc;
}

/** A half-open window for sentences: `[2025-09-14T12:00:00Z, 2025-09-15T12:00:00Z) (24h)`. */
export function formatWindow(w: { startUs: number; endUs: number }, zone?: string | null): string {
  const base = `[${formatUtc(w.startUs)}, ${formatUtc(w.endUs)}) (${formatDuration(w.endUs - w.startUs)})`;
  return zone ? `${base}; ${zone}: [${formatInZone(w.startUs, zone)}, ${formatInZone(w.endUs, zone)})` : base;
}
