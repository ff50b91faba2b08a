import { describe, expect, it } from 'vitest';
import type { Finding, LogEntry } from '../../src/model/index.js';
import { auth403Parser, createAuth403Parser, isWebSocketPath, pathOf } from '../../parsers/auth_403.js';
import { makeEntry, requestLog, shapeB, textLine, wrapperRequestLog } from '../helpers/entries.js';
import { A2_TEXT, A3_TEXT, A4_INVALID, A4_NONE } from './examples.js';

const match = (e: LogEntry): Finding | null => auth403Parser.match(e);
function found(e: LogEntry): Finding {
  const f = match(e);
  if (!f) throw new Error('expected a finding');
  return f;
}
const HOST = 'https://api.staging.netrasystems.ai';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEyMyIsImV4cCI6MTc1NzI1MjQ0MH0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

describe('auth_403: A1 request logs', () => {
  it('the corpus handshake refusal (§4.1)', () => {
    const f = found(requestLog('GET', `${HOST}/ws`, 403));
    expect(f.details).toMatchObject({ rule: 'A1', method: 'GET', path: '/ws', origin: 'request_log' });
    expect(f.details['reason']).toBeUndefined();
    expect(f.severity).toBe('WARNING');
    expect(f.message).toBe(`GET ${HOST}/ws 403`);
  });

  it("the wrappers' reduced httpRequest {method, url}", () => {
    const f = found(wrapperRequestLog('GET', `${HOST}/ws`, 403));
    expect(f.details).toMatchObject({ rule: 'A1', method: 'GET', path: '/ws', origin: 'request_log' });
    expect(f.logName).toBeNull();
  });

  it('a status that arrived as a string still counts', () => {
    const e = requestLog('GET', `${HOST}/ws`, 403);
    (e.httpRequest as Record<string, unknown>)['status'] = '403';
    expect(match(e)?.details['rule']).toBe('A1');
  });

  it.each(['/ws', '/ws/', '/ws/factory', '/ws/isolated', '/ws/test', '/websocket', '/websocket/x', '/api/v1/websocket', '/plugins/giveaway/ws'])(
    'counts the WebSocket path %s',
    (path) => {
      expect(match(requestLog('GET', `${HOST}${path}?mode=main`, 403))?.details['path']).toBe(path);
    },
  );

  it.each(['/api/messages', '/api/threads', '/api/messages/invalid-id', '/etc/passwd', '/wsx', '/api/websockets', '/', '/news/ws-guide'])(
    'does not count the REST path %s',
    (path) => {
      expect(match(requestLog('GET', `${HOST}${path}`, 403))).toBeNull();
    },
  );

  it('a handshake is a GET: POST/OPTIONS on a WebSocket path are REST calls', () => {
    expect(match(requestLog('POST', `${HOST}/api/v1/websocket`, 403))).toBeNull();
    expect(match(requestLog('OPTIONS', `${HOST}/ws`, 403))).toBeNull();
    expect(match(requestLog('CONNECT', `${HOST}/ws`, 403))?.details['method']).toBe('CONNECT');
  });

  it.each([101, 200, 401, 404, 500])('status %i on /ws is not a 403', (status) => {
    expect(match(requestLog('GET', `${HOST}/ws`, status))).toBeNull();
  });

  it('a REST 403 request entry with a text payload is still not a WebSocket 403', () => {
    expect(match(wrapperRequestLog('GET', `${HOST}/api/messages`, 403, 'The request failed because of 403 Forbidden'))).toBeNull();
  });

  it('method + path without query + origin: the query does not split the fingerprint', () => {
    const a = found(requestLog('GET', `${HOST}/ws?token=${JWT}`, 403));
    const b = found(requestLog('GET', `${HOST}/ws`, 403));
    const c = found(wrapperRequestLog('GET', `http://other-host/ws?mode=factory#x`, 403));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).toBe(b.fingerprint);
    expect(found(requestLog('GET', `${HOST}/websocket`, 403)).fingerprint).not.toBe(b.fingerprint);
  });
});

