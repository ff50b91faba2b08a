import { pyIso, pyLogStampMs, US_PER_S } from '../clock.js';
import { A4_INVALID, A4_MISSING, API_HOST, AUTH_HOST, BACKEND_EGRESS_IP, DECOY, f2Message, f3Message, POLLER_IP, PROXY_IP, USER_AGENTS } from '../catalog.js';
import { connectionIdFor, fakeJwt, uuid4 } from '../ids.js';
import type { Rng } from '../prng.js';
import type { Emitter, Inst, Tags } from './emitter.js';


const REQUEST_CONTEXT = { module: 'netra_backend.app.core.request_context', fn: 'log_request_details', line: '79', contextName: 'api' };

function ms2(us: number): string {
  return (us / 1000).toFixed(2);
}

/** One REST request as the backend logs it: request log, `Request: …` line (shape B), uvicorn access line. */
export function restCall(
  em: Emitter,
  rng: Rng,
  inst: Inst,
  t: number,
  c: {
    method: string;
    path: string;
    status: number;
    latencyUs: number;
    userAgent: string;
    remoteIp: string;
    responseSize: number;
    referer?: string;
    /** Forces the `Trace:` UUID of the `Request:` line (decoys). */
    traceUuid?: string;
    latencyExtraNs?: number;
  },
  tags: { request?: Tags; line?: Tags; access?: Tags } = {},
): void {
  const host = inst.where.service.startsWith('netra-auth') ? AUTH_HOST : API_HOST;
  em.request(
    inst,
    t,
    {
      method: c.method,
      url: `https://${host}${c.path}`,
      status: c.status,
      latencyUs: c.latencyUs,
      userAgent: c.userAgent,
      remoteIp: c.remoteIp,
      requestSize: rng.range(380, 1500),
      responseSize: c.responseSize,
      ...(c.referer ? { referer: c.referer } : {}),
      ...(c.latencyExtraNs !== undefined ? { latencyExtraNs: c.latencyExtraNs } : {}),
    },
    tags.request,
  );
  const handled = t + Math.floor(c.latencyUs * 0.7);
  if (!inst.where.service.startsWith('netra-auth')) {
    const trace = c.traceUuid ?? uuid4(rng);
    em.b(
      inst,
      handled,
      { ...REQUEST_CONTEXT, message: `Request: ${c.method} ${c.path} | Status: ${c.status} | Duration: ${ms2(c.latencyUs * 0.6)}ms | Trace: ${trace}`, severity: 'INFO' },
      tags.line,
    );
  }
  em.access(inst, handled + rng.range(100, 400), c.method, c.path, c.status, tags.access);
}

/** The health poller: `GET /health` every ~5 minutes from the CI runner. */
export function healthCheck(em: Emitter, rng: Rng, inst: Inst, t: number, extraLatencyUs = 0): void {
  const isAuth = inst.where.service.startsWith('netra-auth');
  restCall(em, rng, inst, t, {
    method: 'GET',
    path: '/health',
    status: 200,
    latencyUs: rng.range(1_400, 4_200) + extraLatencyUs,
    userAgent: USER_AGENTS.poller,
    remoteIp: POLLER_IP,
    responseSize: isAuth ? 97 : 142,
  });
}

/** The auth service's side of a token check: its request log and its own log line. */
export function authValidate(em: Emitter, rng: Rng, auth: Inst, t: number, user: string, ok: boolean): void {
  em.request(auth, t, {
    method: 'POST',
    url: `https://${AUTH_HOST}/auth/validate`,
    status: ok ? 200 : 401,
    latencyUs: rng.range(900, 2_400),
    userAgent: USER_AGENTS.poller,
    remoteIp: BACKEND_EGRESS_IP,
    requestSize: rng.range(1100, 1300),
    responseSize: ok ? rng.range(300, 360) : 61,
  });
  const text = ok
    ? `${pyLogStampMs(t + 700)} - netra-service - auth_service.auth_core.routes.auth_routes - INFO - Token validated for user ${user}`
    : `${pyLogStampMs(t + 700)} - netra-service - auth_service.auth_core.routes.auth_routes - WARNING - Token validation failed: token expired`;
  em.text(auth, t + 700, 'stdout', text);
}

export interface WsConnect {
  user: string;
  userAgent: string;
  remoteIp: string;
  durationUs: number;
  /** Revision 00042 only: authentication fails after accept, closed with 1008 (no 403). */
  authFails?: boolean;
}

