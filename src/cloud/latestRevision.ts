import { apiEntryToExportShape } from './convert.js';
import { entriesFilter, resourceNameOf } from './filters.js';
import { oneEntry } from './oneEntry.js';
import type { ApiRequester } from './requester.js';

/** How far back `--revision latest` looks for the service's newest entry. */
export const LATEST_LOOKBACK_US = 24 * 3_600_000_000;

/**
 * The revision of the service's newest entry before `nowUs` (one-entry queries, newest first,
 * through empty pages that carry a token), or null when the service logged nothing in a day.
 * Run after the deploy finished: the new revision logs its start-up at once.
 */
export async function latestRevisionOf(requester: ApiRequester, service: string, nowUs: number, signal?: AbortSignal): Promise<string | null> {
  const first = await oneEntry(
    requester,
    {
      resourceNames: [resourceNameOf(requester.api.project)],
      filter: entriesFilter({ services: [service] }, { startUs: nowUs - LATEST_LOOKBACK_US, endUs: nowUs + 60_000_000 }),
      orderBy: 'timestamp desc',
    },
    signal,
  );
  if (!first) return null;
  const resource = apiEntryToExportShape(first)['resource'] as { labels?: Record<string, unknown> } | undefined;
  const rev = resource?.labels?.['revision_name'];
  return typeof rev === 'string' && rev !== '' ? rev : null;
}