describe('auth_403: A2..A4 app logs', () => {
  it('A2 uvicorn with the gunicorn prefix: the handshake is a GET, the level is the text [INFO]', () => {
    const f = found(textLine(A2_TEXT));
    expect(f.details).toEqual({ rule: 'A2', method: 'GET', path: '/ws', origin: 'app_log', fingerprintKey: 'A2 GET /ws app_log' });
    expect(f.severity).toBe('INFO');
    expect(f.message).toBe(A2_TEXT);
  });

  it('A2 without the prefix, on another path', () => {
    expect(found(textLine('169.254.169.126:5520 - "WebSocket /ws/factory" 403')).details['path']).toBe('/ws/factory');
  });

  it('A3: no request is named, so method and path stay empty', () => {
    const f = found(textLine(A3_TEXT));
    expect(f.details).toMatchObject({ rule: 'A3', method: '', path: '', origin: 'app_log' });
  });

  it.each([
    [A4_INVALID, 'Invalid JWT=REDACTED'],
    [A4_NONE, 'No JWT=REDACTED'],
    ['WebSocket connection rejected in staging: Invalid JWT token', 'Invalid JWT token'],
  ])('A4 %j keeps its reason readable', (text, reason) => {
    const f = found(shapeB(text, 'WARNING'));
    expect(f.details).toMatchObject({ rule: 'A4', method: '', path: '', origin: 'app_log', reason });
    expect(f.message).toBe(text);
  });

  it('A4 reasons share a fingerprint; A1, A2, A3, A4 of one refusal each have their own', () => {
    const a4 = found(shapeB(A4_INVALID, 'WARNING')).fingerprint;
    expect(found(shapeB(A4_NONE, 'WARNING')).fingerprint).toBe(a4);
    const all = [found(requestLog('GET', `${HOST}/ws`, 403)), found(textLine(A2_TEXT)), found(textLine(A3_TEXT)), found(shapeB(A4_INVALID, 'WARNING'))];
    expect(new Set(all.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('one finding per entry: the request log wins over its own text', () => {
    const e = requestLog('GET', `${HOST}/ws`, 403);
    e.textPayload = A3_TEXT;
    expect(found(e).details['rule']).toBe('A1');
  });

  it('the earliest form in a line decides', () => {
    expect(found(textLine(`${A3_TEXT} after "WebSocket /ws" 403`)).details['rule']).toBe('A3');
  });
});

describe('auth_403: decoys (LOG-FORMATS §4.3, §4.4, §4.5, §5)', () => {
  it.each([
    ['uvicorn REST access', textLine('169.254.169.126:13918 - "GET /api/messages HTTP/1.1" 403', 'DEFAULT', 'projects/p/logs/run.googleapis.com%2Fstdout')],
    ['uvicorn REST access 2', textLine('169.254.169.126:13862 - "GET /etc/passwd HTTP/1.1" 403')],
    ['uvicorn GET on /ws without upgrade', textLine('169.254.169.126:13862 - "GET /ws HTTP/1.1" 403')],
    ['api_request', shapeB('api_request: 403: Not authenticated', 'INFO')],
    ['request middleware', shapeB('Request: GET /api/messages | Status: 403 | Duration: 1.54ms | Trace: d32ee99b-f9ec-4073-a9f3-31191e299a14', 'INFO')],
    ['db session', shapeB('Failed to create request-scoped database session req_2f9408620931: 403: Not authenticated', 'ERROR')],
    ['db session text line', textLine('2025-09-07 13:22:49 - netra_backend.app.database - ERROR - Database session error: 403: Not authenticated')],
    ['inter-service', shapeB('INTER-SERVICE AUTH=REDACTED Service not authorized (403)', 'ERROR')],
    ['inter-service old', shapeB('Auth=REDACTED returned 403 - service not authorized', 'WARNING')],
    ['config prediction', shapeB('This will cause WebSocket 403 authentication failures', 'CRITICAL')],
    ['config hint', shapeB('If this causes 403 errors, check SERVICE_ID and SERVICE_SECRET', 'INFO')],
    ['auth trace logger', shapeB("[🔴] CRITICAL_AUTH_FAILURE: 403 'Not authenticated' error detected! | User: 'service:netra-backend' | Operation: 'x'", 'ERROR')],
    ['403 as a source line number', shapeB('Connection established', 'INFO', { line: '403' })],
    ['UUID on a 422', shapeB('Request: POST /api/agents/execute | Status: 422 | Duration: 2ms | Trace: 9aa3fd04-336e-4038-8899-35ca261dc0d2', 'INFO')],
    ['golden path start (CRITICAL)', shapeB('[🔑] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection main_c793db4d - user_id: pending', 'CRITICAL')],
    ['golden path failure', shapeB(' ALERT:  GOLDEN PATH AUTH=REDACTED WebSocket authentication failed for connection main_1 - bad', 'CRITICAL')],
    ['token extraction', shapeB('🔑 TOKEN=REDACTED FAILURE: No JWT=REDACTED in WebSocket headers or subprotocols for connection main_1', 'CRITICAL')],
    ['ws auth failed', shapeB('WebSocket authentication failed: No authentication token=REDACTED', 'ERROR')],
    ['user context', shapeB('Failed to extract user context from WebSocket: 401: Authentication required: No JWT=REDACTED in WebSocket headers or subprotocols', 'ERROR')],
    ['ssot auth', shapeB('SSOT WEBSOCKET AUTH=REDACTED failed - expired', 'WARNING')],
    ['older denial', shapeB('WebSocket connection denied: Invalid JWT token', 'ERROR')],
    ['unified denial', shapeB('Unified WebSocket DENIED: Invalid JWT token', 'ERROR')],
    ['race-condition rejection (a 403 only at uvicorn level)', shapeB("🔴 RACE CONDITION: WebSocket connection main_1 rejected - GCP services not ready. Failed: ['redis']", 'ERROR')],
    ['uvicorn accepted', textLine('[2025-09-07 13:34:00 +0000] [15] [INFO] 169.254.169.126:14842 - "WebSocket /ws" [accepted]')],
    ['connection closed', textLine('[2025-09-07 13:34:00 +0000] [15] [INFO] connection closed')],
    ['4030 is not 403', textLine('169.254.169.126:1 - "WebSocket /ws" 4030')],
    ['403 only in ids', makeEntry({ insertId: '68c8b28c000f006403f22aaf', spanId: '7403dc6a802b6953', textPayload: 'ok' })],
  ])('%s', (_name, entry) => {
    expect(match(entry)).toBeNull();
  });
});

describe('auth_403: redaction', () => {
  const url = `${HOST}/ws?token=${JWT}&mode=main`;

  it('a JWT in the query string appears nowhere in the finding', () => {
    const f = found(requestLog('GET', url, 403));
    const all = JSON.stringify(f);
    expect(all).not.toContain(JWT);
    expect(all).not.toContain('eyJ');
    expect(f.message).toBe(`GET ${HOST}/ws?token=REDACTED&mode=main 403`);
    expect(f.details['path']).toBe('/ws');
    expect(String(f.details['fingerprintKey'])).toBe('A1 GET /ws request_log');
  });

  it('uvicorn logs the query string too; it is redacted there and dropped from the path', () => {
    const f = found(textLine(`[2025-09-07 13:34:00 +0000] [15] [INFO] 169.254.169.126:1 - "WebSocket /ws?access_token=${JWT}" 403`));
    expect(JSON.stringify(f)).not.toContain(JWT);
    expect(f.message).toContain('"WebSocket /ws?access_token=REDACTED" 403');
    expect(f.details['path']).toBe('/ws');
  });

  it('a JWT as a path segment is redacted in the path itself', () => {
    const f = found(requestLog('GET', `${HOST}/ws/${JWT}`, 403));
    expect(f.details['path']).toBe('/ws/REDACTED');
    expect(JSON.stringify(f)).not.toContain(JWT);
  });

  it('--no-redact shows the URL but changes neither id nor fingerprint', () => {
    const entry = requestLog('GET', url, 403);
    const on = found(entry);
    const off = createAuth403Parser({ redact: false }).match(entry);
    expect(off?.message).toContain(JWT);
    expect(off?.details['path']).toBe('/ws');
    expect(off?.fingerprint).toBe(on.fingerprint);
    expect(off?.id).toBe(on.id);
    expect(String(off?.details['fingerprintKey'])).not.toContain(JWT);
  });

  it('without an insertId the id is built from redacted text and is still stable', () => {
    const a = requestLog('GET', url, 403);
    delete a.insertId;
    const on = found(a);
    const off = createAuth403Parser({ redact: false }).match(a);
    expect(off?.id).toBe(on.id);
    expect(found(a).id).toBe(on.id);
  });
});

describe('auth_403: helpers', () => {
  it.each([
    ['https://h/ws?x=1#f', '/ws'],
    ['/ws?x', '/ws'],
    ['https://h', '/'],
    ['wss://h:443/websocket', '/websocket'],
    ['', '/'],
  ])('pathOf(%j) = %j', (url, path) => {
    expect(pathOf(url)).toBe(path);
  });

  it('isWebSocketPath looks at the first and last segment only', () => {
    expect(isWebSocketPath('/ws/a/b')).toBe(true);
    expect(isWebSocketPath('/a/b/websocket')).toBe(true);
    expect(isWebSocketPath('/a/ws/b')).toBe(false);
    expect(isWebSocketPath('/WS')).toBe(false);
  });
});
