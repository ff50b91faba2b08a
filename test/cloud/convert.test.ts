import { describe, expect, it } from 'vitest';
import { apiEntryToExportShape, apiEntryToLogEntry, structToObject } from '../../src/cloud/convert.js';
import { normalizeEntry } from '../../src/sources/normalize.js';

/** An entry as the GAPIC layer hands it over (shape pinned by test/fakeLogging.test.ts): defaults everywhere. */
const API_ENTRY = {
  labels: { instanceId: 'abc' },
  insertId: 'id1',
  httpRequest: {
    requestMethod: 'GET',
    requestUrl: 'https://x/ws?token=1',
    requestSize: '0',
    status: 403,
    responseSize: '120',
    userAgent: '',
    remoteIp: '1.2.3.4',
    serverIp: '',
    referer: '',
    latency: { seconds: '0', nanos: 2852000 },
    cacheLookup: false,
    cacheHit: false,
    cacheValidatedWithOriginServer: false,
    cacheFillBytes: '0',
    protocol: 'HTTP/1.1',
  },
  resource: { labels: { service_name: 'svc', revision_name: 'svc-1' }, type: 'cloud_run_revision' },
  timestamp: { seconds: '1757937601', nanos: 1123456 },
  severity: 'DEFAULT',
  logName: 'projects/p/logs/run.googleapis.com%2Frequests',
  operation: null,
  trace: '',
  sourceLocation: null,
  receiveTimestamp: { seconds: '1757937601', nanos: 999999999 },
  spanId: '',
  traceSampled: false,
  split: null,
  jsonPayload: {
    fields: {
      message: { stringValue: 'hi', kind: 'stringValue' },
      n: { numberValue: 3, kind: 'numberValue' },
      ok: { boolValue: true, kind: 'boolValue' },
      none: { nullValue: 'NULL_VALUE', kind: 'nullValue' },
      list: { listValue: { values: [{ stringValue: 'a', kind: 'stringValue' }, { numberValue: 1, kind: 'numberValue' }] }, kind: 'listValue' },
      error: { structValue: { fields: { value: { stringValue: 'boom', kind: 'stringValue' } } }, kind: 'structValue' },
    },
  },
  payload: 'jsonPayload',
};

describe('API entries → LogEntry', () => {
  it('decodes the Struct payload to the plain object an export holds', () => {
    expect(structToObject(API_ENTRY.jsonPayload)).toEqual({ message: 'hi', n: 3, ok: true, none: null, list: ['a', 1], error: { value: 'boom' } });
  });

  it("treats proto3 defaults ('' / 'DEFAULT' / null / '0' / false) as absent, and keeps the timestamp's microseconds", () => {
    const shape = apiEntryToExportShape(API_ENTRY);
    expect(shape).not.toHaveProperty('trace');
    expect(shape).not.toHaveProperty('spanId');
    expect(shape).not.toHaveProperty('severity');
    expect(shape['httpRequest']).toEqual({
      requestMethod: 'GET',
      requestUrl: 'https://x/ws?token=1',
      status: 403,
      responseSize: '120',
      remoteIp: '1.2.3.4',
      latency: { seconds: '0', nanos: 2852000 },
      protocol: 'HTTP/1.1',
    });
    const r = apiEntryToLogEntry(API_ENTRY, { name: 'cloud-logging:p', index: 0 });
    expect(r.ok && r.entry.timestamp).toBe('2025-09-15T12:00:01.001123Z');
    expect(r.ok && r.entry.receiveTimestamp).toBe('2025-09-15T12:00:01.999999Z');
    expect(r.ok && r.entry.severity).toBe('DEFAULT');
    expect(r.ok && r.entry.trace).toBeUndefined();
    expect(r.ok && r.entry.httpRequest?.latency).toBe('0.002852s');
  });

  it('builds the same LogEntry as the export form of the same entry', () => {
    const exported = {
      insertId: 'id2',
      timestamp: '2025-09-15T12:00:01.001123Z',
      resource: { type: 'cloud_run_revision', labels: { service_name: 'svc' } },
      textPayload: 'SSOT WARNING: x',
      severity: 'WARNING',
      logName: 'projects/p/logs/run.googleapis.com%2Fstdout',
    };
    const api = {
      ...API_ENTRY,
      insertId: 'id2',
      labels: {},
      httpRequest: null,
      jsonPayload: undefined,
      payload: 'textPayload',
      textPayload: 'SSOT WARNING: x',
      severity: 'WARNING',
      logName: 'projects/p/logs/run.googleapis.com%2Fstdout',
      resource: { type: 'cloud_run_revision', labels: { service_name: 'svc' } },
      receiveTimestamp: null,
    };
    const source = { name: 's', index: 0 };
    expect(apiEntryToLogEntry(api, source)).toEqual(normalizeEntry(exported, source));
  });
});
