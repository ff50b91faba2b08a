/**
 * `findings --group-by` exists twice: in SQL (the store, for history) and in memory (analysis,
 * for inputs that never reach a store). The two must print the same rows for the same findings.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupFindingsBy, GROUP_BY } from '../../src/analysis/groupBy.js';
import type { Finding } from '../../src/model/index.js';
import { openStore, MEMORY, type HistoryStore } from '../../src/store/index.js';
import { US_PER_HOUR, US_PER_MINUTE } from '../../src/time/units.js';
import { finding, rng, START } from './fixtures.js';

let store: HistoryStore | null = null;
afterEach(() => store?.close());

function sample(): Finding[] {
  const rand = rng(7);
  const out: Finding[] = [];
  for (let i = 0; i < 200; i++) {
    const timed = rand() > 0.05;
    out.push(
      finding(timed ? START + Math.floor(rand() * 6 * US_PER_HOUR) + Math.floor(rand() * US_PER_MINUTE) : null, {
        kind: (['ssot_warning', 'ws_1011', 'auth_403'] as const)[Math.floor(rand() * 3)],
        fingerprint: `fp-${Math.floor(rand() * 5)}`,
        revision: rand() > 0.1 ? `rev-${Math.floor(rand() * 3)}` : null,
        service: rand() > 0.5 ? 'svc-a' : 'svc-b',
        message: `message ${i}`,
        details: { fingerprintKey: `key ${i}` },
      }),
    );
  }
  return out;
}

describe('groupFindingsBy matches the store\'s SQL grouping', () => {
  for (const by of GROUP_BY) {
    it(by, () => {
      const findings = sample();
      store = openStore(MEMORY);
      const run = store.startRun({ kind: 'file', sourceName: 'sample.json', kinds: ['ssot_warning', 'ws_1011', 'auth_403'] });
      store.writeFindings(run, findings);
      const sql = store.groupFindings({}, by);
      const mem = groupFindingsBy(findings, by);
      // Ties in first-seen are rare but possible; compare everything that is determined.
      expect(mem.map((r) => [r.key, r.keyUs, r.count, r.firstUs, r.lastUs, r.kinds, r.services, r.revisions, r.fingerprints])).toEqual(
        sql.map((r) => [r.key, r.keyUs, r.count, r.firstUs, r.lastUs, r.kinds, r.services, r.revisions, r.fingerprints]),
      );
      expect(mem.map((r) => r.example)).toEqual(sql.map((r) => r.example));
    });
  }
});
