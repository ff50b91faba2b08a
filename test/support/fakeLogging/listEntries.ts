/**
 * ListLogEntries without the gRPC plumbing: request in, response bytes or a status out.
 * Validation follows the API's documented rules (resourceNames required, at most 100;
 * pageSize 0..1000, default 50; orderBy "timestamp asc|desc"; filter ≤ 20,000 characters).
 */
import { status } from '@grpc/grpc-js';
import type { EntryStore } from './entryStore.js';
import type { Faults, InjectedStatus } from './faults.js';
import type { PreparedFilter } from './filter/index.js';
import { FilterError, prepareFilter } from './filter/index.js';
import { decodePageToken, encodePageToken, PageTokenError, queryDigest } from './pageToken.js';
import type { RecordedRequest } from './requestLog.js';
import { listResponseBytes } from './wire.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
export const MAX_RESOURCE_NAMES = 100;

export type ListResult =
  | { readonly ok: true; readonly bytes: Buffer; readonly entries: number; readonly nextPageToken: string }
  | { readonly ok: false; readonly status: InjectedStatus };

const invalid = (details: string): ListResult => ({ ok: false, status: { code: status.INVALID_ARGUMENT, details } });

/** `projects/P` → P; the fake serves projects only (no folders, organizations or log views). */
export function projectsOf(resourceNames: readonly string[]): Set<string> | string {
  if (resourceNames.length === 0) return 'resource_names is required (e.g. "projects/my-project")';
  if (resourceNames.length > MAX_RESOURCE_NAMES) return `at most ${MAX_RESOURCE_NAMES} resource_names are allowed, got ${resourceNames.length}`;
  const projects = new Set<string>();
  for (const name of resourceNames) {
    const m = /^projects\/([^/]+)$/.exec(name);
    if (!m) return `resource name ${JSON.stringify(name)} is not supported by the fake (only "projects/PROJECT_ID")`;
    projects.add(m[1]!);
  }
  return projects;
}

function descendingOf(orderBy: string): boolean | undefined {
  const normalized = orderBy.trim().replace(/\s+/g, ' ').toLowerCase();
  if (normalized === '' || normalized === 'timestamp asc' || normalized === 'timestamp') return false;
  if (normalized === 'timestamp desc') return true;
  return undefined;
}

export function listEntries(req: RecordedRequest, store: EntryStore, faults: Faults): ListResult {
  const injected = faults.takeListFailure();
  if (injected) return { ok: false, status: injected };

  const projects = projectsOf(req.resourceNames);
  if (typeof projects === 'string') return invalid(projects);
  if (req.pageSize < 0 || req.pageSize > MAX_PAGE_SIZE) return invalid(`page_size must be between 0 and ${MAX_PAGE_SIZE}, got ${req.pageSize}`);
  const descending = descendingOf(req.orderBy);
  if (descending === undefined) return invalid(`order_by must be "timestamp asc" or "timestamp desc", got ${JSON.stringify(req.orderBy)}`);
  let filter: PreparedFilter;
  try {
    filter = prepareFilter(req.filter);
  } catch (e) {
    if (e instanceof FilterError) return invalid(`invalid filter: ${e.message}`);
    throw e;
  }
  const digest = queryDigest(req.filter, req.orderBy, req.resourceNames);
  let after;
  try {
    after = req.pageToken ? decodePageToken(req.pageToken, digest) : null;
  } catch (e) {
    if (e instanceof PageTokenError) return invalid(e.message);
    throw e;
  }

  faults.countPage();
  if (faults.takeEmptyPage()) {
    // "The search ran out of time": nothing yet, same place next time.
    const token = encodePageToken(digest, after);
    return { ok: true, bytes: listResponseBytes([], token), entries: 0, nextPageToken: token };
  }
  const page = store.page({ filter, projects, descending, pageSize: req.pageSize || DEFAULT_PAGE_SIZE, ...(after ? { after } : {}) });
  const token = page.next ? encodePageToken(digest, page.next) : '';
  return { ok: true, bytes: listResponseBytes(page.entries.map((e) => e.framed), token), entries: page.entries.length, nextPageToken: token };
}
