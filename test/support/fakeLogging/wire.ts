/**
 * Responses assembled from pre-encoded entries. Both ListLogEntriesResponse and
 * TailLogEntriesResponse carry `repeated LogEntry entries = 1`, and protobuf messages concatenate
 * (repeated fields append), so an entry encoded once as "field 1 of a response" is reused as-is
 * in every page or tail batch that contains it: no re-encoding per request, which is what lets
 * a million-entry store page quickly.
 */
import { loggingProtos } from './protos.js';
import type { ProtoLogEntry, ProtoSuppressionInfo } from './protoTypes.js';

/**
 * The same framing through protobufjs (slow): the reference the hand-written encoder in
 * encodeEntry.ts is tested against.
 */
export function encodeFramedEntryReference(entry: ProtoLogEntry): Buffer {
  return loggingProtos().encodeListResponse({ entries: [entry] });
}

/** Decodes a framed entry with the API's descriptors (tests compare encoders with it). */
export function decodeFramedEntry(framed: Buffer): ProtoLogEntry {
  const entry = loggingProtos().decodeListResponse(framed).entries?.[0];
  if (!entry) throw new Error('decodeFramedEntry: no entry in the frame');
  return entry;
}

export function listResponseBytes(framed: readonly Buffer[], nextPageToken: string): Buffer {
  const tail = nextPageToken ? [loggingProtos().encodeListResponse({ nextPageToken })] : [];
  return Buffer.concat([...framed, ...tail]);
}

export function tailResponseBytes(framed: readonly Buffer[], suppressionInfo: readonly ProtoSuppressionInfo[]): Buffer {
  const tail = suppressionInfo.length ? [loggingProtos().encodeTailResponse({ suppressionInfo: [...suppressionInfo] })] : [];
  return Buffer.concat([...framed, ...tail]);
}
