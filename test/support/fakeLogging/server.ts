/**
 * The fake Cloud Logging server: LoggingServiceV2 over real gRPC on 127.0.0.1 (random port),
 * serving ListLogEntries from an in-memory store and TailLogEntries from entries a test
 * publishes. Other LoggingServiceV2 methods answer UNIMPLEMENTED.
 */
import type { ChannelCredentials, Metadata, ServerUnaryCall, sendUnaryData, UntypedServiceImplementation } from '@grpc/grpc-js';
import { credentials, Server, ServerCredentials, status } from '@grpc/grpc-js';
import type { ConvertOptions } from './convert.js';
import { convertEntry } from './convert.js';
import { EntryStore, storeEntry } from './entryStore.js';
import type { InjectedStatus } from './faults.js';
import { CONNECTION_DROPPED, Faults } from './faults.js';
import type { PreparedFilter } from './filter/index.js';
import { FilterError, prepareFilter } from './filter/index.js';
import type { ListResult } from './listEntries.js';
import { listEntries, projectsOf } from './listEntries.js';
import { readExportFile } from './loadExport.js';
import { loggingProtos } from './protos.js';
import type { ProtoSuppressionInfo } from './protoTypes.js';
import type { CallOutcome, MethodName, RawRequest, RecordedCall } from './requestLog.js';
import { recordedRequest } from './requestLog.js';
import type { TailCall } from './tail.js';
import { TailSessions } from './tail.js';

export interface FakeLoggingOptions {
  /** Raw entries (gcloud camelCase or Python snake_case) to serve from the start. */
  entries?: Iterable<unknown>;
  /** Project of entries whose logName and resource.labels.project_id name none. */
  defaultProject?: string;
  /** Port on 127.0.0.1; default 0 (a free one). Tests leave it random. */
  port?: number;
}

export interface PublishOptions {
  /** Also keep the entries for ListLogEntries (default true: published entries are ingested entries). */
  store?: boolean;
  /** Sent in the same response as the entries. */
  suppressionInfo?: ProtoSuppressionInfo[];
}

/** Options for `new Logging(...)` that point the real client at this server. */
export interface ClientOptions {
  projectId: string;
  universeDomain: string;
  apiEndpoint: string;
  port: number;
  sslCreds: ChannelCredentials;
}

export interface FakeLogging {
  readonly port: number;
  /** `127.0.0.1:PORT` */
  readonly address: string;
  /** Every call received, oldest first (live array; `clearRequests()` empties it). */
  readonly requests: readonly RecordedCall[];
  readonly faults: Faults;
  readonly entryCount: number;
  readonly tailCount: number;
  /** Replaces the stored entries; returns how many are stored. */
  setEntries(raw: Iterable<unknown>): number;
  /** Adds entries; returns how many were added. */
  addEntries(raw: Iterable<unknown>): number;
  /** Adds the entries of an export file (JSON array, wrapper object or JSON Lines), streaming. */
  loadFile(path: string): Promise<number>;
  /** Sends entries to open tail streams (matching each one's filter); returns how many streams got any. */
  publish(raw: Iterable<unknown>, options?: PublishOptions): number;
  /** Sends a response carrying only suppression info to every open tail stream; returns how many there were. */
  publishSuppression(...info: ProtoSuppressionInfo[]): number;
  waitForTails(count?: number, timeoutMs?: number): Promise<void>;
  /** Breaks open tail streams, as a dropped connection (UNAVAILABLE by default). */
  dropTails(error?: InjectedStatus): void;
  /** Ends open tail streams with status OK. */
  endTails(): void;
  /** The ListLogEntries calls (or TailLogEntries calls) received so far. */
  calls(method: MethodName): RecordedCall[];
  clearRequests(): void;
  clientOptions(projectId: string): ClientOptions;
  stop(): Promise<void>;
}

const headersOf = (metadata: Metadata): Record<string, string> =>
  Object.fromEntries(Object.entries(metadata.getMap()).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('base64') : String(v)]));