/**
 * An accepted WebSocket. On 00041 (`oldCode`) a user who already has a manager on the instance
 * gets F3 + F2; on 00042 the connection is accepted first and then authenticated (the
 * CRITICAL "GOLDEN PATH AUTH=REDACTED permissive authentication" start line is not a failure).
 */
export function wsConnection(em: Emitter, rng: Rng, inst: Inst, auth: Inst, t: number, c: WsConnect, oldCode: boolean): void {
  const conn = connectionIdFor(rng);
  const port = rng.range(1024, 65000);
  let te = t + c.durationUs;
  const ok = !c.authFails;
  authValidate(em, rng, auth, t + 500, c.user, ok);
  em.pylog(inst, t + 2_100, 'httpx', 'INFO', `HTTP Request: POST https://${AUTH_HOST}/auth/validate "HTTP/1.1 ${ok ? '200 OK' : '401 Unauthorized'}"`);
  em.gunicorn(inst, t + 2_600, 'worker', 'INFO', `${PROXY_IP}:${port} - "WebSocket /ws" [accepted]`);
  em.gunicorn(inst, t + 2_900, 'worker', 'INFO', 'connection open');
  const ws = { module: 'netra_backend.app.routes.websocket_ssot', fn: 'websocket_endpoint', contextName: 'netra_backend.app.routes.websocket_ssot' };
  if (oldCode) {
    em.b(inst, t + 3_500, { ...ws, line: '212', message: `WebSocket connection established for user ${c.user} (${conn})`, severity: 'INFO' });
    const had = inst.managers.get(c.user) ?? 0;
    if (had > 0) {
      const enh = { module: 'netra_backend.app.websocket_core.ssot_validation_enhancer', fn: 'validate_manager_creation', contextName: 'netra_backend.app.websocket_core.ssot_validation_enhancer' };
      em.b(inst, t + 4_100, { ...enh, line: '118', message: f3Message(c.user), severity: 'WARNING' }, { finding: { kind: 'ssot_warning', family: 'F3' } });
      em.b(inst, t + 4_300, { ...enh, line: '137', message: f2Message(c.user), severity: 'WARNING' }, { finding: { kind: 'ssot_warning', family: 'F2' } });
    }
    inst.managers.set(c.user, had + 1);
  } else {
    em.b(
      inst,
      t + 3_100,
      {
        ...ws,
        line: '770',
        message: `[🔑] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection ${conn} - user_id: pending, connection_state: connected, timestamp: ${pyIso(t + 3_000)}`,
        severity: 'CRITICAL',
      },
      { related: 'golden_path_auth_start_critical' },
    );
    em.b(
      inst,
      t + 3_400,
      {
        module: 'netra_backend.app.websocket_core.unified_websocket_auth',
        fn: 'authenticate_websocket_ssot',
        line: '295',
        contextName: 'netra_backend.app.websocket_core.unified_websocket_auth',
        message: 'SSOT WEBSOCKET AUTH=REDACTED authentication (state: WebSocketState.CONNECTED)',
        severity: 'INFO',
      },
      { decoy: 'ssot_word_info' },
    );
    if (ok) {
      em.b(inst, t + 6_000, { ...ws, line: '861', message: `WebSocket authenticated for user ${c.user} (${conn})`, severity: 'INFO' });
    } else {
      em.b(
        inst,
        t + 6_000,
        {
          ...ws,
          line: '819',
          message: ` ALERT:  GOLDEN PATH AUTH=REDACTED WebSocket authentication failed for connection ${conn} - Invalid or expired token`,
          severity: 'CRITICAL',
        },
        { related: 'ws_auth_failure_after_accept_1008' },
      );
      te = t + 8_000 + rng.range(0, 2_000);
    }
  }
  te = Math.min(te, inst.endUs - rng.range(1_000, 50_000));
  em.gunicorn(inst, te, 'worker', 'INFO', 'connection closed');
  if (ok) {
    em.b(inst, te + 400, {
      ...ws,
      line: '1411',
      message: `[U+1F44B] GOLDEN PATH CLIENT DISCONNECT: User ${c.user.slice(0, 8)}... disconnected connection ${conn}`,
      severity: 'INFO',
    });
  }
  em.request(inst, t, {
    method: 'GET',
    url: `https://${API_HOST}/ws`,
    status: 101,
    latencyUs: te - t,
    userAgent: c.userAgent,
    remoteIp: c.remoteIp,
    requestSize: rng.range(1900, 2600),
    responseSize: rng.range(150, 9000),
  });
}

