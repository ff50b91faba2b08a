import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/time/duration.js';
import { formatInstant, formatUtc, formatWindow } from '../../src/time/format.js';
import { parseIsoInstant } from '../../src/time/instant.js';
import { formatInZone, resolveTimeZone } from '../../src/time/zone.js';
import { UsageError } from '../../src/util/errors.js';

const us = (s: string) => parseIsoInstant(s);

describe('formatUtc', () => {
  it('writes Z and only the fraction the instant has', () => {
    expect(formatUtc(us('2025-09-15T12:00:00Z'))).toBe('2025-09-15T12:00:00Z');
    expect(formatUtc(us('2025-09-15T12:00:00.25Z'))).toBe('2025-09-15T12:00:00.250Z');
    expect(formatUtc(us('2025-09-15T12:00:00.000001Z'))).toBe('2025-09-15T12:00:00.000001Z');
    expect(formatUtc(us('2025-09-15T14:00:00+02:00'))).toBe('2025-09-15T12:00:00Z');
  });

  it('handles instants before the epoch', () => {
    expect(formatUtc(-1)).toBe('1969-12-31T23:59:59.999999Z');
  });
});

describe('time zones', () => {
  it('resolves IANA names and refuses unknown ones, naming them', () => {
    expect(resolveTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('UTC')).toBe('UTC');
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow(UsageError);
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow('--tz: unknown time zone "Mars/Olympus"');
    expect(() => resolveTimeZone('')).toThrow(/unknown time zone ""/);
  });

  it('formatInZone refuses an unknown zone too', () => {
    expect(() => formatInZone(0, 'Europe/Atlantis')).toThrow(/Europe\/Atlantis/);
  });

  it('Europe/Berlin, spring forward on 2025-03-30: 02:00 local does not exist', () => {
    expect(formatInZone(us('2025-03-30T00:59:59Z'), 'Europe/Berlin')).toBe('2025-03-30T01:59:59+01:00');
    expect(formatInZone(us('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toBe('2025-03-30T03:00:00+02:00');
  });

  it('Europe/Berlin, fall back on 2025-10-26: 02:30 local happens twice', () => {
    expect(formatInZone(us('2025-10-26T00:30:00Z'), 'Europe/Berlin')).toBe('2025-10-26T02:30:00+02:00');
    expect(formatInZone(us('2025-10-26T01:30:00Z'), 'Europe/Berlin')).toBe('2025-10-26T02:30:00+01:00');
  });

  it('a local day across the change is 23h or 25h long', () => {
    const spring = us('2025-03-31T00:00:00+02:00') - us('2025-03-30T00:00:00+01:00');
    const fall = us('2025-10-27T00:00:00+01:00') - us('2025-10-26T00:00:00+02:00');
    expect(formatDuration(spring)).toBe('23h');
    expect(formatDuration(fall)).toBe('25h');
  });

  it('keeps µs and offsets like +05:30 and -03:30', () => {
    expect(formatInZone(us('2025-09-15T12:00:00.000007Z'), 'Asia/Kolkata')).toBe('2025-09-15T17:30:00.000007+05:30');
    expect(formatInZone(us('2025-01-15T12:00:00Z'), 'America/St_Johns')).toBe('2025-01-15T08:30:00-03:30');
  });

  it('formatInstant and formatWindow add the local time when a zone is given', () => {
    const t = us('2025-09-15T12:00:00Z');
    expect(formatInstant(t)).toBe('2025-09-15T12:00:00Z');
    expect(formatInstant(t, 'Europe/Berlin')).toBe('2025-09-15T12:00:00Z (2025-09-15T14:00:00+02:00 Europe/Berlin)');
    const w = { startUs: us('2025-10-25T12:00:00Z'), endUs: us('2025-10-26T12:00:00Z') };
    expect(formatWindow(w)).toBe('[2025-10-25T12:00:00Z, 2025-10-26T12:00:00Z) (24h)');
    expect(formatWindow(w, 'Europe/Berlin')).toBe(
      '[2025-10-25T12:00:00Z, 2025-10-26T12:00:00Z) (24h); Europe/Berlin: [2025-10-25T14:00:00+02:00, 2025-10-26T13:00:00+01:00)',
    );
  });
});
