import { describe, expect, it } from 'vitest';
import { evaluateVerdict, type VerdictInput } from '../../src/analysis/evaluateVerdict.js';
import { verdictWindow } from '../../src/analysis/window.js';
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND } from '../../src/time/units.js';
import { AT, bucketsAt, CLEAN, every, finding, MAX_GAP, minutely, pull, SERVICE, source, START } from './fixtures.js';

/** A fully covered, clean window: one entry a minute over [START, AT), one complete export. */
function input(over: Partial<VerdictInput> = {}): VerdictInput {
  return {
    service: SERVICE,
    kinds: ['ssot_warning', 'ws_1011', 'auth_403'],
    atUs: AT,
    cleanUs: CLEAN,
    findings: [],
    coverage: minutely(START, AT),
    sources: [source()],
    maxGapUs: MAX_GAP,
    nowUs: AT,
    ...over,
  };
}

const codes = (v: { reasons: { code: string }[] }): string[] => v.reasons.map((r) => r.code);

describe('evaluateVerdict: findings and window boundaries', () => {
  it('is CLEAN for a fully covered window without findings, and says what was proven', () => {
    const v = evaluateVerdict(input());
    expect(v.verdict).toBe('CLEAN');
    expect(codes(v)).toEqual(['clean']);
    expect(v.startUs).toBe(START);
    expect(v.endUs).toBe(AT);
    expect(v.entries).toBe(1440);
    expect(v.gaps).toEqual([]);
    const msg = v.reasons[0]?.message ?? '';
    expect(msg).toContain('1,440 entries');
    expect(msg).toContain('[2025-09-14T12:00:00Z, 2025-09-15T12:00:00Z) (24h)');
    expect(msg).toContain('no gap longer than 30m');
    expect(msg).toContain('largest gap 1m');
    expect(msg).toContain('staging-export.json');
    expect(msg).toContain(SERVICE);
  });

  it('a finding 1µs before the window end is in: DIRTY', () => {
    const f = finding(AT - 1);
    const v = evaluateVerdict(input({ findings: [f] }));
    expect(v.verdict).toBe('DIRTY');
    expect(v.findings.map((x) => x.id)).toEqual([f.id]);
    expect(v.reasons[0]?.code).toBe('findings');
    expect(v.reasons[0]?.message).toContain('1 finding in the window');
  });

  it('a finding exactly at the window end is out: CLEAN', () => {
    const v = evaluateVerdict(input({ findings: [finding(AT)] }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.findings).toEqual([]);
  });

  it('a finding exactly at the window start is in; 1µs before it is out', () => {
    expect(evaluateVerdict(input({ findings: [finding(START)] })).verdict).toBe('DIRTY');
    expect(evaluateVerdict(input({ findings: [finding(START - 1)] })).verdict).toBe('CLEAN');
  });

  it('1 s inside vs 1 s outside the window', () => {
    expect(evaluateVerdict(input({ findings: [finding(AT - US_PER_SECOND)] })).verdict).toBe('DIRTY');
    expect(evaluateVerdict(input({ findings: [finding(AT + US_PER_SECOND)] })).verdict).toBe('CLEAN');
    expect(evaluateVerdict(input({ findings: [finding(START - US_PER_SECOND)] })).verdict).toBe('CLEAN');
  });

  it('lists every finding in the window, in time order, with a reason per fingerprint', () => {
    const a = finding(START + 3 * US_PER_HOUR, { fingerprint: 'fp-a', message: 'SSOT WARNING: A' });
    const b = finding(START + 1 * US_PER_HOUR, { fingerprint: 'fp-a', message: 'SSOT WARNING: A' });
    const c = finding(START + 2 * US_PER_HOUR, { kind: 'ws_1011', fingerprint: 'fp-b', message: 'received 1011' });
    const outside = finding(AT + 5);
    const v = evaluateVerdict(input({ findings: [a, outside, b, c] }));
    expect(v.verdict).toBe('DIRTY');
    expect(v.findings.map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    expect(v.reasons[0]?.message).toContain('3 findings');
    expect(v.reasons[0]?.message).toContain('2 ssot_warning and 1 ws_1011');
    expect(v.reasons[0]?.message).toContain('first at 2025-09-14T13:00:00Z, last at 2025-09-14T15:00:00Z');
    const perGroup = v.reasons.slice(1).map((r) => r.message);
    expect(perGroup).toHaveLength(2);
    expect(perGroup[0]).toBe('ssot_warning ×2 from 2025-09-14T13:00:00Z to 2025-09-14T15:00:00Z, revision rev-1: "SSOT WARNING: A"');
    expect(perGroup[1]).toBe('ws_1011 ×1 at 2025-09-14T14:00:00Z, revision rev-1: "received 1011"');
  });

  it('DIRTY also keeps the doubts, after the findings', () => {
    const coverage = bucketsAt([...every(START, START + 10 * US_PER_HOUR, US_PER_MINUTE), ...every(START + 13 * US_PER_HOUR, AT, US_PER_MINUTE)]);
    const v = evaluateVerdict(input({ coverage, findings: [finding(START + US_PER_HOUR)] }));
    expect(v.verdict).toBe('DIRTY');
    expect(codes(v)[0]).toBe('findings');
    expect(codes(v)).toContain('gap');
  });

  it('counts whatever findings it is given: filtering by kind and service is the caller\'s business', () => {
    // kinds only labels the verdict; a ws_1011 passed in for an ssot_warning-only verdict still counts.
    const v = evaluateVerdict(input({ kinds: ['ssot_warning'], findings: [finding(AT - US_PER_HOUR, { kind: 'ws_1011' })] }));
    expect(v.verdict).toBe('DIRTY');
    expect(v.kinds).toEqual(['ssot_warning']);
  });
});

describe('evaluateVerdict: coverage gaps', () => {
  it('a 3 h gap in the middle makes it INCONCLUSIVE and names the gap', () => {
    const gapStart = START + 10 * US_PER_HOUR;
    const gapEnd = gapStart + 3 * US_PER_HOUR;
    const coverage = bucketsAt([...every(START, gapStart + 1, US_PER_MINUTE), ...every(gapEnd, AT, US_PER_MINUTE)]);
    const v = evaluateVerdict(input({ coverage }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['gap']);
    expect(v.gaps).toEqual([{ startUs: gapStart, endUs: gapEnd, position: 'middle' }]);
    expect(v.reasons[0]?.message).toBe(
      'no entries for 3h, from 2025-09-14T22:00:00Z to 2025-09-15T01:00:00Z (longer than max-gap 30m)',
    );
  });

  it('data that stops 2 h before --at: a gap at the end, said plainly', () => {
    const coverage = bucketsAt(every(START, AT - 2 * US_PER_HOUR + 1, US_PER_MINUTE));
    const v = evaluateVerdict(input({ coverage }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.gaps).toEqual([{ startUs: AT - 2 * US_PER_HOUR, endUs: AT, position: 'end' }]);
    expect(v.reasons[0]?.message).toContain('the data stops at 2025-09-15T10:00:00Z, 2h before the window end 2025-09-15T12:00:00Z');
    expect(v.reasons[0]?.message).toContain('the last 2h of the window are a gap');
  });

  it('data that starts 1 h after the window start: a gap at the start', () => {
    const coverage = minutely(START + US_PER_HOUR, AT);
    const v = evaluateVerdict(input({ coverage }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.gaps[0]).toEqual({ startUs: START, endUs: START + US_PER_HOUR, position: 'start' });
    expect(v.reasons[0]?.message).toContain('no entries for the first 1h of the window');
  });

  it('a gap of exactly max-gap is allowed; max-gap + 1µs is not', () => {
    const gapAt = START + 5 * US_PER_HOUR;
    const exact = bucketsAt([...every(START, gapAt + 1, US_PER_MINUTE), ...every(gapAt + MAX_GAP, AT, US_PER_MINUTE)]);
    expect(evaluateVerdict(input({ coverage: exact })).verdict).toBe('CLEAN');
    const over = bucketsAt([...every(START, gapAt + 1, US_PER_MINUTE), ...every(gapAt + MAX_GAP + 1, AT, US_PER_MINUTE)]);
    const v = evaluateVerdict(input({ coverage: over }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    // Both print as "30m" in short form: the message must show the difference.
    expect(v.reasons[0]?.message).toContain('no entries for 30m 1µs');
  });

  it('measures gaps exactly from first/last entry times, not from minute numbers', () => {
    // Last entry at 10:00:00.000000, next at 10:30:59.999999 (the next-but-one minute bucket):
    // 30m 59.999999s > 30m although the minutes are only 30 apart.
    const a = START + 2 * US_PER_HOUR;
    const b = a + 31 * US_PER_MINUTE - 1;
    const coverage = bucketsAt([...every(START, a + 1, US_PER_MINUTE), ...every(b, AT, US_PER_MINUTE)]);
    const v = evaluateVerdict(input({ coverage }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.gaps[0]?.endUs).toBe(b);
  });

  it('no entry at all: INCONCLUSIVE no_entries, one gap over the whole window', () => {
    const v = evaluateVerdict(input({ coverage: [], sources: [] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['no_entries']);
    expect(v.entries).toBe(0);
    expect(v.gaps).toEqual([{ startUs: START, endUs: AT, position: 'all' }]);
    expect(v.reasons[0]?.message).toContain('no data is not zero');
  });

  it('no entry at all is INCONCLUSIVE even with max-gap none', () => {
    const v = evaluateVerdict(input({ coverage: [], maxGapUs: null }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['no_entries']);
  });

  it('max-gap none: a 3 h gap does not decide, but is still reported', () => {
    const coverage = bucketsAt([...every(START, START + 10 * US_PER_HOUR + 1, US_PER_MINUTE), ...every(START + 13 * US_PER_HOUR, AT, US_PER_MINUTE)]);
    const v = evaluateVerdict(input({ coverage, maxGapUs: null }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.reasons[0]?.message).toContain('1,261 entries; gaps were not checked (max-gap none; largest gap 3h');
    expect(v.gaps).toHaveLength(1);
    expect(v.largestGap?.endUs).toBe(START + 13 * US_PER_HOUR);
  });

  it('spells out 10 gaps and sums up the rest', () => {
    const times: number[] = [];
    for (let h = 0; h < 24; h++) times.push(START + h * US_PER_HOUR);
    const v = evaluateVerdict(input({ coverage: bucketsAt(times) }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    const gapReasons = v.reasons.filter((r) => r.code === 'gap');
    expect(gapReasons).toHaveLength(11);
    expect(gapReasons[10]?.message).toContain('and 14 more gaps');
    expect(v.gaps).toHaveLength(24);
  });

  it('refuses a max-gap below the 1-minute coverage resolution', () => {
    expect(() => evaluateVerdict(input({ maxGapUs: 30 * US_PER_SECOND }))).toThrow(/below 1 minute/);
  });
});

describe('evaluateVerdict: windows that end in the future', () => {
  it('is INCONCLUSIVE and says the end gap is time that has not happened yet', () => {
    const now = AT - 2 * US_PER_HOUR;
    const coverage = minutely(START, now);
    const v = evaluateVerdict(input({ coverage, nowUs: now }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['gap', 'window_in_future']);
    expect(v.reasons[0]?.message).toContain('the window ends in the future');
    expect(v.reasons[1]?.message).toContain('2h after now (2025-09-15T10:00:00Z)');
    expect(v.reasons[1]?.message).toContain('a gap at the end of the window, not clean time');
  });

  it('stays INCONCLUSIVE with max-gap none: the future cannot be clean', () => {
    const now = AT - 2 * US_PER_HOUR;
    const v = evaluateVerdict(input({ coverage: minutely(START, now), nowUs: now, maxGapUs: null }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['window_in_future']);
  });

  it('a window ending exactly now is not in the future', () => {
    expect(evaluateVerdict(input({ nowUs: AT })).verdict).toBe('CLEAN');
  });
});

describe('evaluateVerdict: sources', () => {
  it('an incomplete source that fed the window: INCONCLUSIVE naming it and its reason', () => {
    const v = evaluateVerdict(
      input({ sources: [source({ complete: false, incompleteReason: 'truncated after byte 81920' })] }),
    );
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['incomplete_source']);
    expect(v.reasons[0]?.message).toContain('"staging-export.json" (file, gcloud-array) was not read to its end (truncated after byte 81920)');
    expect(v.reasons[0]?.message).toContain('no complete source covers 23h 59m');
  });

  it('an incomplete source superseded by a complete pull of the same range: CLEAN, and the reason says so', () => {
    const broken = pull(START, AT, { complete: false, incompleteReason: 'page token not exhausted', runId: 3, name: 'pull#3' });
    const redo = pull(START, AT, { runId: 4, name: 'pull#4' });
    const v = evaluateVerdict(input({ sources: [broken, redo] }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.superseded.map((s) => s.source.name)).toEqual(['pull#3']);
    expect(v.superseded[0]?.by.map((s) => s.name)).toEqual(['pull#4']);
    expect(v.reasons[0]?.message).toContain('1 source read to the end (pull#4)');
    expect(v.reasons[0]?.message).toContain('"pull#3" was read only in part or lost records, but complete sources cover the same time');
  });

  it('the order does not matter: an earlier complete read supersedes a later broken one', () => {
    const v = evaluateVerdict(
      input({ sources: [pull(START, AT, { runId: 1, name: 'first' }), pull(START, AT, { runId: 9, name: 'later', complete: false })] }),
    );
    expect(v.verdict).toBe('CLEAN');
  });

  it('supersession must cover the whole doubtful range: a 1µs hole keeps it INCONCLUSIVE', () => {
    const broken = pull(START, AT, { complete: false, name: 'broken' });
    const a = pull(START, START + 12 * US_PER_HOUR, { name: 'a' });
    const b = pull(START + 12 * US_PER_HOUR + 1, AT, { name: 'b' });
    const v = evaluateVerdict(input({ sources: [broken, a, b] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons[0]?.message).toContain('no complete source covers 1µs (2025-09-15T00:00:00Z to 2025-09-15T00:00:00.000001Z)');
    // Two complete pulls that meet exactly do cover it.
    const b2 = pull(START + 12 * US_PER_HOUR, AT, { name: 'b2' });
    expect(evaluateVerdict(input({ sources: [broken, a, b2] })).verdict).toBe('CLEAN');
  });

  it('only the part of the incomplete source inside the window matters', () => {
    const broken = pull(START - 48 * US_PER_HOUR, START, { complete: false, name: 'old' });
    expect(evaluateVerdict(input({ sources: [source(), broken] })).verdict).toBe('CLEAN');
    // Its last µs inside the window is covered by nothing else: INCONCLUSIVE, naming exactly that µs.
    const overlapping = pull(START - 48 * US_PER_HOUR, START + 1, { complete: false, name: 'overlap' });
    const rest = pull(START + 1, AT, { name: 'rest' });
    const v = evaluateVerdict(input({ sources: [rest, overlapping] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons[0]?.message).toContain('no complete source covers 1µs (2025-09-14T12:00:00Z to 2025-09-14T12:00:00.000001Z)');
    // The complete export, which starts at the window start, does cover it.
    expect(evaluateVerdict(input({ sources: [source(), overlapping] })).verdict).toBe('CLEAN');
  });

  it('a file speaks for its first..last entry, both included', () => {
    // A complete file whose last entry is at X covers X itself; an incomplete one at X casts doubt on X.
    const x = START + 6 * US_PER_HOUR;
    const broken = pull(x, x + 1, { complete: false, name: 'one-instant' });
    const file = source({ name: 'f', rangeStartUs: START, rangeEndUs: x, firstUs: START, lastUs: x });
    const covered = evaluateVerdict(input({ sources: [file, broken, source({ name: 'rest', rangeStartUs: x + 1, firstUs: x + 1 })] }));
    expect(covered.verdict).toBe('CLEAN');
    // A pull asked for [START, x) does not include x: the doubtful instant stays uncovered.
    const pulled = pull(START, x, { name: 'p' });
    const notCovered = evaluateVerdict(input({ sources: [pulled, broken, source({ name: 'rest', rangeStartUs: x + 1, firstUs: x + 1 })] }));
    expect(notCovered.verdict).toBe('INCONCLUSIVE');
  });

  it('an incomplete source with an unknown range casts doubt on the whole window', () => {
    const unknown = source({ name: 'garbled.json', complete: false, rangeStartUs: null, rangeEndUs: null, firstUs: null, lastUs: null });
    const v = evaluateVerdict(input({ sources: [source(), unknown] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons[0]?.message).toContain('garbled.json');
  });

  it('entries without any known source cannot be shown to be read completely', () => {
    const v = evaluateVerdict(input({ sources: [] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['incomplete_source']);
    expect(v.reasons[0]?.message).toContain('no source that read them is known');
  });

  it('bad records within the default tolerance (0.001 of entries) are CLEAN; above it INCONCLUSIVE', () => {
    // 1440 entries × 0.001 = 1.44 bad records tolerated.
    expect(evaluateVerdict(input({ sources: [source({ badRecords: 1 })] })).verdict).toBe('CLEAN');
    const v = evaluateVerdict(input({ sources: [source({ badRecords: 2 })] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['bad_records']);
    expect(v.reasons[0]?.message).toContain('has 2 bad records for 1,440 entries; the tolerance is 0.1% of entries (0.139% here)');
  });

  it('--strict counts any bad record', () => {
    const v = evaluateVerdict(input({ strict: true, sources: [source({ badRecords: 1 })] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons[0]?.message).toContain('--strict tolerates none');
  });

  it('a custom tolerance is a ratio of the source\'s entries', () => {
    expect(evaluateVerdict(input({ badRecordTolerance: 0.01, sources: [source({ badRecords: 14 })] })).verdict).toBe('CLEAN');
    expect(evaluateVerdict(input({ badRecordTolerance: 0.01, sources: [source({ badRecords: 15 })] })).verdict).toBe('INCONCLUSIVE');
  });

  it('a source with bad records and no good entry is over any tolerance', () => {
    const v = evaluateVerdict(input({ badRecordTolerance: 0.5, sources: [source({ name: 'junk', entries: 0, badRecords: 3 })] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.reasons[0]?.message).toContain('"junk"');
  });

  it('bad records are superseded like truncation when a sound source covers the same time', () => {
    const v = evaluateVerdict(input({ sources: [source({ name: 'dirty', badRecords: 50 }), pull(START, AT, { name: 'clean-pull' })] }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.superseded.map((s) => s.code)).toEqual(['bad_records']);
  });

  it('a source that is both truncated and bad gets both reasons', () => {
    const v = evaluateVerdict(input({ sources: [source({ complete: false, badRecords: 100 })] }));
    expect(codes(v)).toEqual(['incomplete_source', 'bad_records']);
  });
});

describe('evaluateVerdict: untimed findings', () => {
  it('from a source that fed the window: INCONCLUSIVE (they may lie inside it)', () => {
    const f = finding(null, { source: { name: 'staging-export.json', index: 7, line: 8 } });
    const v = evaluateVerdict(input({ findings: [f] }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['untimed_findings']);
    expect(v.reasons[0]?.message).toBe(
      '1 finding (ssot_warning) has no timestamp and may lie inside the window: staging-export.json line 8',
    );
    expect(v.untimedFindings).toHaveLength(1);
  });

  it('without a recorded source: INCONCLUSIVE (it could be from anywhere)', () => {
    expect(evaluateVerdict(input({ findings: [finding(null)] })).verdict).toBe('INCONCLUSIVE');
  });

  it('from a source that did not feed the window: ignored', () => {
    const f = finding(null, { source: { name: 'last-month.txt', index: 0 } });
    expect(evaluateVerdict(input({ findings: [f] })).verdict).toBe('CLEAN');
  });

  it('never make a verdict DIRTY on their own', () => {
    expect(evaluateVerdict(input({ findings: [finding(null)] })).verdict).not.toBe('DIRTY');
  });
});

describe('evaluateVerdict: --since-revision', () => {
  const since = (firstSeenUs: number | null, revision: string | null = 'rev-7') => ({ requested: 'rev-7', revision, firstSeenUs });

  it('long enough: the window starts at the revision\'s first entry and may be longer than --clean', () => {
    const first = AT - 30 * US_PER_HOUR;
    const v = evaluateVerdict(input({ sinceRevision: since(first), coverage: minutely(first, AT) }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.startUs).toBe(first);
    expect(v.reasons[0]?.message).toContain('since revision rev-7 first appeared');
  });

  it('exactly --clean long is long enough', () => {
    const v = evaluateVerdict(input({ sinceRevision: since(START) }));
    expect(v.verdict).toBe('CLEAN');
  });

  it('too short: INCONCLUSIVE revision_too_young with the times', () => {
    const first = AT - 5 * US_PER_HOUR;
    const v = evaluateVerdict(input({ sinceRevision: since(first) }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['revision_too_young']);
    expect(v.startUs).toBe(first);
    expect(v.reasons[0]?.message).toBe(
      'revision rev-7 was first seen at 2025-09-15T07:00:00Z, only 5h before the window end 2025-09-15T12:00:00Z; --clean asks for 24h',
    );
  });

  it('too short by 1µs is too short', () => {
    expect(evaluateVerdict(input({ sinceRevision: since(START + 1) })).verdict).toBe('INCONCLUSIVE');
  });

  it('a finding in a too-young revision\'s window is still DIRTY', () => {
    const first = AT - 5 * US_PER_HOUR;
    const v = evaluateVerdict(input({ sinceRevision: since(first), findings: [finding(AT - US_PER_HOUR)] }));
    expect(v.verdict).toBe('DIRTY');
    expect(codes(v)).toContain('revision_too_young');
  });

  it('a finding before the revision\'s first entry is outside the window', () => {
    const first = AT - 30 * US_PER_HOUR;
    const v = evaluateVerdict(input({ sinceRevision: since(first), coverage: minutely(first, AT), findings: [finding(first - 1)] }));
    expect(v.verdict).toBe('CLEAN');
  });

  it('a revision first seen after --at: an empty window, too young', () => {
    const v = evaluateVerdict(input({ sinceRevision: since(AT + US_PER_HOUR) }));
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(v.startUs).toBe(AT);
    expect(codes(v)).toEqual(['revision_too_young']);
    expect(v.reasons[0]?.message).toContain('not before the window end');
  });

  it('unknown revision: INCONCLUSIVE revision_unknown, findings not judged', () => {
    const v = evaluateVerdict(
      input({ sinceRevision: { requested: 'rev-typo', revision: null, firstSeenUs: null }, findings: [finding(AT - 5)] }),
    );
    expect(v.verdict).toBe('INCONCLUSIVE');
    expect(codes(v)).toEqual(['revision_unknown']);
    expect(v.findings).toEqual([]);
    expect(v.reasons[0]?.message).toContain('revision "rev-typo" has no entries of service netra-backend-staging before 2025-09-15T12:00:00Z');
  });

  it('latest with no revision at all: revision_unknown naming the service', () => {
    const v = evaluateVerdict(input({ sinceRevision: { requested: 'latest', revision: null, firstSeenUs: null } }));
    expect(v.reasons[0]?.message).toContain('no revision of service netra-backend-staging has been seen');
  });
});

describe('verdictWindow', () => {
  it('is [at - clean, at) without --since-revision', () => {
    expect(verdictWindow({ atUs: AT, cleanUs: CLEAN })).toEqual({ startUs: START, endUs: AT });
  });
  it('rejects a non-positive clean duration', () => {
    expect(() => verdictWindow({ atUs: AT, cleanUs: 0 })).toThrow(RangeError);
  });
  it('starts at the revision\'s first entry with --since-revision', () => {
    expect(verdictWindow({ atUs: AT, cleanUs: CLEAN, sinceRevision: { requested: 'latest', revision: 'r', firstSeenUs: AT - 7 } })).toEqual({
      startUs: AT - 7,
      endUs: AT,
    });
  });
});

describe('evaluateVerdict: reported gaps', () => {
  it('lists gaps longer than max-gap by default, or longer than reportGapsLongerThanUs', () => {
    const coverage = bucketsAt([...every(START, START + US_PER_HOUR + 1, US_PER_MINUTE), ...every(START + US_PER_HOUR + 10 * US_PER_MINUTE, AT, US_PER_MINUTE)]);
    expect(evaluateVerdict(input({ coverage })).gaps).toEqual([]);
    const v = evaluateVerdict(input({ coverage, reportGapsLongerThanUs: 5 * US_PER_MINUTE }));
    expect(v.verdict).toBe('CLEAN');
    expect(v.gaps).toHaveLength(1);
    expect(v.largestGap?.startUs).toBe(START + US_PER_HOUR);
  });
});

describe('evaluateVerdict: entries where the window cuts a minute', () => {
  it('counts only the entries known to lie inside (a lower bound, never more than seen)', () => {
    const atMid = AT + 30 * US_PER_SECOND; // the window now starts and ends mid-minute
    const coverage = bucketsAt(every(START - US_PER_MINUTE, atMid + US_PER_MINUTE, 10 * US_PER_SECOND));
    const v = evaluateVerdict(input({ atUs: atMid, coverage, nowUs: atMid, sources: [pull(START - US_PER_MINUTE, atMid + US_PER_MINUTE)] }));
    expect(v.verdict).toBe('CLEAN');
    // Whole minutes inside: 1439 × 6 entries; the cut first and last minutes add 1 known entry each.
    expect(v.entries).toBe(1439 * 6 + 2);
  });
});
