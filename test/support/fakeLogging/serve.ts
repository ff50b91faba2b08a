/**
 * The fake Cloud Logging server, standalone, for manual tries:
 *
 *   node --import ./test/support/register-ts.mjs test/support/fakeLogging/serve.ts \
 *        --file ../shared/corpus/gcp_logs_iteration_9_20250907_063534.json [--file …] [--project P] [--port N]
 *
 * Prints where it listens and how to point the client at it; Ctrl-C stops it. Every request is
 * logged to stderr as one JSON line.
 */
import { parseArgs } from 'node:util';
import { startFakeLogging } from './index.js';

const { values } = parseArgs({
  options: {
    file: { type: 'string', multiple: true, default: [] },
    project: { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});

const fake = await startFakeLogging({ port: Number(values.port), ...(values.project ? { defaultProject: values.project } : {}) });
for (const file of values.file) {
  const started = Date.now();
  const n = await fake.loadFile(file);
  process.stderr.write(`loaded ${n} entries from ${file} in ${Date.now() - started} ms\n`);
}
process.stdout.write(
  `fake Cloud Logging on ${fake.address} with ${fake.entryCount} entries\n` +
    `  new Logging({projectId, universeDomain: 'googleapis.com', apiEndpoint: '127.0.0.1', port: ${fake.port}, sslCreds: grpc.credentials.createInsecure()})\n`,
);

let logged = 0;
const timer = setInterval(() => {
  for (; logged < fake.requests.length; logged++) process.stderr.write(`${JSON.stringify(fake.requests[logged])}\n`);
}, 200);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    clearInterval(timer);
    void fake.stop();
  });
}
