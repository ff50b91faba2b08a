import { isoUs, US_PER_H, US_PER_MIN } from './clock.js';
import { KIND_NAMES, type Kind } from './model.js';
import type { Scenario } from './verdict.js';

/**
 * `verify` invocations whose expected verdicts the samples document. The flag text is built
 * from the same fields the expectation is computed from, so the two cannot disagree.
 */
export interface ScenarioSpec {
  cleanHours: number;
  kinds?: readonly Kind[];
  sinceRevision?: 'latest';
  /** Minutes; null = `none`; undefined = the default 30. */
  maxGapMin?: number | null;
  /** Only passed when the file holds more than one service. */
  service?: string;
}

const DEFAULT_MAX_GAP_MIN = 30;

function fmtDuration(min: number): string {
  return min % 60 === 0 ? `${min / 60}h` : `${min}m`;
}

export function scenarioFor(spec: ScenarioSpec, service: string, atUs: number): Scenario {
  const kinds = spec.kinds ?? KIND_NAMES;
  const parts = [`--clean ${fmtDuration(spec.cleanHours * 60)}`];
  if (spec.service) parts.push(`--service ${spec.service}`);
  if (spec.kinds) parts.push(`--kinds ${spec.kinds.join(',')}`);
  if (spec.sinceRevision) parts.push(`--since-revision ${spec.sinceRevision}`);
  if (spec.maxGapMin !== undefined) parts.push(`--max-gap ${spec.maxGapMin === null ? 'none' : fmtDuration(spec.maxGapMin)}`);
  parts.push(`--at ${isoUs(atUs).replace('.000000Z', 'Z')}`);
  const maxGapMin = spec.maxGapMin === undefined ? DEFAULT_MAX_GAP_MIN : spec.maxGapMin;
  const s: Scenario = {
    args: parts.join(' '),
    service,
    atUs,
    cleanUs: spec.cleanHours * US_PER_H,
    kinds,
    maxGapUs: maxGapMin === null ? null : maxGapMin * US_PER_MIN,
  };
  if (spec.sinceRevision) s.sinceRevision = spec.sinceRevision;
  return s;
}

/** staging-26h.json, `--at` = the samples' end. */
export const SCENARIOS_26H: readonly ScenarioSpec[] = [
  { cleanHours: 24 },
  { cleanHours: 24, kinds: ['ssot_warning'] },
  { cleanHours: 24, sinceRevision: 'latest' },
  { cleanHours: 24, sinceRevision: 'latest', kinds: ['ssot_warning'] },
  { cleanHours: 24, sinceRevision: 'latest', kinds: ['ssot_warning'], maxGapMin: null },
  { cleanHours: 20, kinds: ['ssot_warning', 'auth_403'] },
  { cleanHours: 20, kinds: ['ssot_warning', 'auth_403'], maxGapMin: 60 },
  { cleanHours: 18, kinds: ['ssot_warning'] },
  { cleanHours: 12 },
  { cleanHours: 4 },
];

/** staging-2h.jsonl holds two services, so --service is required. */
export const SCENARIOS_2H = (backend: string, auth: string): readonly ScenarioSpec[] => [
  { cleanHours: 2, service: backend },
  { cleanHours: 2, service: backend, sinceRevision: 'latest' },
  { cleanHours: 2, service: auth },
];

export const SCENARIOS_PYTHON: readonly ScenarioSpec[] = [{ cleanHours: 0.5 }];
