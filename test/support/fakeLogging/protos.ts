/**
 * The Logging API's own `.proto` files, loaded once with @grpc/proto-loader. The logging protos
 * ship in @google-cloud/logging-api; their imports (google/api, google/rpc, google/protobuf)
 * resolve from google-gax's copy, found through `require.resolve` because google-gax's
 * `exports` map hides its package.json.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ProtoLogEntry, ProtoSuppressionInfo } from './protoTypes.js';

const require = createRequire(import.meta.url);

export function protoIncludeDirs(): string[] {
  const loggingApi = join(dirname(require.resolve('@google-cloud/logging-api/package.json')), 'build', 'protos');
  // require.resolve('google-gax') is .../google-gax/build/src/index.js
  const gax = join(dirname(require.resolve('google-gax')), '..', 'protos');
  return [loggingApi, gax];
}

interface ListResponse {
  entries?: ProtoLogEntry[];
  nextPageToken?: string;
}
interface TailResponse {
  entries?: ProtoLogEntry[];
  suppressionInfo?: ProtoSuppressionInfo[];
}

export interface LoggingProtos {
  /** LoggingServiceV2 with response serializers that pass pre-encoded `Buffer`s through. */
  readonly service: ServiceDefinition;
  encodeListResponse(value: ListResponse): Buffer;
  decodeListResponse(bytes: Buffer): ListResponse;
  encodeTailResponse(value: TailResponse): Buffer;
}

let cached: LoggingProtos | undefined;

export function loggingProtos(): LoggingProtos {
  if (cached) return cached;
  const definition = loadSync('google/logging/v2/logging.proto', {
    includeDirs: protoIncludeDirs(),
    // The shape the Node client itself uses: camelCase names, int64 as strings, enums by name.
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const original = definition['google.logging.v2.LoggingServiceV2'] as unknown as ServiceDefinition;
  const list = original['ListLogEntries'] as MethodDefinition<unknown, ListResponse>;
  const tail = original['TailLogEntries'] as MethodDefinition<unknown, TailResponse>;
  // Responses are assembled from entries encoded once at load time (see wire.ts); a handler
  // hands over the finished bytes, anything else goes through the normal serializer.
  const passBuffers = <T>(m: MethodDefinition<unknown, T>): MethodDefinition<unknown, T | Buffer> => ({
    ...m,
    responseSerialize: (value: T | Buffer) => (Buffer.isBuffer(value) ? value : m.responseSerialize(value as T)),
  });
  const service: ServiceDefinition = { ...original, ListLogEntries: passBuffers(list), TailLogEntries: passBuffers(tail) };
  cached = {
    service,
    encodeListResponse: (v) => list.responseSerialize(v),
    decodeListResponse: (b) => list.responseDeserialize(b),
    encodeTailResponse: (v) => tail.responseSerialize(v),
  };
  return cached;
}
