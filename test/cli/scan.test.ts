import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { gcloudArray, jsonl, rawEntry } from '../support/entries.js';

const dir = mkdtempSync(join(tmpdir(), 'ssotw-scan-'));
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE3NTc5NTIwMDB9.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const refused = rawEntry(1, {
  httpRequest: { requestMethod: 'GET', requestUrl: `https://api.example.com/ws?token=${JWT}&v=2`, status: 403 },
  logName: 'projects/p/logs/run.googleapis.com%2Frequests',
  severity: 'WARNING',
  jsonPayload: undefined,
});
const uvicorn = rawEntry(2, { textPayload: `[2025-09-15 12:00:02 +0000] [15] [INFO] 169.254.169.126:1 - "WebSocket /ws?token=${JWT}" 403`, jsonPayload: undefined, severity: undefined });
const entries = [rawEntry(0), refused, uvicorn, rawEntry(3)];

function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('scan at the CLI', () => {
  it('a JWT in a 403 URL never reaches stdout, in the table or in JSON; --no-redact shows it', () => {
    const p = file('jwt.json', gcloudArray(entries));
    for (const args of [[p], [p, '--json']]) {
      const r = runCli(['scan', ...args]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/auth_403/);
      expect(r.stdout).not.toContain(JWT);
      expect(r.stdout).not.toContain(JWT.split('.')[1]!);
      expect(r.stderr).not.toContain(JWT);
    }
    const doc = JSON.parse(runCli(['scan', p, '--json']).stdout);
    expect(doc.findings).toHaveLength(2);
    expect(doc.findings[0].message).toContain('token=REDACTED');
    expect(runCli(['scan', p, '--json', '--no-redact']).stdout).toContain(JWT);
  });

  it('reads stdin (plain and gzip), globs sorted, and several formats in one call', () => {
    const text = gcloudArray(entries);
    const plain = runCli(['scan', '--json'], { input: text });
    const gz = runCli(['scan', '-', '--json'], { input: gzipSync(Buffer.from(text)) });
    expect(JSON.parse(plain.stdout).findings).toHaveLength(2);
    expect(JSON.parse(gz.stdout).sources[0]).toMatchObject({ name: '-', gzip: true, entries: 4, complete: true });
    const sub = join(dir, 'many');
    mkdirSync(sub);
    writeFileSync(join(sub, 'b.jsonl'), jsonl(entries));
    writeFileSync(join(sub, 'a.json'), gcloudArray(entries));
    const r = runCli(['scan', join(sub, '*'), '--json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.sources.map((s: any) => [s.name.split('/').pop(), s.format])).toEqual([
      ['a.json', 'gcloud-array'],
      ['b.jsonl', 'jsonl'],
    ]);
    // The same entries in both files: each finding once.
    expect(doc.findings).toHaveLength(2);
  });

  it('exit 4 for what cannot be used, naming the input; exit 3 for usage errors', () => {
    const missing = runCli(['scan', join(dir, 'nope.json')]);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
    expect(runCli(['scan', join(dir, '*.nothing')]).status).toBe(4);
    expect(runCli(['scan', dir]).stderr).toMatch(/is a directory/);
    const garbage = runCli(['scan', file('bin.dat', Buffer.from([0, 1, 2, 3, 255, 254, 0, 7]))]);
    expect(garbage.status).toBe(4);
    expect(garbage.stderr).toMatch(/bin\.dat: not a known log format/);
    expect(runCli(['scan', '--kinds', 'nope']).status).toBe(3);
    expect(runCli(['scan', '--format', 'xml']).status).toBe(3);
  });

  it('--strict turns a bad record into exit 4; without it the bad record is reported with its line', () => {
    const lines = jsonl(entries).split('\n');
    lines[2] = lines[2]!.slice(0, 30);
    const p = file('bad.jsonl', lines.join('\n'));
    const lax = runCli(['scan', p]);
    expect(lax.status).toBe(0);
    expect(lax.stderr).toMatch(/bad\.jsonl: line 3, byte [\d,]+: line is not a complete JSON object/);
    expect(lax.stderr).toMatch(/3 entries, 1 bad record,/);
    expect(runCli(['scan', p, '--strict']).status).toBe(4);
  });

  it('stdout stays parseable JSON while diagnostics go to stderr', () => {
    const p = file('cut.json', gcloudArray(entries).slice(0, -40));
    const r = runCli(['scan', p, '--json']);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stderr).toMatch(/INCOMPLETE/);
    expect(JSON.parse(r.stdout).sources[0].complete).toBe(false);
  });

  it('--help teaches: formats, an example, exit codes', () => {
    const h = runCli(['scan', '--help']).stdout;
    expect(h).toMatch(/JSON Lines/);
    expect(h).toMatch(/Examples:/);
    expect(h).toMatch(/Exit codes:/);
    void readFileSync;
  });
});
