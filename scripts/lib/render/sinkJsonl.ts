import type { GEntry, WorldEntry } from '../model.js';

/**
 * JSON Lines as a Cloud Storage log sink writes it: one compact LogEntry per line, oldest
 * first, fields in LogEntry proto field-number order (not alphabetical: the Console's
 * "copy as JSON" shows the same order). A reader must not depend on key order.
 */
const ENTRY_ORDER: readonly (keyof GEntry)[] = [
  'protoPayload', // 2
  'textPayload', // 3
  'insertId', // 4
  'jsonPayload', // 6
  'httpRequest', // 7
  'resource', // 8
  'timestamp', // 9
  'severity', // 10
  'labels', // 11
  'logName', // 12
  'trace', // 22
  'receiveTimestamp', // 24
  'spanId', // 27
  'traceSampled', // 30
  'errorGroups',
];

const HTTP_ORDER = [
  'requestMethod',
  'requestUrl',
  'requestSize',
  'status',
  'responseSize',
  'userAgent',
  'remoteIp',
  'referer',
  'serverIp',
  'latency',
  'protocol',
] as const;

function ordered<T extends object>(o: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function sinkOrder(e: GEntry): Record<string, unknown> {
  const out = ordered(e, ENTRY_ORDER);
  if (e.httpRequest) out['httpRequest'] = ordered(e.httpRequest, HTTP_ORDER);
  out['resource'] = { type: e.resource.type, labels: e.resource.labels };
  return out;
}

export function renderSinkJsonl(entries: readonly WorldEntry[]): string {
  const list = [...entries].sort((x, y) => x.tsUs - y.tsUs || (x.entry.insertId < y.entry.insertId ? -1 : 1));
  return list.map((e) => `${JSON.stringify(sinkOrder(e.entry))}\n`).join('');
}
