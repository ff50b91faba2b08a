import { requestLog, shapeA, shapeB, textLine, varlogLine, type Stamp, type Where } from '../builders.js';
import {
  A4_INVALID,
  DECOY,
  f1aMessage,
  f2Message,
  f3Message,
  PROBE_OK,
  PROXY_IP,
  REST_CALLS,
  SCALING,
  STARTUP_A_BEFORE_SSOT,
  STARTUP_B,
  USER_AGENTS,
  WS1011,
  AUTH_HOST,
  API_HOST,
  PROJECT,
  REGION,
  F4_MESSAGE,
  POLLER_IP,
  BACKEND_EGRESS_IP,
  SERVER_IP,
} from '../catalog.js';
import type { FindingTag, GEntry, Severity } from '../model.js';
import { ph } from './template.js';

/**
 * The benchmark's entry kinds: the corpus mix (mostly request logs and JSON payload entries),
 * the findings of each kind, and the §5 decoys. Built with the samples' builders, with
 * placeholders where values vary per entry.
 */

export interface Spec {
  id: string;
  entry: GEntry;
  /** Range of `latency` (µs) when the entry has one. */
  latencyUs?: readonly [number, number];
  finding?: FindingTag;
  decoy?: string;
  related?: string;
}

const W: Where = {
  project: PROJECT,
  location: REGION,
  service: ph('SVC'),
  revision: ph('REV'),
  instanceId: ph('INST'),
  serviceLabels: { 'migration-run': '1757801912', 'vpc-connectivity': 'enabled' },
};
const S: Stamp = { timestamp: ph('TS'), receiveTimestamp: ph('RTS'), insertId: ph('IID') };
const STDLIB = { module: 'logging', fn: 'callHandlers', line: '1706' };
const REQUEST_CONTEXT = { module: 'netra_backend.app.core.request_context', fn: 'log_request_details', line: '79', contextName: 'api' };
const WS_SSOT = { module: 'netra_backend.app.routes.websocket_ssot', fn: 'websocket_endpoint', contextName: 'netra_backend.app.routes.websocket_ssot' };

function req(method: string, host: string, path: string, status: number, ua: string, remoteIp: string, sizes: [string, string], referer?: string): GEntry {
  return requestLog(W, S, {
    http: {
      requestMethod: method,
      requestUrl: `https://${host}${path}`,
      requestSize: sizes[0],
      status,
      responseSize: sizes[1],
      userAgent: ua,
      remoteIp,
      ...(referer ? { referer } : {}),
      serverIp: SERVER_IP,
      latency: ph('LAT'),
      protocol: 'HTTP/1.1',
    },
    trace: ph('TRACE'),
    spanId: ph('SPAN'),
  });
}

function a(logger: string, message: string, severity: Severity): GEntry {
  return shapeA(W, S, {
    logger,
    message,
    severity,
    payloadTs: ph('ATS'),
    errorTs: ph('AERR'),
    validatedAt: ph('AVAL'),
    messageLength: Array.from(message).length,
  });
}

function b(p: { module: string; fn: string; line: string; contextName?: string }, message: string, severity: Severity): GEntry {
  return shapeB(W, S, { ...p, message, severity, payloadTs: ph('PTS') });
}

const gun = (pid: number, level: string, text: string): GEntry => textLine(W, S, 'stderr', `[${ph('GS')}] [${pid}] [${level}] ${text}`);
const pylog = (logger: string, level: string, text: string): GEntry => textLine(W, S, 'stderr', `${ph('PLS')} - ${logger} - ${level} - ${text}`);
const access = (method: string, path: string, status: number): GEntry => textLine(W, S, 'stdout', `${PROXY_IP}:${ph('PORT')} - "${method} ${path} HTTP/1.1" ${status}`);

