import { pyIso, pyNaiveLocal, US_PER_S } from '../clock.js';
import type { JsonValue, Severity, WorldEntry } from '../model.js';
import type { Rng } from '../prng.js';
import { newestFirst } from './gcloudArray.js';
import { pyCut, pyDict, PyFloat, pyJson, pyRepr, type PyDict, type PyValue } from './python.js';

/**
 * The wrapper a Python script built on `google-cloud-logging` wrote (corpus:
 * gcp_backend_logs_last_1hour_20250915_154858.json): `{collection_time, time_range,
 * logs_by_severity: {SEVERITY: [entries]}, summary}`, entries in snake_case with
 * `raw_payload` = `str(payload)[:500]`. Struct numbers come back as floats. The script's
 * query had `severity>=INFO`, so entries without severity (plain stdout/stderr lines) are
 * structurally absent; it kept at most 50 entries per severity.
 */

export const PER_SEVERITY_CAP = 50;
const RANK: Record<Severity, number> = { DEFAULT: 0, DEBUG: 100, INFO: 200, NOTICE: 300, WARNING: 400, ERROR: 500, CRITICAL: 600, ALERT: 700, EMERGENCY: 800 };

/** Struct (jsonPayload) → Python: map order (we shuffle, seeded), every number a float. */
function structToPy(v: JsonValue, rng: Rng, shuffle: boolean): PyValue {
  if (Array.isArray(v)) return v.map((x) => structToPy(x, rng, shuffle));
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (shuffle) shuffleInPlace(keys, rng);
    return pyDict(keys.map((k) => [k, structToPy(v[k]!, rng, shuffle)] as const));
  }
  if (typeof v === 'number') return new PyFloat(v);
  return v;
}

function mapToPy(m: Record<string, string> | undefined, rng: Rng): PyDict {
  const keys = Object.keys(m ?? {});
  shuffleInPlace(keys, rng);
  return pyDict(keys.map((k) => [k, m![k]!] as const));
}

function shuffleInPlace<T>(a: T[], rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
}

export function toSnakeEntry(w: WorldEntry, rng: Rng): PyDict {
  const e = w.entry;
  const items: [string, PyValue][] = [
    ['timestamp', pyIso(w.tsUs)],
    ['severity', e.severity ?? 'DEFAULT'],
    ['insert_id', e.insertId],
    ['resource', pyDict([['type', e.resource.type], ['labels', mapToPy(e.resource.labels, rng)]])],
    ['labels', mapToPy(e.labels, rng)],
    ['trace', e.trace ?? null],
    ['span_id', e.spanId ?? null],
  ];
  if (e.jsonPayload) {
    const payload = structToPy(e.jsonPayload, rng, true);
    items.push(['json_payload', payload], ['raw_payload_type', 'dict'], ['raw_payload', pyCut(pyRepr(payload), 500)]);
  } else if (e.protoPayload) {
    // Audit logs arrive as an OrderedDict in proto field order (corpus: raw_payload_type "OrderedDict").
    const p = structToPy(e.protoPayload, rng, false) as PyDict;
    const payload = pyDict(p.items, 'OrderedDict');
    items.push(['json_payload', payload], ['raw_payload_type', 'OrderedDict'], ['raw_payload', pyCut(pyRepr(payload), 500)]);
  } else if (e.textPayload !== undefined) {
    items.push(['text_payload', e.textPayload], ['raw_payload_type', 'str'], ['raw_payload', pyCut(e.textPayload, 500)]);
  } else {
    // A request log has no payload: the client's entry.payload is None. Not in the corpus
    // (whose dumps hold no successful requests); this is what the script's code path gives.
    items.push(['raw_payload_type', 'NoneType'], ['raw_payload', 'None']);
  }
  if (e.httpRequest) {
    const h = e.httpRequest;
    items.push([
      'http_request',
      pyDict([
        ['method', h.requestMethod],
        ['url', h.requestUrl],
        ['status', h.status],
        ['user_agent', h.userAgent],
        ['latency', h.latency],
      ]),
    ]);
  }
  return pyDict(items);
}

export interface PythonDumpResult {
  text: string;
  /** The entries written, in file order (grouped by severity, newest first inside a group). */
  written: WorldEntry[];
  groups: { severity: string; count: number }[];
  capped: boolean;
  /** Each written entry as it appears in the file (for naive-grep counts). */
  entryText: (w: WorldEntry) => string;
}

export function renderPythonDump(
  entries: readonly WorldEntry[],
  range: { fromUs: number; untilUs: number },
  rng: Rng,
  utcOffsetHours = -7,
): PythonDumpResult {
  const groups = new Map<string, WorldEntry[]>();
  let capped = false;
  for (const w of newestFirst(entries)) {
    const sev = w.entry.severity;
    if (!sev || RANK[sev] < RANK.INFO) continue;
    const g = groups.get(sev) ?? [];
    if (g.length >= PER_SEVERITY_CAP) {
      capped = true;
      continue;
    }
    g.push(w);
    groups.set(sev, g);
  }
  const written = [...groups.values()].flat();
  const byEntry = new Map(written.map((w) => [w, toSnakeEntry(w, rng)]));
  const collectedUs = range.untilUs + 2 * US_PER_S + 822_830;
  const doc = pyDict([
    ['collection_time', pyNaiveLocal(collectedUs, utcOffsetHours)],
    [
      'time_range',
      pyDict([
        ['start', pyIso(range.fromUs)],
        ['end', pyIso(range.untilUs)],
        ['duration_hours', hoursValue(range.untilUs - range.fromUs)],
      ]),
    ],
    ['logs_by_severity', pyDict([...groups].map(([sev, list]) => [sev, list.map((w) => byEntry.get(w)!)] as const))],
    [
      'summary',
      pyDict([
        ['total_logs', written.length],
        ['counts_by_severity', pyDict([...groups].map(([sev, list]) => [sev, list.length] as const))],
      ]),
    ],
  ]);
  return {
    text: pyJson(doc),
    written,
    groups: [...groups].map(([severity, list]) => ({ severity, count: list.length })),
    capped,
    entryText: (w) => pyJson(byEntry.get(w)!),
  };
}

/** The script took `--hours`; an int prints `1`, a fraction `0.5`. */
function hoursValue(us: number): PyValue {
  const h = us / 3_600_000_000;
  return Number.isInteger(h) ? h : new PyFloat(h);
}
