import { TZDate, tzOffset } from '@date-fns/tz';
// The function's own module, not the barrel: the barrel loads ~250 modules, a tenth of a second on every run.
import { format } from 'date-fns/format';
import { UsageError } from '../util/errors.js';

/**
 * Checks an IANA zone name (`Europe/Berlin`) or fixed offset (`+02:00`) and returns it as the
 * runtime's time zone database spells it. Throws a UsageError naming the zone when unknown.
 */
export function resolveTimeZone(zone: string, what = '--tz'): string {
  const z = zone.trim();
  if (z === '' || Number.isNaN(tzOffset(z, new Date(0)))) {
    throw new UsageError(`${what}: unknown time zone "${zone}"; expected an IANA name like Europe/Berlin, America/New_York or UTC`);
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    return z; // fixed offsets like +02:00 are valid for TZDate but not every Intl build names them
  }
}

/**
 * `us` as local time in `zone` with that moment's offset: `2025-03-30T03:30:00+02:00`. The
 * offset comes from the zone database through TZDate, so DST changes are right on their days.
 * Sub-second digits are kept only when present (as in formatUtc).
 */
export function formatInZone(us: number, zone: string): string {
  const ms = Math.floor(us / 1000);
  const date = new TZDate(ms, zone);
  if (Number.isNaN(date.getTime()) || Number.isNaN(date.getTimezoneOffset())) resolveTimeZone(zone);
  const base = format(date, "yyyy-MM-dd'T'HH:mm:ss");
  const offset = format(date, 'xxx');
  return `${base}${fraction(us)}${offset}`;
}

/** `.123`, `.123456` or `` — only as many digits as the instant needs. */
export function fraction(us: number): string {
  const sub = ((us % 1_000_000) + 1_000_000) % 1_000_000;
  if (sub === 0) return '';
  if (sub % 1000 === 0) return `.${String(sub / 1000).padStart(3, '0')}`;
  return `.${String(sub).padStart(6, '0')}`;
}
