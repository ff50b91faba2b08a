/**
 * A real gRPC Cloud Logging server for tests: see README.md in this directory.
 *
 *   const fake = await startFakeLogging({ entries });
 *   const logging = new Logging(fake.clientOptions('netra-staging'));
 *   …
 *   await fake.stop();
 */
export type { ClientOptions, FakeLogging, FakeLoggingOptions, PublishOptions } from './server.js';
export { startFakeLogging } from './server.js';
export type { InjectedStatus } from './faults.js';
export { CONNECTION_DROPPED, Faults, quotaExceeded, SERVICE_UNAVAILABLE } from './faults.js';
export type { CallOutcome, MethodName, RecordedCall, RecordedRequest } from './requestLog.js';
export type { ProtoSuppressionInfo, SuppressionReason } from './protoTypes.js';
export { entriesOfExport, readExportFile } from './loadExport.js';
export { convertEntry } from './convert.js';
export { FilterError, MAX_FILTER_LENGTH, parseFilter, prepareFilter, printFilter, SUPPORTED_FIELDS } from './filter/index.js';
