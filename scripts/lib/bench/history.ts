import { existsSync, rmSync } from 'node:fs';
import type { Finding, Kind } from '../../../src/model/index.js';
import { formatUs } from '../../../src/model/index.js';
import { openStore } from '../../../src/store/openStore.js';
import type { CoverageMap, RevisionMap } from '../../../src/store/types.js';
import { US_PER_DAY, US_PER_MINUTE } from '../../../src/time/units.js';
import { Rng } from '../prng.js';

/**
 * A big history store for timing the query commands (`windows`, `findings`): written straight
 * through the store API (no export to parse), so building it takes seconds, not the minutes an
 * ingest of the equivalent exports would.
 *
 * Every service has an entry every few seconds for `days` days, except one outage of 2 hours per
 * 5 days (scale to zero: the windows must show it as unproven). Findings fall only on covered
 * minutes (a finding is an entry), spread over the services with a hot one: `hotShare` of them
 * belong to the first service, the worst case for `windows --service` of that service.
 */
export interface BigHistorySpec {
  path: string;
  findings: number;
  services: number;
  days: number;
  /** End of the history (exclusive), µs. */
  endUs: number;
  /** Share of the findings that belong to the first service. */
  hotShare: number;
  seed?: number;
}

export interface BigHistory {
  services: string[];
  startUs: number;
  endUs: number;
  findingsPerService: number[];
  coverageMinutes: number;
}

const KIND_CYCLE: readonly Kind[] = ['auth_403', 'auth_403', 'ssot_warning', 'ws_1011'];
const FINGERPRINTS_PER_KIND = 40;
const BATCH = 20_000;

export function serviceName(i: number): string {
  return `bench-svc-${String(i).padStart(2, '0')}`;
}

/** The outage of service `s` in day block `b` (5 days): 2 hours at a service-specific hour. */
function outage(s: number, block: number, startUs: number): { startUs: number; endUs: number } {
  const at = startUs + block * 5 * US_PER_DAY + (2 + s) * US_PER_DAY / 5 + s * 37 * US_PER_MINUTE;
  return { startUs: at, endUs: at + 2 * 60 * US_PER_MINUTE };
}

function inOutage(s: number, t: number, startUs: number): boolean {
  const o = outage(s, Math.floor((t - startUs) / (5 * US_PER_DAY)), startUs);
  return t >= o.startUs && t < o.endUs;
}

function revisionOf(service: string, dayIndex: number): string {
  // A deploy every 3 days.
  return `${service}-${String(41 + Math.floor(dayIndex / 3)).padStart(5, '0')}-abc`;
}

function makeFinding(rng: Rng, i: number, service: string, t: number, startUs: number): Finding {
  const kind = KIND_CYCLE[i % KIND_CYCLE.length] as Kind;
  const fp = rng.int(FINGERPRINTS_PER_KIND);
  const fingerprintKey = `${kind} problem #${fp}`;
  const message =
    kind === 'ssot_warning'
      ? `SSOT WARNING: Found other WebSocket Manager classes: ['pkg.mod.A${fp}', 'pkg.mod.B']`
      : kind === 'ws_1011'
        ? `received 1011 (internal error) keepalive ping timeout #${fp}`
        : `GET /ws/${fp} 403 request_log`;
  const insertId = `${service}-${i.toString(16).padStart(8, '0')}`;
  return {
    id: `bench-${insertId}`,
    kind,
    timestamp: formatUs(t),
    timestampUs: t,
    service,
    revision: revisionOf(service, Math.floor((t - startUs) / US_PER_DAY)),
    instance: `inst-${rng.hex8()}`,
    severity: 'WARNING',
    fingerprint: `${kind.slice(0, 2)}${String(fp).padStart(14, '0')}`,
    message,
    details: { fingerprintKey },
    insertId,
    logName: 'projects/bench/logs/run.googleapis.com%2Fstderr',
  };
}

export function buildBigHistory(spec: BigHistorySpec): BigHistory {
  for (const ext of ['', '-wal', '-shm']) if (existsSync(spec.path + ext)) rmSync(spec.path + ext);
  const rng = new Rng(spec.seed ?? 7, 'big-history');
  const startUs = spec.endUs - spec.days * US_PER_DAY;
  const services = Array.from({ length: spec.services }, (_, i) => serviceName(i));
  const store = openStore(spec.path);
  try {
    const runId = store.startRun({ kind: 'file', sourceName: 'bench-history', kinds: ['ssot_warning', 'ws_1011', 'auth_403'] });

    // Coverage: per minute, entries every ~4 s with exact first/last; none during outages.
    const coverage: CoverageMap = new Map();
    const revisions: RevisionMap = new Map();
    let coverageMinutes = 0;
    for (const [s, service] of services.entries()) {
      const minutes = new Map<number, { minute: number; entries: number; firstUs: number; lastUs: number }>();
      const revs = new Map<string, { firstUs: number; lastUs: number }>();
      for (let t = startUs; t < spec.endUs; t += US_PER_MINUTE) {
        const firstUs = t + 1_000_000 + rng.int(2_000_000);
        const lastUs = t + 57_000_000 + rng.int(2_000_000);
        if (inOutage(s, firstUs, startUs) || inOutage(s, lastUs, startUs)) continue;
        minutes.set(t / US_PER_MINUTE, { minute: t / US_PER_MINUTE, entries: 12 + rng.int(6), firstUs, lastUs });
        const rev = revisionOf(service, Math.floor((t - startUs) / US_PER_DAY));
        const r = revs.get(rev);
        if (r) r.lastUs = lastUs;
        else revs.set(rev, { firstUs, lastUs });
      }
      coverageMinutes += minutes.size;
      coverage.set(service, minutes);
      revisions.set(service, revs);
    }

    // Findings: `hotShare` on the first service, the rest round-robin over the others; each at a
    // random instant of a covered minute.
    const perService = new Array<number>(services.length).fill(0);
    let batch: Finding[] = [];
    for (let i = 0; i < spec.findings; i++) {
      const s = services.length === 1 || rng.float() < spec.hotShare ? 0 : 1 + (i % (services.length - 1));
      const service = services[s] as string;
      const minutes = coverage.get(service) as Map<number, { firstUs: number; lastUs: number }>;
      let bucket;
      do {
        const minute = Math.floor((startUs + rng.int(spec.days * 1440) * US_PER_MINUTE) / US_PER_MINUTE);
        bucket = minutes.get(minute);
      } while (!bucket);
      const t = bucket.firstUs + rng.int(bucket.lastUs - bucket.firstUs + 1);
      perService[s] = (perService[s] as number) + 1;
      batch.push(makeFinding(rng, i, service, t, startUs));
      if (batch.length === BATCH) {
        store.writeFindings(runId, batch);
        batch = [];
      }
    }
    if (batch.length) store.writeFindings(runId, batch);

    store.finishRun(
      runId,
      {
        format: 'gcloud-array',
        contentHash: `bench-${spec.seed ?? 7}-${spec.findings}-${spec.services}-${spec.days}`,
        entries: coverageMinutes * 15,
        badRecords: 0,
        complete: true,
        incompleteReason: null,
        firstUs: startUs,
        lastUs: spec.endUs - 1,
      },
      { coverage, revisions },
    );
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    store.db.exec('ANALYZE');
    return { services, startUs, endUs: spec.endUs, findingsPerService: perService, coverageMinutes };
  } finally {
    store.close();
  }
}
