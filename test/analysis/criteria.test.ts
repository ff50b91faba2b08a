import { describe, expect, it } from 'vitest';
import { CriteriaError, parseCriteria, parseCriteriaText } from '../../src/analysis/criteria.js';
import { fixedClock } from '../../src/time/clock.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { UsageError } from '../../src/util/errors.js';
import { AT } from './fixtures.js';

const opts = { clock: fixedClock(AT), source: 'criteria.json' };

function problems(json: unknown): string[] {
  try {
    parseCriteria(json, opts);
  } catch (e) {
    if (e instanceof CriteriaError) return e.problems;
    throw e;
  }
  throw new Error('expected a CriteriaError');
}

describe('criteria', () => {
  it('parses a full criterion and resolves durations, max-gap and at', () => {
    const c = parseCriteria(
      {
        criteria: [
          { name: 'staging 24h', service: 'backend', kinds: ['ssot_warning', 'ws_1011'], clean: '24h', sinceRevision: 'latest', maxGap: '45m', at: 'now-1h' },
          { name: 'no gaps checked', clean: '90m', maxGap: 'none', at: '2025-09-15T14:00:00+02:00' },
        ],
      },
      opts,
    );
    expect(c[0]).toEqual({
      name: 'staging 24h',
      service: 'backend',
      kinds: ['ssot_warning', 'ws_1011'],
      cleanUs: 24 * US_PER_HOUR,
      sinceRevision: 'latest',
      maxGapUs: 45 * US_PER_MINUTE,
      atUs: AT - US_PER_HOUR,
    });
    expect(c[1]).toEqual({ name: 'no gaps checked', cleanUs: 90 * US_PER_MINUTE, maxGapUs: null, atUs: AT });
  });

  it('accepts a bare array and kinds as a comma list', () => {
    const c = parseCriteria([{ name: 'a', clean: '1h', kinds: 'auth_403, ws_1011' }], opts);
    expect(c[0]?.kinds).toEqual(['auth_403', 'ws_1011']);
  });

  it('names the field path of a bad duration', () => {
    expect(problems({ criteria: [{ name: 'a', clean: '1h' }, { name: 'b', clean: '24' }] })).toEqual([
      'criteria[1].clean: expected a duration like 24h, 90m or 1h30m (got "24": "24" has no unit)',
    ]);
  });

  it('names missing required fields', () => {
    expect(problems([{ clean: '1h' }, { name: 'x' }])).toEqual([
      'criteria[0].name: required: a name',
      'criteria[1].clean: required: a duration like 24h',
    ]);
  });

  it('unknown keys are errors, with a hint for near misses', () => {
    expect(problems({ criteria: [{ name: 'a', clean: '1h', maxgap: '30m' }] })).toEqual([
      'criteria[0].maxgap: unknown key (did you mean "maxGap"?); known keys: name, service, kinds, clean, sinceRevision, maxGap, at',
    ]);
    expect(problems({ criteria: [{ name: 'a', clean: '1h' }], extra: true })[0]).toBe('extra: unknown key; known keys: "criteria"');
    expect(problems([{ name: 'a', clean: '1h', since_revision: 'latest' }])[0]).toContain('(did you mean "sinceRevision"?)');
  });

  it('rejects unknown kinds, bad max-gap, bad at and wrong types, each with its path', () => {
    const p = problems([
      { name: 'a', clean: '1h', kinds: ['ssot_warning', 'ws_1012'] },
      { name: 'b', clean: '1h', maxGap: '10s' },
      { name: 'c', clean: '1h', at: '2025-09-15T12:00:00' },
      { name: 'd', clean: 24 },
      { name: '', clean: '1h' },
    ]);
    expect(p).toContainEqual('criteria[0].kinds: unknown kind "ws_1012" (known: ssot_warning, ws_1011, auth_403)');
    expect(p).toContainEqual(expect.stringMatching(/^criteria\[1\]\.maxGap: 10s is below 1m/));
    expect(p).toContainEqual('criteria[3].clean: expected a duration like 24h (got 24)');
    expect(p).toContainEqual('criteria[4].name: expected a name, not an empty string');
    // `at` is checked after the schema, so it shows up once the rest is valid:
    expect(problems([{ name: 'c', clean: '1h', at: '2025-09-15T12:00:00' }])).toEqual([
      expect.stringMatching(/^criteria\[0\]\.at: "2025-09-15T12:00:00" has no time zone; add Z/),
    ]);
  });

  it('refuses duplicate names and an empty list', () => {
    expect(problems([{ name: 'a', clean: '1h' }, { name: 'a', clean: '2h' }])).toEqual([
      'criteria[1].name: duplicate name "a" (also criteria[0]); names must be unique',
    ]);
    expect(problems({ criteria: [] })).toEqual(['criteria: expected at least one criterion']);
    expect(problems({})).toEqual(['criteria: required: a list of criteria']);
  });

  it('is a usage error (exit 3) whose message lists every problem under the file name', () => {
    try {
      parseCriteriaText('{"criteria": [{"name": "a"}]}', opts);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).exitCode).toBe(3);
      expect((e as Error).message).toBe('invalid criteria in criteria.json:\n  criteria[0].clean: required: a duration like 24h');
    }
  });

  it('reports JSON syntax errors', () => {
    expect(() => parseCriteriaText('{"criteria": [', opts)).toThrow(/invalid criteria in criteria.json:\n {2}not valid JSON/);
  });
});
