import { UsageError } from '../util/errors.js';

/**
 * ISO 8601 date-times with a zone: `2025-09-15T14:00:00+02:00`, `2025-09-15T12:00Z`,
 * `2025-09-15T12:00:00.123456Z`, offsets `±HH:MM`, `±HHMM`, `±HH`. A `T`, `t` or space separates
 * date and time; `.` or `,` the fraction. The zone is mandatory: a local time names no instant,
 * and guessing one is how a verdict ends up about the wrong window.
 */
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export const ACCEPTED_TIMES =
  'ISO 8601 with Z or an offset (2025-09-15T12:00:00Z, 2025-09-15T14:00+02:00), now, now-24h, or -24h';

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysIn(y: number, month: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** `--at: "…" …` or just `"…" …` when the caller did not say which flag. */
function fail(what: string | undefined, text: string, why: string): never {
  throw new UsageError(`${what ? `${what}: ` : ''}"${text}" ${why}`);
}

/**
 * Parses one ISO 8601 date-time with zone to µs since the epoch. Fractions beyond µs are cut
 * (not rounded), like the log timestamps themselves. Throws UsageError saying what is wrong.
 */
export function parseIsoInstant(text: string, what?: string): number {
  const s = text.trim();
  const m = ISO.exec(s);
  if (!m) fail(what, s, `is not a time; expected ${ACCEPTED_TIMES}`);
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  if (hs === undefined) {
    fail(what, s, `is a date without a time and zone; give both, e.g. ${ys}-${mos}-${ds}T00:00:00Z (UTC) or ${ys}-${mos}-${ds}T00:00:00+02:00`);
  }
  if (zone === undefined) {
    const example = `${s.replace(' ', 'T')}Z`;
    fail(what, s, `has no time zone; add Z for UTC or an offset like +02:00 (e.g. ${example}) — the zone is never guessed`);
  }
  const h = Number(hs);
  const mi = Number(mis);
  const sec = ss === undefined ? 0 : Number(ss);
  if (mo < 1 || mo > 12) fail(what, s, `has month ${mos}; months are 01-12`);
  if (d < 1 || d > daysIn(y, mo)) fail(what, s, `has day ${ds}, but ${ys}-${mos} has ${daysIn(y, mo)} days`);
  if (h > 23) fail(what, s, `has hour ${hs}; hours are 00-23`);
  if (mi > 59) fail(what, s, `has minute ${mis}; minutes are 00-59`);
  if (sec > 59) fail(what, s, `has second ${ss}; seconds are 00-59`);
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) fail(what, s, `has offset ${zone}; offsets are -23:59..+23:59`);
    offsetMin = sign * (oh * 60 + om);
  }
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, sec, 0);
  const fracUs = frac === undefined ? 0 : Number(frac.slice(0, 6).padEnd(6, '0'));
  return (date.getTime() - offsetMin * 60_000) * 1000 + fracUs;
}
