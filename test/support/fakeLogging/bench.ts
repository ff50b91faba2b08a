/**
 * Memory and time of the fake at the size of one day of one service (~1M entries):
 *
 *   node dist/scripts/gen-bench-data.js --format jsonl --services 1 --bytes 1050MB --out /tmp/day.jsonl
 *   node --expose-gc --import ./test/support/register-ts.mjs test/support/fakeLogging/bench.ts --file /tmp/day.jsonl
 *
 * Loads the file, then pages through it with the real client: once with a findings filter (the
 * product's pull), once through every entry (the worst case: every entry decoded and sent).
 */
import { Logging } from '@google-cloud/logging';
import { parseArgs } from 'node:util';
import { startFakeLogging } from './index.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    project: { type: 'string', default: 'netra-staging' },
    service: { type: 'string', default: 'netra-backend-staging' },
    from: { type: 'string', default: '2025-09-15T00:00:00Z' },
    to: { type: 'string', default: '2025-09-16T00:00:00Z' },
    'page-size': { type: 'string', default: '1000' },
    'skip-full': { type: 'boolean', default: false },
  },
});
if (!values.file) {
  process.stderr.write('usage: bench.ts --file EXPORT [--service S] [--from T] [--to T] [--page-size N] [--skip-full]\n');
  process.exit(3);
}

const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;
function memory(label: string): void {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`${label}: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, buffers ${mb(m.arrayBuffers)}\n`);
}

memory('start');
const fake = await startFakeLogging();
let t = Date.now();
const loaded = await fake.loadFile(values.file);
process.stdout.write(`loaded ${loaded} entries in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
memory('after load');

const logging = new Logging(fake.clientOptions(values.project));
async function pull(label: string, filter: string): Promise<void> {
  const started = Date.now();
  let pageToken: string | undefined;
  let entries = 0;
  let pages = 0;
  do {
    const [page, next] = await logging.getEntries({
      filter,
      orderBy: 'timestamp asc',
      pageSize: Number(values['page-size']),
      autoPaginate: false,
      resourceNames: [`projects/${values.project}`],
      ...(pageToken ? { pageToken } : {}),
    });
    entries += page.length;
    pages++;
    pageToken = next?.pageToken ?? undefined;
  } while (pageToken);
  const s = (Date.now() - started) / 1000;
  process.stdout.write(`${label}: ${entries} entries in ${pages} pages, ${s.toFixed(1)} s (${Math.round(entries / s)} entries/s)\n`);
}

const scope = `resource.type="cloud_run_revision" AND resource.labels.service_name="${values.service}" AND timestamp>="${values.from}" AND timestamp<"${values.to}"`;
await pull(
  'findings filter',
  `${scope} AND (textPayload:"SSOT WARNING" OR jsonPayload.message:"SSOT WARNING" OR textPayload:"1011" OR jsonPayload.message:"1011" OR httpRequest.status=403 OR jsonPayload.message:"403")`,
);
if (!values['skip-full']) await pull('every entry', scope);
memory('end');
await (logging.loggingService as unknown as { close(): Promise<void> }).close();
await fake.stop();
