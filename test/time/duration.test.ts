import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, tryParseDuration } from '../../src/time/duration.js';
import { parseMaxGap } from '../../src/time/maxGap.js';
import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, US_PER_WEEK } from '../../src/time/units.js';
import { UsageError } from '../../src/util/errors.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * US_PER_SECOND],
    ['90m', 90 * US_PER_MINUTE],
    ['24h', 24 * US_PER_HOUR],
    ['2d', 2 * US_PER_DAY],
    ['1w', US_PER_WEEK],
    ['1h30m', 90 * US_PER_MINUTE],
    ['1d12h', 36 * US_PER_HOUR],
    ['1h 30m', 90 * US_PER_MINUTE],
    ['500ms', 500_000],
    ['1m30s', 90 * US_PER_SECOND],
    [' 30m ', 30 * US_PER_MINUTE],
  ])('%s', (text, us) => {
    expect(parseDuration(text)).toBe(us);
  });

  it.each([
    ['24', /has no unit/],
    ['', /empty/],
    ['abc', /cannot read "abc"/],
    ['1.5h', /cannot read/],
    ['30m1h', /smaller one first/],
    ['1h1h', /repeats a unit/],
    ['-5m', /cannot read/],
    ['24H', /cannot read/],
    ['5y', /cannot read/],
  ])('rejects %j', (text, why) => {
    expect(() => parseDuration(text, { what: '--clean' })).toThrow(UsageError);
    expect(() => parseDuration(text, { what: '--clean' })).toThrow(why);
    expect(() => parseDuration(text, { what: '--clean' })).toThrow(/^--clean: invalid duration .*expected .*1h30m/);
  });

  it('rejects zero unless allowed', () => {
    expect(() => parseDuration('0m', { what: '--clean' })).toThrow(/--clean: the duration must be longer than zero/);
    expect(parseDuration('0m', { allowZero: true })).toBe(0);
  });

  it('rejects durations too long to hold in µs exactly', () => {
    expect('error' in tryParseDuration('999999999w')).toBe(true);
  });
});

describe('formatDuration', () => {
  it.each([
    [3 * US_PER_HOUR + 12 * US_PER_MINUTE + 40 * US_PER_SECOND, '3h 12m'],
    [45 * US_PER_SECOND, '45s'],
    [2 * US_PER_DAY + 4 * US_PER_HOUR + 59 * US_PER_MINUTE, '2d 4h'],
    [24 * US_PER_HOUR, '24h'],
    [36 * US_PER_HOUR, '36h'],
    [48 * US_PER_HOUR, '2d'],
    [US_PER_HOUR + 59 * US_PER_SECOND, '1h'],
    [59 * US_PER_MINUTE + 59 * US_PER_SECOND + 999_999, '59m 59s'],
    [65 * US_PER_SECOND, '1m 5s'],
    [350_000, '350ms'],
    [12, '12µs'],
    [0, '0s'],
    [-90 * US_PER_MINUTE, '-1h 30m'],
  ])('%d µs → %s', (us, text) => {
    expect(formatDuration(us)).toBe(text);
  });

  it('never rounds up: a gap just under 30m does not print as 30m', () => {
    expect(formatDuration(30 * US_PER_MINUTE - 1)).toBe('29m 59s');
  });

  it('exact lists every unit down to µs', () => {
    expect(formatDuration(30 * US_PER_MINUTE + 1, { exact: true })).toBe('30m 1µs');
    expect(formatDuration(US_PER_DAY + 2_003, { exact: true })).toBe('1d 2ms 3µs');
    expect(formatDuration(0, { exact: true })).toBe('0s');
  });

  it('reads back what it prints', () => {
    for (const us of [90 * US_PER_MINUTE, 45 * US_PER_SECOND, 3 * US_PER_DAY + 4 * US_PER_HOUR]) {
      expect(parseDuration(formatDuration(us))).toBe(us);
    }
  });
});

describe('parseMaxGap', () => {
  it('takes a duration or none', () => {
    expect(parseMaxGap('30m')).toBe(30 * US_PER_MINUTE);
    expect(parseMaxGap('none')).toBeNull();
    expect(parseMaxGap('NONE')).toBeNull();
  });

  it('refuses less than the 1-minute coverage resolution, saying why', () => {
    expect(parseMaxGap('1m')).toBe(US_PER_MINUTE);
    expect(() => parseMaxGap('30s')).toThrow(/--max-gap: 30s is below 1m; coverage is kept per minute/);
  });

  it('names the accepted forms on garbage', () => {
    expect(() => parseMaxGap('off')).toThrow(/--max-gap \(a duration like 30m, or none\): invalid duration/);
  });
});
