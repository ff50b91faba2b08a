/**
 * Opaque page tokens: the cursor where the previous page ended plus a digest of the query it
 * belongs to, so a token replayed with another filter, order or set of projects is refused
 * (the API documents that the other parameters must be identical between pages).
 */
import { createHash } from 'node:crypto';
import type { Cursor } from './entryStore.js';

export class PageTokenError extends Error {}

interface TokenBody {
  /** query digest */
  q: string;
  /** cursor, or null for "from the start" (empty pages before any data) */
  c: [number, number, string, number] | null;
}

export function queryDigest(filter: string, orderBy: string, resourceNames: readonly string[]): string {
  const canonical = JSON.stringify([filter, orderBy, [...new Set(resourceNames)].sort()]);
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

export function encodePageToken(digest: string, cursor: Cursor | null): string {
  const body: TokenBody = { q: digest, c: cursor ? [cursor.seconds, cursor.nanos, cursor.insertId, cursor.seq] : null };
  return `fake1.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
}

/** The token's cursor (null: from the start); throws PageTokenError for a foreign or mismatched token. */
export function decodePageToken(token: string, digest: string): Cursor | null {
  let body: TokenBody;
  try {
    if (!token.startsWith('fake1.')) throw new Error('prefix');
    body = JSON.parse(Buffer.from(token.slice(6), 'base64url').toString('utf8')) as TokenBody;
  } catch {
    throw new PageTokenError(`page_token is not a token this server issued: ${JSON.stringify(token.slice(0, 40))}`);
  }
  if (body.q !== digest) {
    throw new PageTokenError('page_token was issued for a different filter, order_by or resource_names; they must not change between pages');
  }
  if (body.c === null) return null;
  const [seconds, nanos, insertId, seq] = body.c;
  return { seconds, nanos, insertId, seq };
}
