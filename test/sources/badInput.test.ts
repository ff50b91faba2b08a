import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { gcloudArray, jsonl, rawEntry } from '../support/entries.js';
import { readAll } from '../support/read.js';

const entries = Array.from({ length: 30 }, (_, i) => rawEntry(i));

describe('bad input: counted, located, never silently dropped', () => {
  it('a truncated gcloud array keeps the whole entries, reports the cut one with its offset, and is incomplete', async () => {
    const full = gcloudArray(entries);
    const cutAt = full.indexOf('"insertId": "id00000020"') + 5;
    const r = await readAll(Buffer.from(full.slice(0, cutAt)));
    expect(r.report.entries).toBe(20);
    expect(r.report.complete).toBe(false);
    expect(r.report.incompleteReason).toMatch(/ends/);
    expect(r.report.badRecords).toBe(1);
    const bad = r.report.badRecordSamples[0]!;
    expect(bad.offset).toBe(full.lastIndexOf('{', cutAt));
    expect(bad.message).toMatch(/cut entry/);
  });

  it('an array cut between entries is incomplete without a bad record', async () => {
    const full = gcloudArray(entries);
    const r = await readAll(Buffer.from(full.slice(0, full.lastIndexOf('}') + 1)));
    expect(r.report.entries).toBe(30);
    expect(r.report.badRecords).toBe(0);
    expect(r.report.complete).toBe(false);
  });

  it('a broken line in JSON Lines is one bad record at its line; the lines after it are read', async () => {
    const lines = jsonl(entries).split('\n');
    lines[9] = lines[9]!.slice(0, 50); // line 10 cut
    lines[14] = '{"insertId": "x", "timestamp": "2025-09-15T12:00:00Z",, "oops": }'; // line 15 closes but is not JSON
    const r = await readAll(Buffer.from(lines.join('\n')));
    expect(r.report.format).toBe('jsonl');
    expect(r.report.badRecords).toBeGreaterThanOrEqual(1);
    expect(r.report.badRecordSamples[0]).toMatchObject({ line: 10 });
    expect(r.report.entries + r.report.badRecords).toBe(30);
    expect(r.report.entries).toBeGreaterThanOrEqual(28);
  });

  it('a JSON Lines record that closes but is not valid JSON is found when it is parsed', async () => {
    const lines = jsonl(entries.slice(0, 3)).trimEnd().split('\n');
    lines[1] = '{"insertId": "id-broken", "textPayload": "received 1011 (internal error)",, }';
    const r = await readAll(Buffer.from(lines.join('\n')));
    expect(r.report.badRecords).toBe(1);
    expect(r.report.badRecordSamples[0]).toMatchObject({ line: 2 });
    expect(r.report.badRecordSamples[0]!.message).toMatch(/invalid JSON/);
  });

  it('binary garbage is not a known format', async () => {
    const r = await readAll(randomBytes(100_000));
    expect(r.report.format).toBe('unknown');
    expect(r.report.entries).toBe(0);
    expect(r.report.badRecords).toBe(1);
  });

  it('an empty file and an empty array read as zero entries, not as an error', async () => {
    const empty = await readAll(Buffer.alloc(0));
    expect(empty.report).toMatchObject({ format: 'empty', entries: 0, badRecords: 0, complete: true });
    const arr = await readAll(Buffer.from('[]\n'));
    expect(arr.report).toMatchObject({ format: 'gcloud-array', entries: 0, badRecords: 0, complete: true });
    const ws = await readAll(Buffer.from(' \n\n '));
    expect(ws.report.format).toBe('empty');
  });

  it('a 50 MB single line is skipped with a message and the entries after it are still read', async () => {
    const huge = JSON.stringify({ ...rawEntry(99), textPayload: 'x'.repeat(50 << 20) });
    const text = [JSON.stringify(entries[0]), huge, JSON.stringify(entries[1])].join('\n') + '\n';
    const r = await readAll(Buffer.from(text), { maxRecordBytes: 16 << 20 });
    expect(r.report.entries).toBe(2);
    expect(r.report.badRecords).toBe(1);
    expect(r.report.badRecordSamples[0]!.message).toMatch(/larger than 16 MiB/);
    expect(r.report.badRecordSamples[0]!.offset).toBe(text.indexOf(huge));
  });

  it('a 50 MB line of text without newlines is one bad record, not a crash', async () => {
    const r = await readAll(Buffer.from('a'.repeat(50 << 20)), { maxRecordBytes: 16 << 20 });
    expect(r.report.format).toBe('text');
    expect(r.report.badRecords).toBe(1);
    expect(r.report.badRecordSamples[0]!.message).toMatch(/line longer/);
  });

  it('a cut gzip stream keeps what was decoded and is incomplete', async () => {
    const gz = gzipSync(Buffer.from(gcloudArray(entries)));
    const r = await readAll(gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(r.report.gzip).toBe(true);
    expect(r.report.complete).toBe(false);
    expect(r.report.incompleteReason).toMatch(/gzip|ends/);
    expect(r.report.entries).toBeLessThan(30);
  });

  it('an API page with a nextPageToken is not the whole story', async () => {
    const r = await readAll(Buffer.from(JSON.stringify({ entries: entries.slice(0, 5), nextPageToken: 'abc' })));
    expect(r.report.entries).toBe(5);
    expect(r.report.complete).toBe(false);
    expect(r.report.incompleteReason).toMatch(/nextPageToken/);
  });

  it('an object that is neither an entry nor a wrapper is a bad record with its position', async () => {
    const r = await readAll(Buffer.from('{"name": "ssot-watch", "version": "1.0.0"}\n'));
    expect(r.report.entries).toBe(0);
    expect(r.report.badRecords).toBe(1);
    expect(r.report.badRecordSamples[0]!.message).toMatch(/neither a log entry nor a known export wrapper/);
  });

  it('a list element that is not an object is reported, the others are read', async () => {
    const text = JSON.stringify([entries[0], 42, 'x', entries[1]]);
    const r = await readAll(Buffer.from(text));
    expect(r.report.entries).toBe(2);
    expect(r.report.badRecords).toBe(2);
  });

  it('a Python-client dump capped at the same count per severity is marked incomplete', async () => {
    const groups = { ERROR: entries.slice(0, 10), WARNING: entries.slice(10, 20), INFO: entries.slice(20, 30) };
    const r = await readAll(Buffer.from(JSON.stringify({ logs_by_severity: groups, summary: { total_logs: 30 } }, null, 2)));
    expect(r.report.entries).toBe(30);
    expect(r.report.complete).toBe(false);
    expect(r.report.incompleteReason).toMatch(/cap/);
  });
});

describe('diagnostics never quote secrets', () => {
  it('an invalid entry holding a token is reported without the text JSON.parse would quote', async () => {
    const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXNpZ25hdHVyZQ';
    // An unquoted value: V8 then quotes the input around the error in its message.
    const line = `{"insertId": "x", "textPayload": "403", "token": ${secret}}`;
    const r = await readAll(Buffer.from(`${line}\n`));
    expect(r.report.badRecords).toBe(1);
    const message = r.report.badRecordSamples[0]!.message;
    expect(message).toMatch(/invalid JSON/);
    expect(message).not.toContain(secret.slice(0, 8));
    expect(JSON.stringify(r.report)).not.toContain(secret.slice(0, 8));
    let v8 = '';
    try {
      JSON.parse(line);
    } catch (e) {
      v8 = (e as Error).message;
    }
    expect(v8).toContain(secret.slice(0, 8)); // what would have leaked
  });
});
