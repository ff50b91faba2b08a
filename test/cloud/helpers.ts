/**
 * Shared set-up for the Cloud Logging tests: the real client against the real local gRPC fake
 * (test/support/fakeLogging), timers that never wait, and small generated data.
 */
import { allNeedles, parsersFor } from '../../parsers/registry.js';
import { createLoggingApi, type LoggingApi } from '../../src/cloud/client.js';
import type { CoverageMode, PullSpec } from '../../src/cloud/pullPlan.js';
import { ApiRequester, DEFAULT_REQUEST_POLICY, type RequestPolicy } from '../../src/cloud/requester.js';
import type { Timer } from '../../src/cloud/timer.js';
import { KINDS, parseTimestampUs, type Kind } from '../../src/model/index.js';
import { SSOT_LINE } from '../store/helpers.js';
import type { FakeLogging } from '../support/fakeLogging/index.js';
import { WS_403_REQUEST } from '../support/entries.js';

export const PROJECT = 'netra-staging';
export const SERVICE = 'netra-backend-staging';
export const MIN = 60_000_000;
export const HOUR = 60 * MIN;

export function us(iso: string): number {
  const v = parseTimestampUs(iso);
  if (v === null) throw new Error(`bad time ${iso}`);
  return v;
}

/** A timer whose sleeps return at once and advance its clock: backoffs and rate waits cost no real time. */
export class InstantTimer implements Timer {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
  }
}

export function apiFor(fake: FakeLogging, project = PROJECT): LoggingApi {
  return createLoggingApi({ project, endpoint: { host: '127.0.0.1', port: fake.port } });
}

export function requesterFor(api: LoggingApi, timer: Timer = new InstantTimer(), policy: Partial<RequestPolicy> = {}): ApiRequester {
  // The fake answers at once: no need to hold tests to the real quota's pace.
  return new ApiRequester(api, { ...DEFAULT_REQUEST_POLICY, maxRpm: 10_000, ...policy }, timer, () => {}, () => 0.5);
}

export function specFor(o: {
  range: { startUs: number; endUs: number };
  services?: string[];
  kinds?: Kind[];
  coverage?: CoverageMode;
  maxGapUs?: number;
  project?: string;
}): PullSpec {
  const kinds = o.kinds ?? [...KINDS];
  return {
    project: o.project ?? PROJECT,
    services: [...(o.services ?? [SERVICE])].sort(),
    range: o.range,
    kinds,
    coverage: o.coverage ?? 'probe',
    maxGapUs: o.maxGapUs ?? 30 * MIN,
    needles: allNeedles(parsersFor(kinds)),
  };
}

function iso(tsUs: number): string {
  const ms = Math.floor(tsUs / 1000);
  return new Date(ms).toISOString().slice(0, 23) + String(tsUs % 1000).padStart(3, '0') + 'Z';
}

/**
 * A gcloud-shaped entry of `service` at `tsUs`. `finding`: an SSOT warning (text) or a refused
 * WebSocket handshake (request log, no text at all — only `httpRequest.status` finds it).
 */
export function entryAt(tsUs: number, i: number, o: { service?: string; finding?: 'ssot' | 'ws403'; revision?: string } = {}): Record<string, unknown> {
  const service = o.service ?? SERVICE;
  const resource = {
    type: 'cloud_run_revision',
    labels: {
      service_name: service,
      revision_name: o.revision ?? `${service}-00001-abc`,
      location: 'us-central1',
      project_id: PROJECT,
      configuration_name: service,
    },
  };
  const base = {
    insertId: `${service}-${String(i).padStart(8, '0')}`,
    logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fstderr`,
    resource,
    labels: { instanceId: `inst${i % 3}` },
    timestamp: iso(tsUs),
    receiveTimestamp: iso(tsUs + 1000),
  };
  if (o.finding === 'ssot') return { ...base, severity: 'WARNING', textPayload: SSOT_LINE };
  if (o.finding === 'ws403') {
    const { jsonPayload: _none, ...req } = WS_403_REQUEST;
    return { ...base, ...req, resource, logName: `projects/${PROJECT}/logs/run.googleapis.com%2Frequests` };
  }
  return { ...base, severity: 'INFO', jsonPayload: { message: `request ${i} handled in 12 ms`, level: 'info' } };
}

/** Entries every `stepUs` over [startUs, endUs), with `findingEvery`-th one a finding (alternating kinds). */
export function steadyEntries(startUs: number, endUs: number, stepUs: number, o: { service?: string; findingEvery?: number; firstIndex?: number } = {}): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let i = o.firstIndex ?? 0;
  for (let t = startUs; t < endUs; t += stepUs, i++) {
    const every = o.findingEvery ?? 0;
    const finding = every > 0 && i % every === every - 1 ? (Math.floor(i / every) % 2 === 0 ? 'ssot' : 'ws403') : undefined;
    out.push(entryAt(t, i, { ...(o.service ? { service: o.service } : {}), ...(finding ? { finding } : {}) }));
  }
  return out;
}

export async function closeApi(api: LoggingApi): Promise<void> {
  await api.close().catch(() => {});
}
