import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/index.js';
import { createParsers } from '../../parsers/registry.js';
import { makeEntry } from '../helpers/entries.js';

const parsers = [...createParsers(), ...createParsers({ redact: false })];

/** Entries that bypassed validation: `match` must still answer, never throw. */
const odd: [string, unknown][] = [
  ['empty object', {}],
  ['nulls everywhere', { severity: null, resource: null, labels: null, jsonPayload: null, textPayload: null, httpRequest: null, timestamp: null }],
  ['resource without labels', { resource: { type: 'x' }, textPayload: 'received 1011 (internal error) x' }],
  ['numbers where strings go', { jsonPayload: { message: 1011, textPayload: 403, error: { value: 7, message: [] } }, textPayload: 12 }],
  ['objects where strings go', { jsonPayload: { message: { toString: 'SSOT WARNING:' } }, textPayload: ['SSOT WARNING: x'] }],
  ['httpRequest with odd fields', { httpRequest: { status: { n: 403 }, requestUrl: 5, requestMethod: null } }],
  ['httpRequest status 403 without url', { httpRequest: { status: 403 } }],
  ['httpRequest url as object', { httpRequest: { status: 403, url: { href: '/ws' }, method: 'GET' } }],
  ['unknown severity', { severity: 'LOUD', textPayload: 'SSOT WARNING: x' }],
  ['error not an object', { jsonPayload: { error: 'SSOT VIOLATION: x' } }],
  ['lone surrogate and controls', { textPayload: '\ud800SSOT WARNING: \u0000\u001b[0m received 1011 (internal error) \udfff' }],
];

describe('match never throws', () => {
  it.each(odd)('%s', (_name, raw) => {
    for (const p of parsers) {
      expect(() => p.match(raw as LogEntry)).not.toThrow();
    }
  });

  it('still finds what a broken entry plainly says', () => {
    const [ssot, ws] = createParsers();
    expect(ssot?.match({ textPayload: 'SSOT WARNING: x' } as unknown as LogEntry)?.service).toBeNull();
    expect(ws?.match({ resource: { type: 'x' }, textPayload: 'received 1011 (internal error) x' } as unknown as LogEntry)?.details['reason']).toBe('x');
  });
});

describe('match stays fast on hostile text', () => {
  const n = 200_000;
  const texts = [
    'SSOT WARNING: Found other WebSocket Manager classes: [' + "'a', ".repeat(n / 5),
    "SSOT validation issues (non-blocking): ['" + 'x'.repeat(n),
    'received 1011 (internal error)' + '; then sent 1011 (internal error)'.repeat(n / 30),
    'with code 1011' + ' '.repeat(n),
    '(code: 1011' + '('.repeat(n),
    'close_code=1011 ' + 'reason='.repeat(n / 7),
    '"WebSocket /' + 'a'.repeat(n) + ' 403',
    'WebSocket connection rejected in '.repeat(n / 33),
    '  File "x", line 1\n'.repeat(n / 20) + 'received 1011 (internal error) x',
    'eyJ'.repeat(n / 3) + ' received 1011 (internal error) ' + 'a.'.repeat(n / 2),
    `https://${'a'.repeat(n)} SSOT VIOLATION: ${'?a='.repeat(n / 3)}`,
    '1011 '.repeat(n / 5),
    '403 '.repeat(n / 4),
  ];

  it.each(texts.map((t, i) => [i, t] as const))('text #%i', (_i, text) => {
    const entries = [makeEntry({ severity: 'ERROR', textPayload: text }), makeEntry({ severity: 'ERROR', jsonPayload: { message: text, error: { value: text } } })];
    const t0 = performance.now();
    for (const p of parsers) for (const e of entries) p.match(e);
    expect(performance.now() - t0).toBeLessThan(3000);
  });
});