export type RefusalVariant = 'invalid' | 'missing' | 'invalid-token-in-url';

/**
 * One refused handshake on 00041, the five entries of LOG-FORMATS.md §4.1 (A1, A2, A4, A3 and
 * `connection closed`), with the corpus' timing: the uvicorn line is stamped just before the
 * backend warning that caused it.
 */
export function refusedHandshake(em: Emitter, rng: Rng, inst: Inst, t: number, v: RefusalVariant, client: { userAgent: string; remoteIp: string }): void {
  const token = v === 'invalid-token-in-url' ? fakeJwt(rng, 'demo-user-001', Math.floor(t / US_PER_S) - 3600) : '';
  const path = token ? `/ws?token=${token}` : '/ws';
  em.request(
    inst,
    t,
    {
      method: 'GET',
      url: `https://${API_HOST}${path}`,
      status: 403,
      latencyUs: rng.range(2_400, 3_300),
      userAgent: client.userAgent,
      remoteIp: client.remoteIp,
      requestSize: rng.range(2300, 2600),
      responseSize: 95,
    },
    { finding: { kind: 'auth_403', rule: 'A1' } },
  );
  const port = rng.range(1024, 65000);
  const route = { module: 'netra_backend.app.routes.websocket', fn: 'websocket_endpoint', contextName: 'netra_backend.app.routes.websocket' };
  if (v !== 'missing') {
    const jwt = { module: 'netra_backend.app.websocket_core.user_context_extractor', fn: 'validate_and_decode_jwt', contextName: 'netra_backend.app.websocket_core.user_context_extractor' };
    em.b(inst, t + 5_900, { ...jwt, line: '212', message: DECOY.jwtVerification, severity: 'ERROR' });
    em.b(inst, t + 6_100, { ...jwt, line: '216', message: DECOY.invalidAudience, severity: 'WARNING' });
  }
  em.gunicorn(inst, t + 6_514, 'worker', 'INFO', `${PROXY_IP}:${port} - "WebSocket ${path}" 403`, { finding: { kind: 'auth_403', rule: 'A2' } });
  em.b(
    inst,
    t + 6_561,
    { ...route, line: v === 'missing' ? '169' : '178', message: v === 'missing' ? A4_MISSING : A4_INVALID, severity: 'WARNING' },
    { finding: { kind: 'auth_403', rule: 'A4' } },
  );
  em.gunicorn(inst, t + 6_664, 'worker', 'INFO', 'connection rejected (403 Forbidden)', { finding: { kind: 'auth_403', rule: 'A3' } });
  em.gunicorn(inst, t + 6_965, 'worker', 'INFO', 'connection closed');
  em.b(inst, t + 7_300, { ...route, line: '600', message: 'Handler cleanup complete. Remaining handlers: 8', severity: 'INFO' });
  if (v !== 'missing') em.pylog(inst, t + 7_900, 'auth_integration.auth', 'WARNING', 'Token validation failed - invalid or expired');
}

/** REST 403s (§4.5): same number, not a WebSocket; listed as related, never counted. */
export function rest403(em: Emitter, rng: Rng, inst: Inst, t: number, path: string, method: string): void {
  restCall(
    em,
    rng,
    inst,
    t,
    { method, path, status: 403, latencyUs: rng.range(1_300, 2_600), userAgent: USER_AGENTS.e2e, remoteIp: '73.162.88.14', responseSize: 30 },
    { request: { related: 'rest_403_request_log' }, line: { related: 'rest_403_request_line' }, access: { related: 'rest_403_access_line' } },
  );
  const handler = { module: 'netra_backend.app.core.unified_error_handler', fn: '_log_error', line: '574', contextName: 'netra_backend.app.core.unified_error_handler' };
  em.b(inst, t + 400, { ...handler, message: DECOY.apiRequest403, severity: 'INFO' }, { related: 'rest_403_app_log' });
  const session = {
    module: 'netra_backend.app.database.request_scoped_session_factory',
    fn: 'get_request_scoped_session',
    line: '283',
    contextName: 'netra_backend.app.database.request_scoped_session_factory',
  };
  em.b(inst, t + 700, { ...session, message: DECOY.session403, severity: 'ERROR' }, { related: 'rest_403_app_log' });
}

