/**
 * Message texts, copied from LOG-FORMATS.md (real staging lines and the code that writes them)
 * or, where marked, composed in the same style. Kept in one place so the samples and the
 * benchmark data say the same things.
 */

export const PROJECT = 'netra-staging';
export const REGION = 'us-central1';
export const BACKEND = 'netra-backend-staging';
export const AUTH_SERVICE = 'netra-auth-service';
export const API_HOST = 'api.staging.netrasystems.ai';
export const AUTH_HOST = 'auth.staging.netrasystems.ai';
/** Cloud Run's internal proxy address, what uvicorn sees as the client. */
export const PROXY_IP = '169.254.169.126';
/** The load balancer (`serverIp`), the CI runner polling /health, the backend's egress (as the auth service sees it). */
export const SERVER_IP = '34.149.87.201';
export const POLLER_IP = '35.226.40.17';
export const BACKEND_EGRESS_IP = '35.223.18.96';
export const CONTAINER = `${BACKEND}-1`;

/** §2.2: the 11-class variant seen in all 34 corpus F1 entries (910 characters). */
export const F1A_CLASSES_11: readonly string[] = [
  'netra_backend.app.websocket_core.websocket_manager.UnifiedWebSocketManager',
  'netra_backend.app.websocket_core.websocket_manager.WebSocketManagerFactory',
  'netra_backend.app.websocket_core.websocket_manager.WebSocketManagerMode',
  'netra_backend.app.websocket_core.websocket_manager.WebSocketManagerProtocol',
  'netra_backend.app.websocket_core.websocket_manager._UnifiedWebSocketManagerImplementation',
  'netra_backend.app.websocket_core.types.WebSocketManagerMode',
  'netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager',
  'netra_backend.app.websocket_core.unified_manager.WebSocketManagerMode',
  'netra_backend.app.websocket_core.unified_manager._UnifiedWebSocketManagerImplementation',
  'netra_backend.app.websocket_core.protocols.WebSocketManagerProtocol',
  'netra_backend.app.websocket_core.protocols.WebSocketManagerProtocolValidator',
];

/** Python `repr` of a list of plain strings: `['a', 'b']`. */
export function pyStrListRepr(items: readonly string[]): string {
  return `[${items.map((s) => `'${s}'`).join(', ')}]`;
}

export function f1aMessage(classes: readonly string[] = F1A_CLASSES_11): string {
  return `SSOT WARNING: Found other WebSocket Manager classes: ${pyStrListRepr(classes)}`;
}

/** §2.3 F3 and F2, fired per connection of a user who already has a manager. */
export function f3Message(user: string): string {
  return `SSOT VALIDATION: Multiple manager instances for user ${user} - potential duplication`;
}
export function f2Message(user: string): string {
  return `SSOT validation issues (non-blocking): ${pyStrListRepr([`Multiple manager instances for user ${user} - potential duplication`])}`;
}
/** §2.3 F4, real (worklog 2025-09-13T1651). */
export const F4_MESSAGE =
  'SSOT VIOLATION: Direct instantiation not allowed. Use get_websocket_manager() factory function. Caller: get_websocket_manager';

/** §3.2: python `websockets` ≥ 10 wording, and the legacy (< 10) one. */
export const WS1011 = {
  keepaliveSent: 'sent 1011 (internal error) keepalive ping timeout; no close frame received',
  internalReceivedThenSent: 'received 1011 (internal error) Internal error; then sent 1011 (internal error) Internal error',
  factoryReceived: 'received 1011 (internal error) Factory SSOT validation failed',
  legacy: 'WebSocket connection is closed: code = 1011 (unexpected error), reason = Internal error',
  /** §3.1 `safe_websocket_close`, logged only when the close itself fails. */
  closeFailed: 'Unexpected RuntimeError during WebSocket close (code: 1011): Cannot call "send" once a close message has been sent.',
  /** §3.1 `unified_manager.py:987`, INFO. */
  disconnected: (user: string): string => `Disconnected user ${user} with code 1011: Internal error`,
} as const;

/** §4.1/§4.2 A4 texts as the redaction filter leaves them. */
export const A4_INVALID = 'WebSocket connection rejected in staging: Invalid JWT=REDACTED';
export const A4_MISSING = 'WebSocket connection rejected in staging: No JWT=REDACTED';

