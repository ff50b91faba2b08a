import { entriesFilter, resourceNameOf } from './filters.js';
import { oneEntry } from './oneEntry.js';
import type { ApiRequester } from './requester.js';
import { timestampUsOfApi } from './timestamps.js';

/** How far back a revision's first entry is looked for: Cloud Logging's default retention. */
export const REVISION_LOOKBACK_US = 30 * 24 * 3_600_000_000;

/**
 * The exact time of `revision`'s first entry before `beforeUs` (one-entry queries, oldest first,
 * through empty pages that carry a token), or null when it logged nothing in the lookback.
 * `--since-revision` needs this exactly: sampled coverage only knows a revision to within max-gap,
 * and a window that started late could miss a finding logged right after the deploy.
 */
export async function firstEntryOfRevision(
  requester: ApiRequester,
  service: string,
  revision: string,
  beforeUs: number,
  signal?: AbortSignal,
): Promise<number | null> {
  const first = await oneEntry(
    requester,
    {
      resourceNames: [resourceNameOf(requester.api.project)],
      filter: entriesFilter({ services: [service], revision }, { startUs: beforeUs - REVISION_LOOKBACK_US, endUs: beforeUs }),
      orderBy: 'timestamp asc',
    },
    signal,
  );
  return first ? timestampUsOfApi(first) : null;
}
