import { usOf } from '../clock.js';
import { DECOY, F4_MESSAGE, USER_AGENTS, WS1011 } from '../catalog.js';
import { errorGroupIdFor, uuid4 } from '../ids.js';
import type { Rng } from '../prng.js';
import type { Emitter, Inst } from './emitter.js';
import type { Ws1011Event } from './plan.js';
import { restCall } from './traffic.js';

const WS_SSOT = { module: 'netra_backend.app.routes.websocket_ssot', contextName: 'netra_backend.app.routes.websocket_ssot' };

/** One WebSocket 1011 close, in the shape the backend (or a library under it) logs it (§3). */
export function ws1011(em: Emitter, inst: Inst, t: number, event: Ws1011Event): void {
  switch (event) {
    case 'legacy-mcp':
      em.pylog(inst, t, 'netra_backend.app.services.mcp_bridge', 'WARNING', `MCP bridge disconnected: ${WS1011.legacy}`, {
        finding: { kind: 'ws_1011', direction: 'legacy' },
      });
      return;
    case 'keepalive-sent':
      em.b(
        inst,
        t,
        { ...WS_SSOT, fn: '_handle_main_mode', line: '1811', message: `[MAIN MODE] Connection error: ${WS1011.keepaliveSent}`, severity: 'ERROR' },
        { finding: { kind: 'ws_1011', direction: 'sent' } },
      );
      return;
    case 'factory-received':
      em.b(
        inst,
        t,
        { ...WS_SSOT, fn: '_handle_main_mode', line: '1811', message: `[MAIN MODE] Connection error: ${WS1011.factoryReceived}`, severity: 'ERROR' },
        { finding: { kind: 'ws_1011', direction: 'received' } },
      );
      return;
    case 'close-failed':
      em.b(
        inst,
        t,
        {
          module: 'netra_backend.app.websocket_core.utils',
          fn: 'safe_websocket_close',
          line: '612',
          contextName: 'netra_backend.app.websocket_core.utils',
          message: WS1011.closeFailed,
          severity: 'WARNING',
        },
        { finding: { kind: 'ws_1011', direction: 'backend' } },
      );
      return;
    case 'agent-stream-received':
      em.pylog(inst, t, 'netra_backend.app.services.agent_stream_client', 'ERROR', `Agent stream closed: ${WS1011.internalReceivedThenSent}`, {
        finding: { kind: 'ws_1011', direction: 'received' },
      });
      return;
    case 'disconnected-with-code':
      em.b(
        inst,
        t,
        {
          module: 'netra_backend.app.websocket_core.unified_manager',
          fn: 'disconnect_user',
          line: '987',
          contextName: 'netra_backend.app.websocket_core.unified_manager',
          message: WS1011.disconnected('demo-user-001'),
          severity: 'INFO',
        },
        { finding: { kind: 'ws_1011', direction: 'backend' } },
      );
      return;
  }
}

export function f4Violation(em: Emitter, inst: Inst, t: number): void {
  em.b(
    inst,
    t,
    {
      module: 'netra_backend.app.websocket_core.unified_manager',
      fn: '__init__',
      line: '335',
      contextName: 'netra_backend.app.websocket_core.unified_manager',
      message: F4_MESSAGE,
      severity: 'ERROR',
    },
    { finding: { kind: 'ssot_warning', family: 'F4' } },
  );
}

/**
 * The traceback quotes source lines with `close_code=1011` and `close(code=1011`: §6 counts
 * `close_code=1011` in a message, but never in a traceback's quoted source (the frames are
 * composed for the sample; the close calls are those of LOG-FORMATS §3.1).
 */
const TRACEBACK_CLOSE_1011 = [
  'Traceback (most recent call last):',
  '  File "/home/netra/.local/lib/python3.11/site-packages/uvicorn/protocols/websockets/websockets_impl.py", line 244, in run_asgi',
  '    result = await self.app(self.scope, self.asgi_receive, self.asgi_send)  # type: ignore[func-returns-value]',
  '             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/home/netra/.local/lib/python3.11/site-packages/uvicorn/middleware/proxy_headers.py", line 60, in __call__',
  '    return await self.app(scope, receive, send)',
  '           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
  '  File "/app/netra_backend/app/routes/websocket_ssot.py", line 927, in _handle_main_mode',
  '    await _close_after_failure(websocket, close_code=1011, reason="Service initialization failed")',
  '  File "/app/netra_backend/app/routes/websocket_ssot.py", line 737, in _close_after_failure',
  `    await websocket.close(code=1011, reason=f"Service not ready: {', '.join(readiness_result.failed_services)}")`,
  '  File "/home/netra/.local/lib/python3.11/site-packages/starlette/websockets.py", line 180, in close',
  '    await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})',
  '  File "/home/netra/.local/lib/python3.11/site-packages/starlette/websockets.py", line 97, in send',
  `    raise RuntimeError('Cannot call "send" once a close message has been sent.')`,
  'RuntimeError: Cannot call "send" once a close message has been sent.',
].join('\n');