/** §5 decoys (real unless marked). */
export const DECOY = {
  ssotLoaded:
    'WebSocket SSOT loaded - CRITICAL SECURITY MIGRATION: Factory pattern available, singleton vulnerabilities mitigated',
  errorValidatorLoaded: 'WebSocket Error Validator compatibility module loaded with SSOT imports',
  managerValidationWarning: 'WebSocket Manager SSOT validation: WARNING',
  managerValidationPass: 'WebSocket Manager SSOT validation: PASS',
  raceConditionWould:
    "[🔴] RACE CONDITION DETECTED: Startup phase 'no_app_state' did not reach 'services' within 2.1s - this would cause WebSocket 1011 errors",
  raceConditionQueued:
    "[🔴] RACE CONDITION DETECTED: Startup phase 'no_app_state' did not reach 'services' within 3.4s - WebSocket connections will be queued to prevent 1011 errors",
  /** Appendix A #138: an SSOT-worded WARNING that is none of the §2 families. */
  ssotConsolidation: 'SSOT CONSOLIDATION (Issue #824): Use websocket_manager.py canonical import path',
  interServiceAuth: [
    'INTER-SERVICE AUTH=REDACTED Service not authorized (403)',
    'Service ID: netra-backend',
    'Service Secret=REDACTED True',
    'This typically means the service credentials are invalid or the service is not registered',
  ],
  apiRequest403: 'api_request: 403: Not authenticated',
  session403: 'Failed to create request-scoped session for user system: 403: Not authenticated',
  oauthMismatch:
    '   WARNING:  OAuth=REDACTED URI mismatch (non-critical in staging): https://app.staging.netra.ai/auth/callback vs https://app.staging.netrasystems.ai',
  jwtVerification: 'JWT=REDACTED verification failed - likely JWT=REDACTED between services',
  invalidAudience: 'Invalid JWT=REDACTED audience',
} as const;

/** Startup lines of the backend in the order a container writes them (shape A unless noted). */
export const STARTUP_A_BEFORE_SSOT: readonly { logger: string; message: string; severity: 'INFO' | 'WARNING' }[] = [
  { logger: 'shared.logging.unified_logging_ssot', message: 'Loading unified configuration', severity: 'INFO' },
  { logger: 'shared.logging.unified_logging_ssot', message: 'Creating StagingConfig for environment: staging', severity: 'INFO' },
  {
    logger: 'shared.logging.unified_logging_ssot',
    message: "SERVICE_ID contained whitespace - sanitized from 'netra-backend\\n' to 'netra-backend'",
    severity: 'WARNING',
  },
  { logger: 'shared.logging.unified_logging_ssot', message: 'Configuration loaded and cached for environment: staging', severity: 'INFO' },
  {
    logger: 'logging',
    message:
      'Database URL (staging/Cloud SQL): postgresql+asyncpg://***@/netra_staging?host=/cloudsql/netra-staging:us-central1:staging-shared-postgres',
    severity: 'INFO',
  },
  { logger: 'logging', message: 'Enhanced RedisManager initialized with automatic recovery', severity: 'INFO' },
];

/** Shape-B startup lines relayed from the standard library (`logging`/`callHandlers`/`1706`). */
export const STARTUP_B: readonly { message: string; severity: 'INFO' | 'WARNING' }[] = [
  { message: 'OpenTelemetry automatic instrumentation initialized successfully', severity: 'INFO' },
  { message: 'Sentry SDK not available - install sentry-sdk[fastapi] to enable error tracking', severity: 'WARNING' },
  { message: 'AuthServiceClient initialized - Service ID: netra-backend, Service Secret=REDACTED True', severity: 'INFO' },
  { message: "Circuit breaker 'auth_service' initialized: threshold=3", severity: 'INFO' },
];

export const SCALING = {
  autoscaling:
    'Starting new instance. Reason: AUTOSCALING - Instance started due to configured scaling factors (e.g. CPU utilization, request throughput, etc.) or no existing capacity for current traffic.',
  rollout:
    'Starting new instance. Reason: DEPLOYMENT_ROLLOUT - Instance started due to traffic shifting between revisions due to deployment, traffic split adjustment, or deployment health check.',
} as const;

export const PROBE_OK = `Default STARTUP TCP probe succeeded after 1 attempt for container "${CONTAINER}" on port 8000.`;

export const USER_AGENTS = {
  poller: 'python-httpx/0.28.1',
  e2e: 'Netra-E2E-Tests/1.0',
  wsClient: 'Python/3.12 websockets/15.0.1',
  browsers: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
    'Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0',
  ],
} as const;

/** REST calls a browser session makes: path, method, typical latency (ms), response size. */
export const REST_CALLS: readonly { method: string; path: string; ms: [number, number]; size: [number, number] }[] = [
  { method: 'GET', path: '/api/threads', ms: [8, 60], size: [900, 6000] },
  { method: 'GET', path: '/api/mcp/servers', ms: [40, 120], size: [300, 400] },
  { method: 'GET', path: '/api/discovery/services', ms: [3, 12], size: [2700, 2900] },
  { method: 'GET', path: '/api/mcp/config', ms: [4, 15], size: [180, 260] },
  { method: 'OPTIONS', path: '/api/mcp/servers', ms: [1, 3], size: [0, 0] },
  { method: 'POST', path: '/api/agents/execute', ms: [1800, 9000], size: [1200, 4800] },
];
