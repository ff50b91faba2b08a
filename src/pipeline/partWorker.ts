import { parentPort, workerData } from 'node:worker_threads';
import { parsersFor } from '../../parsers/registry.js';
import type { Finding } from '../model/index.js';
import { readPart } from '../sources/readPart.js';
import type { EntrySink } from '../sources/sink.js';
import { CoverageCollector } from '../store/coverageCollector.js';
import { matchEntry } from './scanMatch.js';
import { ServiceCounter } from './serviceCounter.js';
import type { PartJob, PartMessage } from './partProtocol.js';

/**
 * One part of a large export, read on its own thread: the same readers and parsers as a
 * sequential read; findings go back in batches, coverage and counts once at the end.
 */
async function run(job: PartJob): Promise<void> {
  const port = parentPort!;
  const parsers = parsersFor(job.kinds, { redact: job.redact });
  const collector = job.coverage ? new CoverageCollector() : null;
  const perService = new ServiceCounter();
  let batch: Finding[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    port.postMessage({ type: 'findings', findings: batch } satisfies PartMessage);
    batch = [];
  };
  const sink: EntrySink = {
    summary(tsUs, service, revision) {
      perService.add(service);
      collector?.summary(tsUs, service, revision);
    },
    entry(entry) {
      matchEntry(parsers, entry, (f) => {
        // Offsets were counted from the part's first byte.
        if (f.source?.offset !== undefined) f.source.offset += job.part.start;
        batch.push(f);
        if (batch.length >= 2000) flush();
      });
    },
  };
  let reported = 0;
  const onProgress = (bytes: number): void => {
    if (bytes - reported < 16 << 20) return;
    reported = bytes;
    port.postMessage({ type: 'progress', bytes } satisfies PartMessage);
  };
  const read = await readPart(job.path, job.name, job.layout, job.part, { ...job.read, onProgress }, sink);
  flush();
  port.postMessage({
    type: 'done',
    read,
    perService: perService.flush(),
    coverage: collector?.coverage ?? new Map(),
    revisions: collector?.revisions ?? new Map(),
  } satisfies PartMessage);
}

run(workerData as PartJob).catch((err: unknown) => {
  parentPort!.postMessage({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies PartMessage);
});
