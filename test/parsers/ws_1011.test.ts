import { describe, expect, it } from 'vitest';
import type { Finding, LogEntry } from '../../src/model/index.js';
import { createWs1011Parser, reasonKey, ws1011Parser } from '../../parsers/ws_1011.js';
import { makeEntry, shapeA, shapeB, textLine } from '../helpers/entries.js';
import { WS_BOTH, WS_KEEPALIVE_PEER, WS_KEEPALIVE_SENT } from './examples.js';

const match = (e: LogEntry): Finding | null => ws1011Parser.match(e);
function found(e: LogEntry): Finding {
  const f = match(e);
  if (!f) throw new Error('expected a finding');
  return f;
}

describe('ws_1011: forms that count', () => {
  it.each([
    [WS_BOTH, 'received', 'Internal error'],
    ['received 1011 (internal error) Internal error', 'received', 'Internal error'],
    ['received 1011 (internal error)', 'received', ''],
    ['received 1011 (internal error) Factory SSOT validation failed', 'received', 'Factory SSOT validation failed'],
    ['received 1011 (internal error) main mode error', 'received', 'main mode error'],
    ['sent 1011 (internal error) Internal error', 'sent', 'Internal error'],
    [WS_KEEPALIVE_SENT, 'sent', 'keepalive ping timeout'],
    [WS_KEEPALIVE_PEER, 'received', 'keepalive ping timeout'],
    ['received 1011 (internal error); then sent 1011 (internal error) Internal error', 'received', 'Internal error'],
    ['received 1011 (internal error) Internal error; no close frame sent', 'received', 'Internal error'],
    ['[INFO] Connection 0: received 1011 (internal error) Internal error; the', 'received', 'Internal error'],
    [
      'websockets.exceptions.ConnectionClosedError: received 1011 (internal error) Internal error; then sent 1011 (internal error) Internal error',
      'received',
      'Internal error',
    ],
    ["E2E failed: ConnectionClosedError('received 1011 (internal error) Internal error')", 'received', 'Internal error'],
    ['WebSocket connection is closed: code = 1011 (unexpected error), reason = Internal error', 'legacy', 'Internal error'],
    ['code = 1011 (unexpected error)', 'legacy', ''],
    [
      'Unexpected RuntimeError during WebSocket close (code: 1011): Cannot call "send" once a close message has been sent.',
      'backend',
      'Cannot call "send" once a close message has been sent.',
    ],
    ['Unexpected ClientDisconnected during WebSocket close (code: 1011, attempted: True): gone', 'backend', 'gone'],
    ['Disconnected user u1 with code 1011: Cleanup error', 'backend', 'Cleanup error'],
    ['Cleaning up connection for u1 with code 1011: Service initialization failed', 'backend', 'Service initialization failed'],
    ['ws closed close_code=1011 reason="Service not ready: redis"', 'backend', 'Service not ready: redis'],
    ['closing close_code:1011', 'backend', ''],
  ])('%j → %s / %j', (text, direction, reason) => {
    const f = found(textLine(text));
    expect(f.kind).toBe('ws_1011');
    expect(f.details['code']).toBe(1011);
    expect(f.details['direction']).toBe(direction);
    expect(f.details['reason']).toBe(reason);
  });

  it('finds the close in shape B error.value and keeps the entry severity', () => {
    const e = shapeB('Connection failed', 'ERROR', {
      error: { type: 'ConnectionClosedError', value: 'received 1011 (internal error) Internal error', traceback: 'x' },
    });
    const f = found(e);
    expect(f.severity).toBe('ERROR');
    expect(f.message).toBe('received 1011 (internal error) Internal error');
  });

  it('in a traceback, the exception line counts and the message is that line', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.11/site-packages/websockets/legacy/protocol.py", line 959, in transfer_data',
      '    message = await self.read_message()',
      'websockets.exceptions.ConnectionClosedError: received 1011 (internal error) Internal error',
    ].join('\n');
    expect(found(textLine(tb, 'ERROR')).message).toBe('websockets.exceptions.ConnectionClosedError: received 1011 (internal error) Internal error');
  });
});

describe('ws_1011: fingerprints', () => {
  const fp = (text: string): string => found(textLine(text)).fingerprint;

  it('one reason is one problem, whichever side logged it and however it is cased or spaced', () => {
    const base = fp(WS_BOTH);
    expect(fp('sent 1011 (internal error) Internal error')).toBe(base);
    expect(fp('received 1011 (internal error)   internal   ERROR ')).toBe(base);
    expect(fp('WebSocket connection is closed: code = 1011 (unexpected error), reason = Internal error')).toBe(base);
  });

  it('folds ids, UUIDs, numbers and times that vary per connection', () => {
    expect(fp('received 1011 (internal error) Service not ready for main_b9ceb17a after 2.1s')).toBe(
      fp('received 1011 (internal error) Service not ready for main_466427bb after 30s'),
    );
    expect(fp('with code 1011: Trace c2615310-1011-475c-a455-9870374a633f at 2025-09-07T13:34:59.721011Z')).toBe(
      fp('with code 1011: Trace 9aa3fd04-336e-4038-8899-35ca261dc0d2 at 2025-09-16T00:41:40.241011Z'),
    );
    expect(reasonKey('Service not ready for main_b9ceb17a after 2.1s')).toBe('service not ready for main_<*> after <*>s');
  });

  it('different reasons are different problems', () => {
    expect(fp(WS_BOTH)).not.toBe(fp(WS_KEEPALIVE_SENT));
    expect(fp('received 1011 (internal error) Factory SSOT validation failed')).not.toBe(fp('received 1011 (internal error) main mode error'));
  });
});

