/**
 * Real texts from LOG-FORMATS.md (and the corpus it describes), shared by the parser tests and
 * the needle test. Positives are listed with the entry that carries them.
 */
import type { Kind, LogEntry } from '../../src/model/index.js';
import { requestLog, shapeA, shapeB, textLine, wrapperRequestLog } from '../helpers/entries.js';

const WM = 'netra_backend.app.websocket_core.websocket_manager';
const UM = 'netra_backend.app.websocket_core.unified_manager';
const PR = 'netra_backend.app.websocket_core.protocols';

/** §2.2, 11 classes, 910 characters: every F1 entry of the corpus. */
export const F1_CLASSES_11 = [
  `${WM}.UnifiedWebSocketManager`,
  `${WM}.WebSocketManagerFactory`,
  `${WM}.WebSocketManagerMode`,
  `${WM}.WebSocketManagerProtocol`,
  `${WM}._UnifiedWebSocketManagerImplementation`,
  'netra_backend.app.websocket_core.types.WebSocketManagerMode',
  `${UM}.UnifiedWebSocketManager`,
  `${UM}.WebSocketManagerMode`,
  `${UM}._UnifiedWebSocketManagerImplementation`,
  `${PR}.WebSocketManagerProtocol`,
  `${PR}.WebSocketManagerProtocolValidator`,
];
/** §2.2, 10 classes: the same list without unified_manager.UnifiedWebSocketManager. */
export const F1_CLASSES_10 = F1_CLASSES_11.filter((c) => c !== `${UM}.UnifiedWebSocketManager`);
/** §2.2, 5 classes, 439 characters. */
export const F1_CLASSES_5 = [
  `${WM}.WebSocketManagerMode`,
  `${WM}.WebSocketManagerProtocol`,
  `${UM}.WebSocketManagerMode`,
  `${PR}.WebSocketManagerProtocol`,
  `${PR}.WebSocketManagerProtocolValidator`,
];

export function pyList(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`;
}

export const F1_PREFIX = 'SSOT WARNING: Found other WebSocket Manager classes: ';
export const F1_11 = `${F1_PREFIX}${pyList(F1_CLASSES_11)}`;
export const F1_10 = `${F1_PREFIX}${pyList(F1_CLASSES_10)}`;
export const F1_5 = `${F1_PREFIX}${pyList(F1_CLASSES_5)}`;
export const F2 = "SSOT validation issues (non-blocking): ['Multiple manager instances for user demo-user-001 - potential duplication']";
export const F3 = 'SSOT VALIDATION: Multiple manager instances for user demo-user-001 - potential duplication';
export const F4 =
  'SSOT VIOLATION: Direct instantiation not allowed. Use get_websocket_manager() factory function. Caller: get_websocket_manager';
export const F6 = 'User context has shared state - potential SSOT violation';

export const A2_TEXT = '[2025-09-07 13:34:00 +0000] [15] [INFO] 169.254.169.126:14842 - "WebSocket /ws" 403';
export const A3_TEXT = '[2025-09-07 13:34:00 +0000] [15] [INFO] connection rejected (403 Forbidden)';
export const A4_INVALID = 'WebSocket connection rejected in staging: Invalid JWT=REDACTED';
export const A4_NONE = 'WebSocket connection rejected in staging: No JWT=REDACTED';

export const WS_BOTH = 'received 1011 (internal error) Internal error; then sent 1011 (internal error) Internal error';
export const WS_KEEPALIVE_SENT = 'sent 1011 (internal error) keepalive ping timeout; no close frame received';
export const WS_KEEPALIVE_PEER =
  'received 1011 (internal error) keepalive ping timeout; then sent 1011 (internal error) keepalive ping timeout';

/** Every positive example: the entry and the kind that must find it. */
export function positives(): { name: string; kind: Kind; entry: LogEntry }[] {
  return [
    { name: 'F1 11 classes, shape A', kind: 'ssot_warning', entry: shapeA(F1_11, 'WARNING') },
    { name: 'F1 10 classes, shape A', kind: 'ssot_warning', entry: shapeA(F1_10, 'WARNING') },
    { name: 'F1 5 classes, shape A', kind: 'ssot_warning', entry: shapeA(F1_5, 'WARNING') },
    { name: 'F2, shape B', kind: 'ssot_warning', entry: shapeB(F2, 'WARNING', { function: 'validate_manager_creation', line: '137' }) },
    { name: 'F3, shape B', kind: 'ssot_warning', entry: shapeB(F3, 'WARNING', { function: 'validate_manager_creation', line: '118' }) },
    { name: 'F4, shape B ERROR', kind: 'ssot_warning', entry: shapeB(F4, 'ERROR', { function: '__init__', line: '335' }) },
    { name: 'F5 with emoji', kind: 'ssot_warning', entry: shapeB('⚠️ SSOT WARNING: Unsupported message type in SSOT V3 pattern: ping', 'WARNING') },
    { name: 'F6 text token prefix', kind: 'ssot_warning', entry: shapeB(` WARNING: [U+FE0F] ${F6}`, 'WARNING') },
    { name: 'F1 text line without severity', kind: 'ssot_warning', entry: textLine(F1_5) },
    { name: 'ws received+then sent', kind: 'ws_1011', entry: textLine(WS_BOTH) },
    { name: 'ws keepalive sent', kind: 'ws_1011', entry: textLine(WS_KEEPALIVE_SENT) },
    { name: 'ws keepalive peer', kind: 'ws_1011', entry: shapeB(WS_KEEPALIVE_PEER, 'ERROR') },
    {
      name: 'ws exception line in shape B error',
      kind: 'ws_1011',
      entry: shapeB('Connection failed', 'ERROR', {
        error: { type: 'ConnectionClosedError', value: 'received 1011 (internal error) Factory SSOT validation failed', traceback: '' },
      }),
    },
    { name: 'ws legacy', kind: 'ws_1011', entry: textLine('WebSocket connection is closed: code = 1011 (unexpected error), reason = Internal error') },
    {
      name: 'ws backend (code: 1011',
      kind: 'ws_1011',
      entry: shapeB('Unexpected RuntimeError during WebSocket close (code: 1011): Cannot call "send" once a close message has been sent.', 'WARNING'),
    },
    { name: 'ws backend with code', kind: 'ws_1011', entry: shapeB('Disconnected user u1 with code 1011: Cleanup error', 'INFO') },
    { name: 'ws close_code=', kind: 'ws_1011', entry: textLine('ws closed close_code=1011 reason="Service not ready: redis"') },
    { name: 'ws close_code:', kind: 'ws_1011', entry: textLine('closing close_code:1011') },
    { name: 'A1 request log', kind: 'auth_403', entry: requestLog('GET', 'https://api.staging.netrasystems.ai/ws', 403) },
    { name: 'A1 wrapper reduced httpRequest', kind: 'auth_403', entry: wrapperRequestLog('GET', 'https://api.staging.netrasystems.ai/ws/factory?mode=x', 403) },
    { name: 'A2 gunicorn', kind: 'auth_403', entry: textLine(A2_TEXT) },
    { name: 'A2 bare uvicorn', kind: 'auth_403', entry: textLine('169.254.169.126:5520 - "WebSocket /websocket" 403') },
    { name: 'A3', kind: 'auth_403', entry: textLine(A3_TEXT) },
    { name: 'A4 invalid', kind: 'auth_403', entry: shapeB(A4_INVALID, 'WARNING', { line: '178' }) },
    { name: 'A4 none', kind: 'auth_403', entry: shapeB(A4_NONE, 'WARNING') },
  ];
}
