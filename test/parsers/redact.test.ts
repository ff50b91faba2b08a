import { describe, expect, it } from 'vitest';
import { redact } from '../../parsers/redact.js';
import { A2_TEXT, A3_TEXT, A4_INVALID, F1_11, F2, F4, WS_BOTH } from './examples.js';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('redact', () => {
  it.each([
    [`token ${JWT} seen`, 'token REDACTED seen'],
    [`unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. end`, 'unsigned REDACTED end'],
    [`https://h/ws?token=${JWT}&mode=main`, 'https://h/ws?token=REDACTED&mode=main'],
    ['https://h/ws?access_token=abc123&id_token=def456', 'https://h/ws?access_token=REDACTED&id_token=REDACTED'],
    ['/ws?jwt=a1&key=b2&api_key=c3&sig=d4&signature=e5', '/ws?jwt=REDACTED&key=REDACTED&api_key=REDACTED&sig=REDACTED&signature=REDACTED'],
    ['/cb?code=4/0AX4XfWh&state=xyz&auth=s3cr3t', '/cb?code=REDACTED&state=xyz&auth=REDACTED'],
    ['/x?password=hunter2&secret=s&client_secret=t', '/x?password=REDACTED&secret=REDACTED&client_secret=REDACTED'],
    ['/o?X-Goog-Signature=abcdef&X-Goog-Date=20250907', '/o?X-Goog-Signature=REDACTED&X-Goog-Date=20250907'],
    ['/o?apiKey=AIzaSyA1&accessToken=zz9', '/o?apiKey=REDACTED&accessToken=REDACTED'],
    ['"WebSocket /ws?token=abc.def" 403', '"WebSocket /ws?token=REDACTED" 403'],
    ['Authorization: Bearer abc123def456ghi', 'Authorization: Bearer REDACTED'],
    ['"authorization": "Basic dXNlcjpwYXNzd29yZA=="', '"authorization": "Basic REDACTED"'],
    ['authorization=sometoken', 'authorization=REDACTED'],
    ['sent header Bearer ya29.a0AfH6SMBx then', 'sent header Bearer REDACTED then'],
    ['Bearer AbCdEfGhIjKlMnOp', 'Bearer REDACTED'],
    ['Basic dXNlcjpwYXNz', 'Basic REDACTED'],
    ['https://admin:pa55word@db.internal/x', 'https://REDACTED@db.internal/x'],
    ['config password=hunter2, user=bob', 'config password=REDACTED, user=bob'],
  ])('%j → %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'WebSocket connection rejected in staging: No JWT=REDACTED',
    'SSOT WEBSOCKET AUTH=REDACTED authentication (state: WebSocketState.CONNECTED)',
    '[🔑] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection main_466427bb',
    'TOKEN=REDACTED FAILURE: No JWT=REDACTED in WebSocket headers or subprotocols',
    'AuthServiceClient initialized - Service ID: netra-backend, Service Secret=REDACTED True',
    '   WARNING:  OAuth=REDACTED URI mismatch (non-critical in staging): https://app.staging.netra.ai/auth/callback vs https://app.staging.netrasystems.ai',
    'No Bearer token provided',
    'Basic authentication is disabled',
    'Authorization: Bearer REDACTED',
    '***JWT_REDACTED*** and ***API_KEY_REDACTED***',
    'https://h/ws?mode=main&user=42',
    'Internal error; then sent',
    F1_11,
    F2,
    F4,
    WS_BOTH,
    A2_TEXT,
    A3_TEXT,
    A4_INVALID,
  ])('leaves %j readable and unchanged', (text) => {
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const samples = [
      `https://h/ws?token=${JWT}&x=1`,
      `Authorization: Bearer ${JWT}`,
      'Authorization: Bearer',
      'Authorization: Token abc123456',
      'authorization: "x y"',
      'Bearer abc123def456ghi, Basic dXNlcjpwYXNz',
      'https://u:p@h/ws?key=1;sig=2#token=3',
      'password=hunter2. token=abc, jwt=eyJ.a.b',
      `${JWT}${JWT}`,
      `?token=${JWT}.${JWT}`,
    ];
    for (const s of samples) {
      const once = redact(s);
      expect(redact(once)).toBe(once);
      expect(once).not.toContain('hunter2');
      expect(once).not.toContain('SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c');
    }
  });

  it('stays linear on hostile input', () => {
    const hostile = [
      `?${'a'.repeat(200_000)}`,
      `eyJ${'a'.repeat(200_000)}`,
      `eyJa.${'b'.repeat(200_000)}`,
      `Bearer ${'a'.repeat(200_000)}`,
      `https://${'a'.repeat(200_000)}`,
      `${'?a_'.repeat(70_000)}`,
      `authorization: ${' '.repeat(200_000)}`,
    ];
    const t0 = performance.now();
    for (const h of hostile) redact(h);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('returns an empty string for a non-string at runtime', () => {
    expect(redact(undefined as unknown as string)).toBe('');
    expect(redact('')).toBe('');
  });
});
