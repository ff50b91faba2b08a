#!/usr/bin/env node
// Thin launcher: the TypeScript sources are compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../dist/src/cli/main.js';

// `ssot-watch … | head`: the reader went away. Stop quietly, keeping the exit code set so far.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ssot-watch: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 6;
  },
);
