/** A realistic gcloud-shaped raw entry (camelCase), for building test exports. */
export function rawEntry(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  // Microsecond timestamps as exports write them: `2025-09-15T12:00:05.005123Z`.
  const ts = new Date(Date.UTC(2025, 8, 15, 12, 0, 0) + i * 1000 + (i % 1000)).toISOString().slice(0, -1) + '123Z';
  return {
    insertId: `id${String(i).padStart(8, '0')}`,
    jsonPayload: { message: `request ${i} handled`, timestamp: '2020-01-01T00:00:00Z', nested: { timestamp: '2019-01-01T00:00:00Z' } },
    labels: { instanceId: `00a1b2c3${i}` },
    logName: 'projects/netra-staging/logs/run.googleapis.com%2Fstderr',
    receiveTimestamp: ts.replace('Z', '789Z'),
    resource: {
      labels: {
        configuration_name: 'netra-backend-staging',
        location: 'us-central1',
        project_id: 'netra-staging',
        revision_name: 'netra-backend-staging-00001-abc',
        service_name: 'netra-backend-staging',
      },
      type: 'cloud_run_revision',
    },
    severity: 'INFO',
    timestamp: ts,
    ...over,
  };
}

/** gcloud's layout: sorted keys, 2-space indent, an array, newest first. */
export function gcloudArray(entries: Record<string, unknown>[]): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
        : v;
  return JSON.stringify(entries.map(sortKeys), null, 2) + '\n';
}

export function jsonl(entries: Record<string, unknown>[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

export const WS_403_REQUEST = {
  httpRequest: {
    latency: '0.002852s',
    protocol: 'HTTP/1.1',
    remoteIp: '68.5.230.82',
    requestMethod: 'GET',
    requestUrl: 'https://api.staging.netrasystems.ai/ws',
    status: 403,
    userAgent: 'Mozilla/5.0',
  },
  logName: 'projects/netra-staging/logs/run.googleapis.com%2Frequests',
  severity: 'WARNING',
  jsonPayload: undefined,
};