/** Served by every service: the health poller. */
export function genericSpecs(): { spec: Spec; weight: number }[] {
  return [
    { spec: { id: 'req-health', entry: req('GET', API_HOST, '/health', 200, USER_AGENTS.poller, POLLER_IP, ['400', '142']), latencyUs: [1_400, 4_200] }, weight: 400 },
    { spec: { id: 'access-health', entry: access('GET', '/health', 200) }, weight: 300 },
    {
      spec: {
        id: 'auth-validate',
        entry: req('POST', AUTH_HOST, '/auth/validate', 200, USER_AGENTS.poller, BACKEND_EGRESS_IP, ['1180', '331']),
        latencyUs: [900, 2_400],
      },
      weight: 200,
    },
    { spec: { id: 'auth-log', entry: textLine(W, S, 'stdout', `${ph('PLS')},512 - netra-service - auth_service.auth_core.routes.auth_routes - INFO - Token validated for user u_5f2c9a71`) }, weight: 100 },
  ];
}

/** The backend's everyday mix (weights per mille, roughly the corpus' proportions). */
export function backendSpecs(): { spec: Spec; weight: number }[] {
  const out: { spec: Spec; weight: number }[] = [
    { spec: { id: 'req-health', entry: req('GET', API_HOST, '/health', 200, USER_AGENTS.poller, POLLER_IP, ['400', '142']), latencyUs: [1_400, 4_200] }, weight: 110 },
    { spec: { id: 'line-health', entry: b(REQUEST_CONTEXT, `Request: GET /health | Status: 200 | Duration: ${ph('DUR')}ms | Trace: ${ph('UUID')}`, 'INFO') }, weight: 110 },
    { spec: { id: 'access-health', entry: access('GET', '/health', 200) }, weight: 90 },
    { spec: { id: 'req-ws-101', entry: req('GET', API_HOST, '/ws', 101, USER_AGENTS.browsers[0], '98.207.41.203', ['2214', '4410']), latencyUs: [45_000_000, 1_500_000_000] }, weight: 12 },
  ];
  REST_CALLS.forEach((c, i) => {
    out.push(
      {
        spec: {
          id: `req-api-${i}`,
          entry: req(c.method, API_HOST, c.path, 200, USER_AGENTS.browsers[i % USER_AGENTS.browsers.length]!, '24.4.187.66', ['926', String(c.size[1])], 'https://app.staging.netrasystems.ai/'),
          latencyUs: [c.ms[0] * 1000, c.ms[1] * 1000],
        },
        weight: 22,
      },
      { spec: { id: `line-api-${i}`, entry: b(REQUEST_CONTEXT, `Request: ${c.method} ${c.path} | Status: 200 | Duration: ${ph('DUR')}ms | Trace: ${ph('UUID')}`, 'INFO') }, weight: 22 },
      { spec: { id: `access-api-${i}`, entry: access(c.method, c.path, 200) }, weight: 14 },
    );
  });
  STARTUP_A_BEFORE_SSOT.forEach((l, i) => out.push({ spec: { id: `a-startup-${i}`, entry: a(l.logger, l.message, l.severity) }, weight: l.severity === 'INFO' ? 20 : 4 }));
  STARTUP_B.forEach((l, i) => out.push({ spec: { id: `b-startup-${i}`, entry: b(STDLIB, l.message, l.severity) }, weight: l.severity === 'INFO' ? 14 : 4 }));
  out.push(
    { spec: { id: 'a-error-validator', entry: a('netra_backend.app.services.websocket_error_validator', DECOY.errorValidatorLoaded, 'INFO') }, weight: 8 },
    { spec: { id: 'gun-accepted', entry: gun(13, 'INFO', `${PROXY_IP}:${ph('PORT')} - "WebSocket /ws" [accepted]`) }, weight: 14 },
    { spec: { id: 'gun-open', entry: gun(13, 'INFO', 'connection open') }, weight: 14 },
    { spec: { id: 'gun-closed', entry: gun(13, 'INFO', 'connection closed') }, weight: 14 },
    { spec: { id: 'pylog-httpx', entry: pylog('httpx', 'INFO', `HTTP Request: POST https://${AUTH_HOST}/auth/validate "HTTP/1.1 200 OK"`) }, weight: 14 },
    { spec: { id: 'b-ws-auth', entry: b({ ...WS_SSOT, line: '861' }, `WebSocket authenticated for user u_5f2c9a71 (main_${ph('CONN')})`, 'INFO') }, weight: 14 },
    {
      spec: { id: 'b-disconnect', entry: b({ ...WS_SSOT, line: '1411' }, `[U+1F44B] GOLDEN PATH CLIENT DISCONNECT: User u_5f2c9a... disconnected connection main_${ph('CONN')}`, 'INFO') },
      weight: 14,
    },
    { spec: { id: 'varlog-probe', entry: varlogLine(W, S, PROBE_OK, 'INFO') }, weight: 2 },
    { spec: { id: 'varlog-start', entry: varlogLine(W, S, SCALING.autoscaling, 'INFO', { scaling_reason: 'AUTOSCALING' }) }, weight: 2 },
    { spec: { id: 'gun-boot', entry: gun(12, 'INFO', 'Booting worker with pid: 13') }, weight: 2 },
  );
  return out;
}