export async function startFakeLogging(options: FakeLoggingOptions = {}): Promise<FakeLogging> {
  const store = new EntryStore();
  const faults = new Faults();
  const tails = new TailSessions(faults);
  const requests: RecordedCall[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let generatedIds = 0;
  const convertOptions: ConvertOptions = {
    ...(options.defaultProject ? { defaultProject: options.defaultProject } : {}),
    makeInsertId: () => `fake-${(++generatedIds).toString(36).padStart(8, '0')}`,
  };
  /** `firstIndex`: position of raw[0] in its file or list, for the error message. */
  const convertAll = (raw: Iterable<unknown>, firstIndex = 0) =>
    Array.from(raw, (r, i) => {
      try {
        return convertEntry(r, convertOptions);
      } catch (e) {
        throw new Error(`fake logging: entry ${firstIndex + i}: ${(e as Error).message}`);
      }
    });
  // Bad test data fails here, before a port is taken.
  if (options.entries) store.add(convertAll(options.entries));

  /** Runs `fn` after the configured delay; timers are tracked so stop() leaves no handle behind. */
  const afterDelay = (fn: () => void): void => {
    const ms = faults.callDelayMs;
    if (ms <= 0) return fn();
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const record = (method: MethodName, raw: RawRequest, metadata: Metadata): RecordedCall => {
    const call: RecordedCall = { method, time: new Date(), request: recordedRequest(raw), metadata: headersOf(metadata) };
    requests.push(call);
    return call;
  };

  const implementation: UntypedServiceImplementation = {
    ListLogEntries(call: ServerUnaryCall<RawRequest, Buffer>, callback: sendUnaryData<Buffer>) {
      const recorded = record('ListLogEntries', call.request, call.metadata);
      afterDelay(() => {
        let result: ListResult;
        try {
          result = listEntries(recorded.request, store, faults);
        } catch (e) {
          // A bug in the fake: UNKNOWN, which the client does not retry (INTERNAL it would, for minutes).
          result = { ok: false, status: { code: status.UNKNOWN, details: `fake logging failed: ${(e as Error).stack ?? String(e)}` } };
        }
        if (result.ok) {
          recorded.outcome = { code: status.OK, entries: result.entries, nextPageToken: result.nextPageToken } satisfies CallOutcome;
          callback(null, result.bytes);
        } else {
          recorded.outcome = { code: result.status.code, details: result.status.details };
          callback({ code: result.status.code, details: result.status.details });
        }
      });
    },
    TailLogEntries(call: TailCall) {
      let started = false;
      call.on('data', (raw: RawRequest) => {
        // The client writes exactly one request; later ones would only repeat it.
        if (started) return;
        started = true;
        const recorded = record('TailLogEntries', raw, call.metadata);
        afterDelay(() => {
          if (call.cancelled) return; // the client gave up during the delay
          const refused = (details: string): void => {
            recorded.outcome = { code: status.INVALID_ARGUMENT, details };
            call.emit('error', { code: status.INVALID_ARGUMENT, details });
          };
          const projects = projectsOf(recorded.request.resourceNames);
          if (typeof projects === 'string') return refused(projects);
          let filter: PreparedFilter;
          try {
            filter = prepareFilter(recorded.request.filter);
          } catch (e) {
            if (e instanceof FilterError) return refused(`invalid filter: ${e.message}`);
            throw e;
          }
          recorded.outcome = { code: status.OK };
          tails.open(call, filter, projects);
        });
      });
    },
  };
  // Everything else in the service: UNIMPLEMENTED, so an unexpected call is loud.
  for (const name of Object.keys(loggingProtos().service)) {
    implementation[name] ??= (_call: unknown, callback: sendUnaryData<Buffer>) =>
      callback({ code: status.UNIMPLEMENTED, details: `fake logging does not implement ${name}` });
  }

  const server = new Server();
  server.addService(loggingProtos().service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );

  return {
    port,
    address: `127.0.0.1:${port}`,
    requests,
    faults,
    get entryCount() {
      return store.size;
    },
    get tailCount() {
      return tails.count;
    },
    setEntries(raw) {
      const converted = convertAll(raw);
      store.clear();
      store.add(converted);
      return store.size;
    },
    addEntries(raw) {
      return store.add(convertAll(raw)).length;
    },
    async loadFile(path) {
      let added = 0;
      let batch: unknown[] = [];
      try {
        for await (const raw of readExportFile(path)) {
          batch.push(raw);
          if (batch.length === 10_000) {
            added += store.add(convertAll(batch, added)).length;
            batch = [];
          }
        }
        return added + store.add(convertAll(batch, added)).length;
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
    },
    publish(raw, publishOptions = {}) {
      const converted = convertAll(raw);
      const stored = publishOptions.store === false ? converted.map((c) => storeEntry(c, -1)) : store.add(converted);
      return tails.broadcast(stored, publishOptions.suppressionInfo ?? []);
    },
    publishSuppression(...info) {
      return tails.broadcast([], info);
    },
    waitForTails(count = 1, timeoutMs = 5000) {
      return tails.waitFor(count, timeoutMs);
    },
    dropTails(error = CONNECTION_DROPPED) {
      tails.dropAll(error);
    },
    endTails() {
      tails.endAll();
    },
    calls(method) {
      return requests.filter((r) => r.method === method);
    },
    clearRequests() {
      requests.length = 0;
    },
    clientOptions(projectId) {
      return { projectId, universeDomain: 'googleapis.com', apiEndpoint: '127.0.0.1', port, sslCreds: credentials.createInsecure() };
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      tails.endAll();
      // Open client channels would keep a graceful shutdown waiting; the test is over, so force it.
      server.forceShutdown();
    },
  };
}
