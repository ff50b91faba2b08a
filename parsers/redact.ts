/**
 * Removes secrets from log text before anything is built from it (DESIGN, Safety). Every rule
 * replaces a value with `REDACTED` and leaves the name beside it, so `JWT=REDACTED`,
 * `AUTH=REDACTED` (the backend's own redaction, LOG-FORMATS §1.8) stay readable and a second
 * pass changes nothing. Regexes are linear: each is a run of disjoint character classes.
 */

export const REDACTED = 'REDACTED';

// base64url header `eyJ…` (`{"`), payload, optional signature (unsigned tokens end in a dot).
// Further dot-segments are taken too: two tokens glued together must not leave the second's
// payload and signature behind.
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)+/g;

// `scheme://user:password@host`. The lookbehind and the bounded scheme keep this linear on a long
// run of letters, where every position could otherwise start a scheme.
const URL_USERINFO = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,15}:\/\/)[^\s/:@"'<>]+:[^\s/@"'<>]+@/g;

// A query parameter (after `?`, `&` or `;`) whose name is, or ends in, a secret-bearing word:
// `token`, `access_token`, `X-Goog-Signature`, `apiKey`. Query strings are machine-made, so
// over-redacting there (`code`, `key`) costs nothing a reader needs.
const SECRET_PARAM_WORDS =
  'token|jwt|key|apikey|sig|signature|auth|authorization|code|password|passwd|pwd|secret|credential|credentials|session|sessionid|assertion';
const QUERY_PARAM = new RegExp(
  `([?&;](?:[A-Za-z0-9]*[_.-])*(?:${SECRET_PARAM_WORDS}|[A-Za-z0-9]*(?:Token|Key|Secret|Signature|Password))=)[^&#\\s"'<>]*`,
  'gi',
);

// `name=value` in prose, only for names that cannot mean anything but a credential.
const PROSE_ASSIGNMENT =
  /(?<![A-Za-z0-9_])((?:access_token|refresh_token|id_token|client_secret|api_key|apikey|token|jwt|password|passwd|secret)=)[^\s&"',;)\]}]+/gi;

// `Authorization: Bearer x`, `"authorization": "x"`, `authorization=x`.
const AUTHORIZATION_HEADER = /(authorization["']?\s*[:=]\s*["']?)(?:(Bearer|Basic|Digest|Token|JWT)\s+)?[^\s"',;]+/gi;

// `Bearer <credential>` / `Basic <credential>` outside a header; the value must look like one,
// so prose such as "Bearer token missing" or "Basic authentication" is left alone.
const SCHEME_VALUE = /\b(Bearer|Basic)(\s+)([A-Za-z0-9._~+/=-]+)/g;

function looksLikeCredential(v: string): boolean {
  if (v === REDACTED) return false;
  if (v.length >= 16) return true;
  if (v.length < 8) return false;
  return /[0-9._~+/=-]/.test(v) || /[a-z][A-Z]/.test(v);
}

export function redact(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return typeof text === 'string' ? text : '';
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT, REDACTED);
  if (out.includes('://')) out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  if (/[?&;]/.test(out)) out = out.replace(QUERY_PARAM, `$1${REDACTED}`);
  if (out.includes('=')) out = out.replace(PROSE_ASSIGNMENT, `$1${REDACTED}`);
  out = out.replace(AUTHORIZATION_HEADER, (_m, head: string, scheme: string | undefined) =>
    scheme ? `${head}${scheme} ${REDACTED}` : `${head}${REDACTED}`,
  );
  out = out.replace(SCHEME_VALUE, (m, scheme: string, space: string, value: string) =>
    looksLikeCredential(value) ? `${scheme}${space}${REDACTED}` : m,
  );
  return out;
}