/** §5 decoys and §4.3–4.5 related entries, sprinkled through the backend's mix. */
export function decoySpecs(): { spec: Spec; weight: number }[] {
  return [
    { spec: { id: 'd-rest403', entry: req('GET', API_HOST, '/api/messages', 403, USER_AGENTS.e2e, '73.162.88.14', ['512', '30']), latencyUs: [1_300, 2_600], related: 'rest_403_request_log' }, weight: 3 },
    { spec: { id: 'd-api-request-403', entry: b({ module: 'netra_backend.app.core.unified_error_handler', fn: '_log_error', line: '574' }, DECOY.apiRequest403, 'INFO'), related: 'rest_403_app_log' }, weight: 3 },
    { spec: { id: 'd-race-1011', entry: b({ module: 'netra_backend.app.smd', fn: '_wait_for_startup_phase', line: '412' }, DECOY.raceConditionWould, 'WARNING'), decoy: 'race_condition_1011_prediction' }, weight: 2 },
    { spec: { id: 'd-ssot-validation-warning', entry: a('netra_backend.app.websocket_core.websocket_manager', DECOY.managerValidationWarning, 'INFO'), decoy: 'ssot_validation_warning_info' }, weight: 2 },
    { spec: { id: 'd-ssot-loaded', entry: a('netra_backend.app.websocket_core', DECOY.ssotLoaded, 'INFO'), decoy: 'ssot_loaded_critical_info' }, weight: 3 },
    {
      spec: {
        id: 'd-inter-service-403',
        entry: b({ module: 'netra_backend.app.clients.auth_client_core', fn: '_execute_token_validation', line: '1007' }, DECOY.interServiceAuth[0], 'ERROR'),
        decoy: 'inter_service_auth_403',
        related: 'inter_service_403',
      },
      weight: 1,
    },
    {
      spec: {
        id: 'd-traceback-1011',
        entry: textLine(
          W,
          S,
          'stderr',
          'Traceback (most recent call last):\n  File "/app/netra_backend/app/routes/websocket_ssot.py", line 927, in _handle_main_mode\n    await _close_after_failure(websocket, close_code=1011, reason="Service initialization failed")\n  File "/app/netra_backend/app/routes/websocket_ssot.py", line 737, in _close_after_failure\n    await websocket.close(code=1011, reason=f"Service not ready: {\', \'.join(readiness_result.failed_services)}")\n  File "/home/netra/.local/lib/python3.11/site-packages/starlette/websockets.py", line 97, in send\n    raise RuntimeError(\'Cannot call "send" once a close message has been sent.\')\nRuntimeError: Cannot call "send" once a close message has been sent.',
          { severity: 'ERROR', errorGroupId: 'CJmUvoHgqq23pAE' },
        ),
        decoy: 'traceback_quotes_close_code_1011',
      },
      weight: 1,
    },
    {
      spec: {
        id: 'd-golden-path-critical',
        entry: b(
          { ...WS_SSOT, line: '770' },
          `[🔑] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection main_${ph('CONN')} - user_id: pending, connection_state: connected, timestamp: ${ph('PTS')}`,
          'CRITICAL',
        ),
        related: 'golden_path_auth_start_critical',
      },
      weight: 4,
    },
    {
      spec: {
        id: 'd-ssot-consolidation',
        entry: b({ module: 'netra_backend.app.websocket_core.unified_manager', fn: '<module>', line: '61' }, DECOY.ssotConsolidation, 'WARNING'),
        decoy: 'ssot_worded_warning_not_a_family',
      },
      weight: 1,
    },
  ];
}