/**
 * §5 decoys planted at fixed times: texts and ids that contain "403", "1011" or "SSOT" without
 * being findings. Each is tagged so the truth files can list them.
 */
export function plantDecoys(
  em: Emitter,
  rng: Rng,
  at: (iso: string) => { inst: Inst; t: number },
  plants: {
    tracebackQuotingClose1011: string;
    rest403: readonly string[];
    interServiceAuth403: string;
    uuidWith403On422: string;
    uuidWith1011: string;
    line403Label: string;
    timestampFraction1011: string;
    latencyWith403: string;
  },
  rest403: (inst: Inst, t: number, path: string, method: string) => void,
): void {
  {
    const { inst, t } = at(plants.tracebackQuotingClose1011);
    em.gunicorn(inst, t, 'worker', 'ERROR', 'Exception in ASGI application');
    em.text(inst, t + 60, 'stderr', TRACEBACK_CLOSE_1011, { severity: 'ERROR', errorGroupId: errorGroupIdFor(rng) }, {
      decoy: 'traceback_quotes_close_code_1011',
    });
  }
  const restPaths: readonly [string, string][] = [
    ['/api/messages', 'GET'],
    ['/api/threads', 'GET'],
    ['/api/messages', 'POST'],
  ];
  plants.rest403.forEach((iso, i) => {
    const { inst, t } = at(iso);
    const [path, method] = restPaths[i % restPaths.length]!;
    rest403(inst, t, path, method);
  });
  {
    const { inst, t } = at(plants.interServiceAuth403);
    const client = { module: 'netra_backend.app.clients.auth_client_core', fn: '_execute_token_validation', contextName: 'netra_backend.app.clients.auth_client_core' };
    DECOY.interServiceAuth.forEach((message, i) => {
      em.b(
        inst,
        t + i * 60,
        { ...client, line: String(1007 + i), message, severity: 'ERROR' },
        i === 0 ? { decoy: 'inter_service_auth_403', related: 'inter_service_403' } : {},
      );
    });
  }
  {
    const { inst, t } = at(plants.uuidWith403On422);
    const u = uuid4(rng);
    restCall(
      em,
      rng,
      inst,
      t,
      {
        method: 'POST',
        path: '/api/agents/execute',
        status: 422,
        latencyUs: rng.range(2_000, 4_000),
        userAgent: USER_AGENTS.e2e,
        remoteIp: '73.162.88.14',
        responseSize: 212,
        traceUuid: `${u.slice(0, 14)}4038${u.slice(18)}`,
      },
      { line: { decoy: 'uuid_contains_403' } },
    );
  }
  {
    const { inst, t } = at(plants.uuidWith1011);
    const u = uuid4(rng);
    restCall(
      em,
      rng,
      inst,
      t,
      { method: 'GET', path: '/api/threads', status: 200, latencyUs: rng.range(9_000, 30_000), userAgent: USER_AGENTS.e2e, remoteIp: '73.162.88.14', responseSize: 2210, traceUuid: `${u.slice(0, 9)}1011${u.slice(13)}` },
      { line: { decoy: 'uuid_contains_1011' } },
    );
  }
  {
    const { inst, t } = at(plants.line403Label);
    em.b(
      inst,
      t,
      {
        module: 'netra_backend.app.services.thread_service',
        fn: 'get_threads',
        line: '403',
        contextName: 'netra_backend.app.services.thread_service',
        message: 'Fetched 12 threads for user demo-user-001',
        severity: 'INFO',
      },
      { decoy: 'source_line_403_label' },
    );
  }
  {
    // The instant itself carries the digits: `…09.721011Z`.
    const t = usOf(plants.timestampFraction1011);
    const { inst } = at(plants.timestampFraction1011);
    em.b(
      inst,
      t,
      {
        module: 'netra_backend.app.services.background_task_manager',
        fn: '_cleanup_loop',
        line: '141',
        contextName: 'netra_backend.app.services.background_task_manager',
        message: 'Background cleanup completed: 0 stale sessions removed',
        severity: 'INFO',
      },
      { decoy: 'timestamp_contains_1011' },
    );
  }
  {
    const { inst, t } = at(plants.latencyWith403);
    // 4.031779 ms, printed `0.004031779s`, like the corpus' latency decoy.
    restCall(
      em,
      rng,
      inst,
      t,
      { method: 'GET', path: '/api/mcp/config', status: 200, latencyUs: 4_031, latencyExtraNs: 779, userAgent: USER_AGENTS.e2e, remoteIp: '73.162.88.14', responseSize: 214 },
      { request: { decoy: 'latency_contains_403' } },
    );
  }
}