describe('ws_1011: decoys (LOG-FORMATS §5)', () => {
  it.each([
    ['UUID in a trace id', shapeB('Request: GET /api/discovery/agents | Status: 404 | Duration: 1.45ms | Trace: c2615310-1011-475c-a455-9870374a633f', 'INFO')],
    ['timestamp fraction', shapeB('Heartbeat at 2025-09-07T13:34:59.721011Z', 'INFO')],
    ['latency', textLine('request done elapsed: 0.1011s')],
    [
      'race-condition prediction',
      shapeB("[🔴] RACE CONDITION DETECTED: Startup phase 'no_app_state' did not reach 'services' within 2.1s - this would cause WebSocket 1011 errors", 'ERROR'),
    ],
    ['queue prediction', shapeB('? RACE CONDITION DETECTED: startup - WebSocket connections will be queued to prevent 1011 errors', 'WARNING')],
    ['smd prediction', shapeB('This will cause 1011 WebSocket errors in GCP Cloud Run.', 'CRITICAL')],
    ['issue number', textLine('ISSUE #1011 REMEDIATION: applied')],
    ['another close code', textLine('received 1000 (OK); then sent 1000 (OK)')],
    ['another code with the backend wording', shapeB('Disconnected user u1 with code 1008: Authentication failed', 'INFO')],
    ['10110 is not 1011', textLine('close_code=10110')],
    ['1011 only in ids and timestamps of the entry', makeEntry({ insertId: '68c8b28c0001011aa', receiveTimestamp: '2025-09-16T00:41:40.241011Z', textPayload: 'connection closed' })],
  ])('%s', (_name, entry) => {
    expect(match(entry)).toBeNull();
  });

  it('skips source lines quoted in a traceback, however they spell the code', () => {
    const tb = [
      'Traceback (most recent call last):',
      '  File "/app/netra_backend/app/routes/websocket_ssot.py", line 737, in unified_websocket_endpoint',
      '    await websocket.close(code=1011, reason=f"Service not ready")  # close_code=1011',
      '    ^^^^^^^^^^^^^^^^^^^^^',
      '  File "/app/netra_backend/app/websocket_core/utils.py", line 600, in safe_websocket_close',
      '    logger.info("closing with code 1011: shutting down")',
      'RuntimeError: Cannot call "send" once a close message has been sent.',
    ].join('\n');
    expect(match(textLine(tb, 'ERROR'))).toBeNull();
  });

  it('also when the traceback is one shape-B line with escaped newlines', () => {
    const msg =
      'Exception in ASGI application\\nTraceback (most recent call last):\\n  File "/app/x.py", line 9, in f\\n    raise ConnectionClosedError("received 1011 (internal error) test")\\nValueError: no';
    expect(match(shapeB(msg, 'ERROR'))).toBeNull();
  });

  it('an ExceptionGroup gutter does not hide source lines', () => {
    const tb = ['  | Traceback (most recent call last):', '  |   File "/app/x.py", line 9, in f', '  |     close(code=1011) # with code 1011', '  | ValueError: x'].join('\n');
    expect(match(textLine(tb, 'ERROR'))).toBeNull();
  });
});

describe('ws_1011: redaction', () => {
  it('a token in the reason is redacted in message, details and fingerprint, and the fingerprint does not depend on the flag', () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dGhpc2lzYXNpZ25hdHVyZQ';
    const text = `received 1011 (internal error) Auth error for Bearer ${secret}`;
    const on = found(textLine(text));
    const off = createWs1011Parser({ redact: false }).match(textLine(text));
    expect(JSON.stringify(on)).not.toContain(secret);
    expect(JSON.stringify(on)).not.toContain('eyJ');
    expect(on.details['reason']).toBe('Auth error for Bearer REDACTED');
    expect(off?.details['reason']).toContain(secret);
    expect(off?.fingerprint).toBe(on.fingerprint);
    expect(String(off?.details['fingerprintKey'])).not.toContain(secret);
  });

  it('one finding per entry even when several texts carry a close', () => {
    const e = shapeA(WS_BOTH, 'ERROR');
    expect(found(e).message).toBe(WS_BOTH);
  });
});

describe('ws_1011: redaction never hides a finding', () => {
  it.each([
    'ws closed user=u;close_code=1011;reason=boom',
    'GET /x?user=u&close_code=1011',
    'disconnect ?close_code=1011',
  ])('a close_code that the query-string rule would redact still counts: %j', (text) => {
    const f = found(textLine(text));
    expect(f.details['code']).toBe(1011);
    expect(f.details['direction']).toBe('backend');
  });

  it('a secret on the same line is still redacted in what is kept', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlLXZhbHVl';
    const f = found(textLine(`GET /x?token=${jwt}&close_code=1011`));
    expect(JSON.stringify(f)).not.toContain(jwt);
    expect(createWs1011Parser({ redact: false }).match(textLine(`GET /x?token=${jwt}&close_code=1011`))?.message).toContain(jwt);
  });
});
