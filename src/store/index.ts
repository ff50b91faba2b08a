export { HistoryStore } from './historyStore.js';
export { openStore, resolveDbPath, DEFAULT_DB_PATH, DB_ENV, MEMORY, type OpenOptions } from './openStore.js';
export { CoverageCollector } from './coverageCollector.js';
export { StoreError } from './errors.js';
export { LATEST_VERSION, MIGRATIONS } from './migrations.js';
export * from './types.js';
