export * from './severity.js';
export * from './kinds.js';
export * from './logEntry.js';
export * from './finding.js';
export * from './readReport.js';
export * from './timestamp.js';
export * from './coverage.js';
export * from './verdict.js';
