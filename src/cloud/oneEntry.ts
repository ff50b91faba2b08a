import type { ApiLogEntry } from './convert.js';
import type { ListRequest } from './client.js';
import type { ApiRequester } from './requester.js';

/**
 * The first entry a one-entry query returns, or null when there is none. Pages may come back
 * empty with a token (the search ran out of time, not out of entries): keep asking.
 */
export async function oneEntry(requester: ApiRequester, req: Omit<ListRequest, 'pageSize' | 'pageToken'>, signal?: AbortSignal): Promise<ApiLogEntry | null> {
  const base = { ...req, pageSize: 1 };
  let token: string | null = null;
  do {
    const page = await requester.list(token ? { ...base, pageToken: token } : base, signal);
    const first = page.entries[0];
    if (first) return first;
    token = page.nextPageToken;
  } while (token !== null);
  return null;
}
