import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { formatUs } from '../../src/model/index.js';
import { gcloudArray, jsonl, rawEntry, WS_403_REQUEST } from '../support/entries.js';
import { readAll } from '../support/read.js';

const N = 40;
const entries = Array.from({ length: N }, (_, i) => rawEntry(i));
const expectedTimes = entries.map((e) => e['timestamp']).sort();

function times(r: Awaited<ReturnType<typeof readAll>>): string[] {
  return r.summaries.map((s) => (s.tsUs === null ? 'null' : formatUs(s.tsUs))).sort();
}

describe('formats are read the same whatever their layout', () => {
  const layouts: [string, string, string][] = [
    ['gcloud array (pretty, sorted keys)', gcloudArray([...entries].reverse()), 'gcloud-array'],
    ['compact array on one line', JSON.stringify(entries), 'gcloud-array'],
    ['array with 4-space indent', JSON.stringify(entries, null, 4), 'gcloud-array'],
    ['array with tab indent and CRLF', JSON.stringify(entries, null, '\t').replace(/\n/g, '\r\n'), 'gcloud-array'],
    ['JSON Lines', jsonl(entries), 'jsonl'],
    ['JSON Lines with CRLF and blank lines', jsonl(entries).replace(/\n/g, '\r\n\r\n'), 'jsonl'],
    ['JSON Lines without a final newline', jsonl(entries).trimEnd(), 'jsonl'],
    ['concatenated pretty objects (jq .[])', entries.map((e) => JSON.stringify(e, null, 2)).join('\n'), 'json-stream'],
    ['raw_logs wrapper', JSON.stringify({ fetch_time: 'x', total_logs: N, raw_logs: entries }, null, 2), 'wrapper-raw-logs'],
    [
      'logs_by_severity wrapper',
      JSON.stringify({ collection_time: 'x', logs_by_severity: { INFO: entries.slice(0, 25), WARNING: entries.slice(25) } }, null, 2),
      'wrapper-by-severity',
    ],
    ['API response {entries: [...]}', JSON.stringify({ entries }), 'wrapper-entries'],
    ['with a UTF-8 BOM', '\ufeff' + JSON.stringify(entries, null, 2), 'gcloud-array'],
  ];
  for (const [name, text, format] of layouts) {
    it(name, async () => {
      const r = await readAll(Buffer.from(text));
      expect(r.report.format).toBe(format);
      expect(r.report.entries).toBe(N);
      expect(r.report.badRecords).toBe(0);
      expect(r.report.complete).toBe(true);
      expect(times(r)).toEqual(expectedTimes);
      expect(new Set(r.summaries.map((s) => s.service))).toEqual(new Set(['netra-backend-staging']));
      // The fast path and a full parse of every entry agree on every summary.
      const full = await readAll(Buffer.from(text), { fullParse: true });
      expect(full.summaries).toEqual(r.summaries);
    });
  }

  it('snake_case entries (Python client) normalize to the same LogEntry as camelCase ones', async () => {
    const snake = {
      timestamp: '2025-09-15T21:37:17.707975+00:00',
      severity: 'WARNING',
      insert_id: 'abc',
      resource: { type: 'cloud_run_revision', labels: { service_name: 'svc', revision_name: 'svc-1' } },
      labels: {},
      trace: null,
      span_id: 'span1',
      http_request: { method: 'GET', url: 'https://h/ws?x=1', status: 403, user_agent: 'ua', latency: '0.1s' },
      raw_payload_type: 'dict',
      raw_payload: "{'x': 1}",
    };
    const r = await readAll(Buffer.from(JSON.stringify({ logs_by_severity: { WARNING: [snake] } })), { fullParse: true });
    expect(r.entries).toHaveLength(1);
    const e = r.entries[0]!;
    expect(e.insertId).toBe('abc');
    expect(e.timestamp).toBe('2025-09-15T21:37:17.707975Z');
    expect(e.spanId).toBe('span1');
    expect(e.httpRequest).toEqual({ requestMethod: 'GET', requestUrl: 'https://h/ws?x=1', status: 403, userAgent: 'ua', latency: '0.1s' });
    expect(e.severity).toBe('WARNING');
  });

  it('keeps the instant of offsets other than UTC, with microseconds', async () => {
    const e = rawEntry(0, { timestamp: '2025-09-15T14:00:00.000001+02:00' });
    const f = rawEntry(1, { timestamp: '2025-09-15T07:30:00.5-04:30' });
    const r = await readAll(Buffer.from(gcloudArray([e, f])));
    expect(times(r)).toEqual(['2025-09-15T12:00:00.000001Z', '2025-09-15T12:00:00.500000Z']);
  });

  it('reads plain text lines, with their timestamps when they carry one', async () => {
    const text = [
      '[2025-09-07 13:34:00 +0000] [15] [INFO] 169.254.169.126:14842 - "WebSocket /ws" 403',
      '2025-09-07 13:22:49,795 - netra_backend.app.database - ERROR - Database session error: 403: Not authenticated',
      '  continuation line without a time',
      '2025-09-07T13:40:00.123456+02:00 something',
    ].join('\n');
    const r = await readAll(Buffer.from(text), { fullParse: true });
    expect(r.report.format).toBe('text');
    expect(r.report.entries).toBe(4);
    expect(r.entries.map((e) => e.timestamp)).toEqual([
      '2025-09-07T13:34:00.000000Z',
      '2025-09-07T13:22:49.795000Z',
      '2025-09-07T13:22:49.795000Z',
      '2025-09-07T11:40:00.123456Z',
    ]);
    expect(r.entries[0]!.textPayload).toContain('"WebSocket /ws" 403');
    expect(r.entries[0]!.source.line).toBe(1);
    expect(r.report.notes.join(' ')).toMatch(/read as UTC/);
  });

  it('reads gzip from a file and from stdin, detected from the bytes, not the name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssotw-'));
    const gz = gzipSync(Buffer.from(gcloudArray(entries)));
    const file = join(dir, 'export.json'); // no .gz on purpose
    writeFileSync(file, gz);
    const fromFile = await readAll(file);
    const fromStdin = await readAll(gz);
    for (const r of [fromFile, fromStdin]) {
      expect(r.report.gzip).toBe(true);
      expect(r.report.entries).toBe(N);
      expect(r.report.complete).toBe(true);
      expect(r.report.bytes).toBe(gz.length);
      expect(times(r)).toEqual(expectedTimes);
    }
    expect(fromFile.report.contentHash).toBe(fromStdin.report.contentHash);
  });

  it('a 403 request entry is parsed in full even on the fast path', async () => {
    const r = await readAll(Buffer.from(gcloudArray([rawEntry(1), rawEntry(2, WS_403_REQUEST)])));
    expect(r.entries.map((e) => e.httpRequest?.status)).toEqual([403]);
    expect(r.report.entries).toBe(2);
  });

  it('a payload key named like a top-level one never decides the entry time or service', async () => {
    const tricky = rawEntry(3, {
      jsonPayload: { timestamp: '1999-01-01T00:00:00Z', resource: { labels: { service_name: 'decoy' } }, note: '"timestamp": "1998-01-01T00:00:00Z"' },
    });
    for (const text of [gcloudArray([tricky]), jsonl([tricky]), JSON.stringify([tricky])]) {
      const r = await readAll(Buffer.from(text));
      expect(r.summaries).toEqual([{ tsUs: expect.any(Number), service: 'netra-backend-staging', revision: 'netra-backend-staging-00001-abc' }]);
      expect(formatUs(r.summaries[0]!.tsUs!)).toBe(tricky['timestamp']);
    }
    // Key order where the entry's own members come first (API field order).
    const reordered = { timestamp: tricky['timestamp'], resource: tricky['resource'], jsonPayload: tricky['jsonPayload'], insertId: 'x' };
    const r = await readAll(Buffer.from(jsonl([reordered])));
    expect(r.summaries[0]!.service).toBe('netra-backend-staging');
    expect(formatUs(r.summaries[0]!.tsUs!)).toBe(tricky['timestamp']);
  });
});
