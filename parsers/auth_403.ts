import type { Auth403Details, Finding, LogEntry } from '../src/model/index.js';
import { normalizeSeverity } from '../src/model/index.js';
import type { Analysis } from './emit.js';
import { emit } from './emit.js';
import { effectiveSeverity } from './levels.js';
import type { Parser, ParserOptions } from './parser.js';
import { DEFAULT_PARSER_OPTIONS } from './parser.js';
import { entryTexts, examinedLines } from './texts.js';

/**
 * Which request paths are WebSocket endpoints. A request log does not record the `Upgrade`
 * header, so the path is the only evidence. The rule: a `ws` or `websocket` segment first or last
 * in the path — `/ws`, `/ws/factory`, `/websocket`, `/api/v1/websocket` (the backend's own
 * WebSocket routes, routes/websocket_ssot.py) and the usual `/…/ws` mounts elsewhere.
 * Known blind spot: the backend's REST helpers under `/ws/` (`/ws/health`, `/ws/config`) share
 * the prefix; a 403 on them would be counted.
 */
const WS_SEGMENTS = new Set(['ws', 'websocket']);

export function isWebSocketPath(path: string): boolean {
  const segments = path.split('/').filter((s) => s !== '');
  const first = segments[0];
  const last = segments[segments.length - 1];
  return (first !== undefined && WS_SEGMENTS.has(first)) || (last !== undefined && WS_SEGMENTS.has(last));
}

/** An opening handshake is a GET (RFC 6455 §4.1), or an extended CONNECT over HTTP/2 (RFC 8441). */
const HANDSHAKE_METHODS = new Set(['GET', 'CONNECT']);

/** The path of a full URL or of a path with query: no scheme, host, query or fragment. */
export function pathOf(url: string): string {
  let rest = url.trim();
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(rest);
  if (scheme) rest = rest.slice(scheme[0].length);
  const end = rest.search(/[?#]/);
  if (end >= 0) rest = rest.slice(0, end);
  return rest === '' ? '/' : rest;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/**
 * `httpRequest` as the source layer normalizes it (camelCase), read leniently: the wrappers'
 * reduced `{method, url}` and a status that arrived as `403.0` or `"403"` count the same.
 */
function requestOf(entry: LogEntry): { method: string; url: string; status: number } | null {
  const h: unknown = (entry as { httpRequest?: unknown }).httpRequest;
  if (typeof h !== 'object' || h === null) return null;
  const r = h as Record<string, unknown>;
  const status = Number(r['status']);
  if (!Number.isFinite(status)) return null;
  const method = str(r['requestMethod'] ?? r['method'] ?? r['request_method']).toUpperCase();
  const url = str(r['requestUrl'] ?? r['url'] ?? r['request_url']);
  return { method, url, status };
}

/**
 * `rule method path origin`. The spec's key is method + path + origin; the rule is added because
 * A3 and A4 both name no request (empty method and path) and are distinct lines of one refusal.
 */
function analysis(message: string, d: Auth403Details): Analysis {
  const details: Record<string, unknown> = { rule: d.rule, method: d.method, path: d.path, origin: d.origin };
  if (d.reason !== undefined) details['reason'] = d.reason;
  return { message, details, fingerprintKey: `${d.rule} ${d.method} ${d.path} ${d.origin}` };
}

function analyzeRequest(method: string) {
  return (url: string): Analysis =>
    analysis(`${method} ${url} 403`.trim(), { rule: 'A1', method, path: pathOf(url), origin: 'request_log' });
}

// uvicorn `'%s - "WebSocket %s" 403'`; its path carries the query string, which may hold a token.
const UVICORN_WS_403 = /"WebSocket (\/[^"\s]*)" 403(?![0-9A-Za-z])/;
// python websockets server: `connection rejected (403 Forbidden)`
const WEBSOCKETS_REJECTED = /connection rejected \(403 Forbidden\)/;
// backend routes/websocket.py, before accept: `WebSocket connection rejected in staging: No JWT=REDACTED`
const BACKEND_REJECTED = /WebSocket connection rejected in ([^:]{1,80}): ?(.*)$/;

function analyzeLine(line: string): Analysis | null {
  const candidates: { at: number; build: () => Auth403Details }[] = [];
  const a2 = UVICORN_WS_403.exec(line);
  if (a2) {
    // A handshake is a GET whatever uvicorn calls it; the same method as its request log keeps A1/A2 comparable.
    candidates.push({ at: a2.index, build: () => ({ rule: 'A2', method: 'GET', path: pathOf(a2[1] ?? ''), origin: 'app_log' }) });
  }
  const a3 = WEBSOCKETS_REJECTED.exec(line);
  // The line names no request: method and path stay empty rather than guessed.
  if (a3) candidates.push({ at: a3.index, build: () => ({ rule: 'A3', method: '', path: '', origin: 'app_log' }) });
  const a4 = BACKEND_REJECTED.exec(line);
  if (a4) {
    const reason = (a4[2] ?? '').trim();
    candidates.push({
      at: a4.index,
      build: () => ({ rule: 'A4', method: '', path: '', origin: 'app_log', ...(reason ? { reason } : {}) }),
    });
  }
  if (candidates.length === 0) return null;
  const first = candidates.reduce((a, b) => (b.at < a.at ? b : a));
  return analysis(line.trim(), first.build());
}

// `httpStatus`: a refused handshake's request log has no text at all, only `httpRequest.status: 403`.
const NEEDLES = [{ text: '403', wholeWord: true, httpStatus: 403 }, { text: 'WebSocket connection rejected' }] as const;

export function createAuth403Parser(options: ParserOptions = DEFAULT_PARSER_OPTIONS): Parser {
  return {
    kind: 'auth_403',
    description: 'WebSocket handshakes refused with 403: request logs on WebSocket paths, uvicorn, websockets and backend rejections',
    needles: NEEDLES,
    match(entry: LogEntry): Finding | null {
      const request = requestOf(entry);
      if (request && request.status === 403 && (request.method === '' || HANDSHAKE_METHODS.has(request.method))) {
        if (isWebSocketPath(pathOf(request.url))) {
          const severity = normalizeSeverity(entry.severity);
          return emit('auth_403', entry, options, request.url, analyzeRequest(request.method), severity);
        }
      }
      for (const text of entryTexts(entry)) {
        if (!NEEDLES.some((n) => text.includes(n.text))) continue;
        for (const line of examinedLines(text)) {
          if (!analyzeLine(line)) continue;
          const finding = emit('auth_403', entry, options, line, analyzeLine, effectiveSeverity(entry, text));
          if (finding) return finding;
        }
      }
      return null;
    },
  };
}

export const auth403Parser: Parser = createAuth403Parser();
