import { describe, expect, it } from 'vitest';
import type { Parser } from '../../parsers/parser.js';
import { allNeedles, createParsers, parsersFor } from '../../parsers/registry.js';
import { entriesFilter, findingsFilter, NEEDLE_FIELDS, needlesClause, tailFilter } from '../../src/cloud/filters.js';
import { MAX_FILTER_CHARS, quoteFilterValue } from '../../src/cloud/filterText.js';
import { UsageError } from '../../src/util/errors.js';
import { parseFilter, prepareFilter, printFilter } from '../support/fakeLogging/index.js';
import { us } from './helpers.js';

const RANGE = { startUs: us('2025-09-15T00:00:00Z'), endUs: us('2025-09-16T00:00:00.5Z') };

describe('the findings filter', () => {
  it("is built from the parsers' needles: every needle in every examined text, a status needle also as httpRequest.status", () => {
    const needles = allNeedles(createParsers());
    const f = findingsFilter({ services: ['svc'] }, RANGE, needles);
    for (const n of needles) {
      for (const field of NEEDLE_FIELDS) expect(f).toContain(`${field}:"${n.text}"`);
    }
    expect(f).toContain('httpRequest.status=403');
    expect(needles.some((n) => n.httpStatus === 403 && n.text === '403')).toBe(true);
    // Only the needles of the kinds asked for.
    const ssotOnly = findingsFilter({ services: ['svc'] }, RANGE, allNeedles(parsersFor(['ssot_warning'])));
    expect(ssotOnly).not.toContain('1011');
    expect(ssotOnly).not.toContain('httpRequest.status');
  });

  it('follows a parser it has never seen (no hand-kept list)', () => {
    const custom: Parser = { kind: 'ws_1011', description: 'x', needles: [{ text: 'BRAND NEW MARKER' }, { text: '418', httpStatus: 418 }], match: () => null };
    const clause = needlesClause(allNeedles([custom]));
    expect(clause).toContain('jsonPayload.error.message:"BRAND NEW MARKER"');
    expect(clause).toContain('httpRequest.status=418');
  });

  it('groups every OR in parentheses, so the AND of scope, time and needles holds (OR binds tighter than AND)', () => {
    const f = findingsFilter({ services: ['a', 'b'] }, RANGE, allNeedles(createParsers()));
    const printed = printFilter(parseFilter(f));
    // Top level: a conjunction of resource type, the service group, two time bounds and the needle group.
    expect(printed.startsWith('(resource.type="cloud_run_revision" AND (resource.labels.service_name="a" OR resource.labels.service_name="b") AND timestamp>=')).toBe(true);
    expect(f).toContain('timestamp>="2025-09-15T00:00:00.000000Z"');
    expect(f).toContain('timestamp<"2025-09-16T00:00:00.500000Z"');
    // The fake reads the time bounds as top-level conjuncts, as the service does.
    const prepared = prepareFilter(f);
    expect(prepared.range.lower?.inclusive).toBe(true);
    expect(prepared.range.upper?.inclusive).toBe(false);
  });

  it('quotes and escapes every user value; refuses control characters', () => {
    expect(quoteFilterValue('svc"x', 's')).toBe('"svc\\"x"');
    expect(quoteFilterValue('a\\b', 's')).toBe('"a\\\\b"');
    const f = entriesFilter({ services: ['we"ird\\name'], revision: 'rev"1' }, RANGE);
    expect(f).toContain('resource.labels.service_name="we\\"ird\\\\name"');
    expect(f).toContain('resource.labels.revision_name="rev\\"1"');
    // The escaped value reads back as the original in the query language.
    const ast = parseFilter('resource.labels.service_name="we\\"ird\\\\name"');
    expect(ast.kind === 'cmp' && ast.value.text).toBe('we"ird\\name');
    expect(() => entriesFilter({ services: ['svc\nOR textPayload:x'] }, RANGE)).toThrow(UsageError);
    expect(() => tailFilter({ services: ['a\u0000'] })).toThrow(/control character/);
  });

  it('stays under the API limit or says why', () => {
    const many = Array.from({ length: 40 }, (_, i) => `service-${i}`);
    expect(findingsFilter({ services: many }, RANGE, allNeedles(createParsers())).length).toBeLessThan(MAX_FILTER_CHARS);
    const tooMany = Array.from({ length: 600 }, (_, i) => `service-with-a-long-name-${i}`);
    expect(() => entriesFilter({ services: tooMany }, RANGE)).toThrow(/over the API's limit of 20000/);
  });
});
