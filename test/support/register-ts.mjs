/**
 * Runs the TypeScript test support code directly under Node 20, without a build and without a
 * new dependency: `node --import ./test/support/register-ts.mjs test/support/…/file.ts`.
 * Files are transpiled one by one with the project's own `typescript` (types are not checked —
 * `npm run typecheck` does that). Tests are not part of `npm run build`, so this is how the fake
 * Cloud Logging server runs standalone.
 */
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
