import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/time/clock.js';
import { parseIsoInstant } from '../../src/time/instant.js';
import { parseAtArg, parseFromArg, parseRangeArgs, parseTimeArg, parseToArg } from '../../src/time/parseTime.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { UsageError } from '../../src/util/errors.js';

const NOON = Date.UTC(2025, 8, 15, 12, 0, 0) * 1000;
const clock = fixedClock(NOON);

describe('parseIsoInstant', () => {
  it.each([
    ['2025-09-15T12:00:00Z', NOON],
    ['2025-09-15T12:00Z', NOON],
    ['2025-09-15T14:00:00+02:00', NOON],
    ['2025-09-15T14:00+02:00', NOON],
    ['2025-09-15T14:00:00+0200', NOON],
    ['2025-09-15T14:00:00+02', NOON],
    ['2025-09-15T06:30:00-05:30', NOON],
    ['2025-09-15T12:00:00+00:00', NOON],
    ['2025-09-15t12:00:00z', NOON],
    ['2025-09-15 12:00:00Z', NOON],
    ['2025-09-15T12:00:00.5Z', NOON + 500_000],
    ['2025-09-15T12:00:00.123Z', NOON + 123_000],
    ['2025-09-15T12:00:00.123456Z', NOON + 123_456],
    ['2025-09-15T12:00:00.123456789Z', NOON + 123_456],
    ['2025-09-15T12:00:00,25Z', NOON + 250_000],
    ['2025-09-16T01:59:59.999999+14:00', NOON - 1],
  ])('%s', (text, us) => {
    expect(parseIsoInstant(text)).toBe(us);
  });

  it('a +02:00 time and the same instant in Z are equal to the µs', () => {
    expect(parseIsoInstant('2025-09-15T14:00:00.000001+02:00')).toBe(parseIsoInstant('2025-09-15T12:00:00.000001Z'));
  });

  it('a date-time without zone is a usage error telling to add Z or an offset', () => {
    const run = () => parseIsoInstant('2025-09-15T14:00:00', '--at');
    expect(run).toThrow(UsageError);
    expect(run).toThrow('--at: "2025-09-15T14:00:00" has no time zone; add Z for UTC or an offset like +02:00 (e.g. 2025-09-15T14:00:00Z)');
    expect(run).toThrow(/never guessed/);
  });

  it('a date alone is refused with an example', () => {
    expect(() => parseIsoInstant('2025-09-15', '--from')).toThrow(/date without a time and zone; give both, e.g. 2025-09-15T00:00:00Z/);
  });

  it.each([
    ['2025-02-29T00:00:00Z', /day 29, but 2025-02 has 28 days/],
    ['2025-13-01T00:00:00Z', /month 13/],
    ['2025-09-15T24:00:00Z', /hour 24/],
    ['2025-09-15T12:60:00Z', /minute 60/],
    ['2025-09-15T12:00:60Z', /second 60/],
    ['2025-09-15T12:00:00+24:00', /offset \+24:00/],
    ['yesterday', /is not a time; expected ISO 8601 with Z or an offset/],
    ['2025-09-15T12:00:00 Europe/Berlin', /is not a time/],
  ])('rejects %s', (text, why) => {
    expect(() => parseIsoInstant(text)).toThrow(why);
  });

  it('knows leap years', () => {
    expect(parseIsoInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29) * 1000);
  });
});

describe('parseTimeArg', () => {
  it('now, now-24h, now-90m, now+1h, -24h', () => {
    const p = (s: string) => parseTimeArg(s, { clock, bareDuration: 'reject' });
    expect(p('now')).toBe(NOON);
    expect(p('NOW')).toBe(NOON);
    expect(p('now-24h')).toBe(NOON - 24 * US_PER_HOUR);
    expect(p('now - 90m')).toBe(NOON - 90 * US_PER_MINUTE);
    expect(p('now-1h30m')).toBe(NOON - 90 * US_PER_MINUTE);
    expect(p('now+1h')).toBe(NOON + US_PER_HOUR);
    expect(p('-24h')).toBe(NOON - 24 * US_PER_HOUR);
  });

  it('--from 24h means 24h ago', () => {
    expect(parseFromArg('24h', clock)).toBe(NOON - 24 * US_PER_HOUR);
    expect(parseFromArg('2d', clock)).toBe(NOON - 48 * US_PER_HOUR);
  });

  it('--at 24h is refused: probably meant --clean 24h', () => {
    expect(() => parseAtArg('24h', clock)).toThrow('--at: "24h" is a duration, not a time; for 24h ago write now-24h (the window length is --clean 24h)');
    expect(() => parseToArg('2h', clock)).toThrow(/--to: "2h" is a duration, not a time; for 2h ago write now-2h$/);
  });

  it('ISO passes through', () => {
    expect(parseAtArg('2025-09-15T14:00:00+02:00', clock)).toBe(NOON);
  });

  it('explains what is wrong after now-', () => {
    expect(() => parseAtArg('now-yesterday', clock)).toThrow(/--at: "now-yesterday": the part after now- is not a duration/);
  });

  it('a bare number is refused, listing what is accepted', () => {
    expect(() => parseFromArg('1757937600', clock)).toThrow(/bare number; expected ISO 8601 .* or a duration like 24h/);
  });

  it('uses the injected clock, not the machine\'s', () => {
    expect(parseAtArg('now', fixedClock(42))).toBe(42);
  });
});

describe('parseRangeArgs', () => {
  it('reads the clock once: --from 24h --to now is exactly 24h', () => {
    let t = NOON;
    const ticking = () => (t += 1000);
    const r = parseRangeArgs('24h', 'now', ticking);
    expect(r.endUs - r.startUs).toBe(24 * US_PER_HOUR);
  });

  it('refuses from after to', () => {
    expect(() => parseRangeArgs('now', 'now-1h', clock)).toThrow('--from (now) must lie before --to (now-1h)');
  });
});