/** One entry per finding; the generator cycles through kinds, then through each kind's variants. */
export function findingSpecs(): Record<'ssot_warning' | 'ws_1011' | 'auth_403', Spec[]> {
  const enh = { module: 'netra_backend.app.websocket_core.ssot_validation_enhancer', fn: 'validate_manager_creation', contextName: 'netra_backend.app.websocket_core.ssot_validation_enhancer' };
  const route = { module: 'netra_backend.app.routes.websocket', fn: 'websocket_endpoint', line: '178', contextName: 'netra_backend.app.routes.websocket' };
  return {
    ssot_warning: [
      { id: 'f-F1a', entry: a('netra_backend.app.websocket_core.websocket_manager', f1aMessage(), 'WARNING'), finding: { kind: 'ssot_warning', family: 'F1a' } },
      { id: 'f-F3', entry: b({ ...enh, line: '118' }, f3Message('demo-user-001'), 'WARNING'), finding: { kind: 'ssot_warning', family: 'F3' } },
      { id: 'f-F2', entry: b({ ...enh, line: '137' }, f2Message('demo-user-001'), 'WARNING'), finding: { kind: 'ssot_warning', family: 'F2' } },
      {
        id: 'f-F4',
        entry: b({ module: 'netra_backend.app.websocket_core.unified_manager', fn: '__init__', line: '335' }, F4_MESSAGE, 'ERROR'),
        finding: { kind: 'ssot_warning', family: 'F4' },
      },
    ],
    ws_1011: [
      { id: 'f-ws-keepalive', entry: b({ ...WS_SSOT, fn: '_handle_main_mode', line: '1811' }, `[MAIN MODE] Connection error: ${WS1011.keepaliveSent}`, 'ERROR'), finding: { kind: 'ws_1011', direction: 'sent' } },
      { id: 'f-ws-received', entry: pylog('netra_backend.app.services.agent_stream_client', 'ERROR', `Agent stream closed: ${WS1011.internalReceivedThenSent}`), finding: { kind: 'ws_1011', direction: 'received' } },
      { id: 'f-ws-legacy', entry: pylog('netra_backend.app.services.mcp_bridge', 'WARNING', `MCP bridge disconnected: ${WS1011.legacy}`), finding: { kind: 'ws_1011', direction: 'legacy' } },
      {
        id: 'f-ws-close-failed',
        entry: b({ module: 'netra_backend.app.websocket_core.utils', fn: 'safe_websocket_close', line: '612' }, WS1011.closeFailed, 'WARNING'),
        finding: { kind: 'ws_1011', direction: 'backend' },
      },
      {
        id: 'f-ws-disconnected',
        entry: b({ module: 'netra_backend.app.websocket_core.unified_manager', fn: 'disconnect_user', line: '987' }, WS1011.disconnected('demo-user-001'), 'INFO'),
        finding: { kind: 'ws_1011', direction: 'backend' },
      },
    ],
    auth_403: [
      { id: 'f-A1', entry: req('GET', API_HOST, '/ws', 403, USER_AGENTS.browsers[1], '68.134.22.91', ['2480', '95']), latencyUs: [2_400, 3_300], finding: { kind: 'auth_403', rule: 'A1' } },
      { id: 'f-A2', entry: gun(13, 'INFO', `${PROXY_IP}:${ph('PORT')} - "WebSocket /ws" 403`), finding: { kind: 'auth_403', rule: 'A2' } },
      { id: 'f-A4', entry: b(route, A4_INVALID, 'WARNING'), finding: { kind: 'auth_403', rule: 'A4' } },
      { id: 'f-A3', entry: gun(13, 'INFO', 'connection rejected (403 Forbidden)'), finding: { kind: 'auth_403', rule: 'A3' } },
    ],
  };
}
