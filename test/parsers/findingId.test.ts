import { describe, expect, it } from 'vitest';
import { createParsers } from '../../parsers/registry.js';
import type { Finding, LogEntry } from '../../src/model/index.js';
import { makeEntry } from '../helpers/entries.js';

const parsers = createParsers();
function findings(e: LogEntry): Finding[] {
  return parsers.map((p) => p.match(e)).filter((f): f is Finding => f !== null);
}
const text = 'received 1011 (internal error) keepalive ping timeout; then sent 1011 (internal error) keepalive ping timeout';

describe('finding ids follow Cloud Logging\'s own duplicate rule (insertId + timestamp)', () => {
  it('the same entry read twice (two exports) gives the same id', () => {
    const a = makeEntry({ insertId: 'abc', timestamp: '2025-09-15T12:00:00.000001Z', textPayload: text });
    const b = makeEntry({ insertId: 'abc', timestamp: '2025-09-15T12:00:00.000001Z', textPayload: text });
    expect(findings(a)[0]!.id).toBe(findings(b)[0]!.id);
  });

  it('the same insertId at another time is another entry, so another finding', () => {
    const a = makeEntry({ insertId: 'abc', timestamp: '2025-09-15T12:00:00.000001Z', textPayload: text });
    const b = makeEntry({ insertId: 'abc', timestamp: '2025-09-15T12:00:00.000002Z', textPayload: text });
    expect(findings(a)[0]!.id).not.toBe(findings(b)[0]!.id);
  });

  it('without an insertId the id comes from log, time, service and text', () => {
    const a = makeEntry({ insertId: undefined, textPayload: text });
    const b = makeEntry({ insertId: undefined, textPayload: `${text} ` });
    expect(findings(a)[0]!.id).toMatch(/^[0-9a-f]{24}$/);
    expect(findings(a)[0]!.id).not.toBe(findings(b)[0]!.id);
  });
});
