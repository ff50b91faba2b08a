/**
 * The object shapes proto-loader produces and accepts for the messages we serve (camelCase,
 * int64 as string, enums by name, oneof discriminators present). Only what the fake touches.
 */

export interface ProtoTimestamp {
  seconds: string | number;
  nanos?: number;
}

export interface ProtoValue {
  kind?: 'nullValue' | 'numberValue' | 'stringValue' | 'boolValue' | 'structValue' | 'listValue';
  nullValue?: 'NULL_VALUE' | 0;
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  structValue?: ProtoStruct;
  listValue?: { values?: ProtoValue[] };
}

export interface ProtoStruct {
  fields?: Record<string, ProtoValue>;
}

export interface ProtoHttpRequest {
  requestMethod?: string;
  requestUrl?: string;
  requestSize?: string;
  status?: number;
  responseSize?: string;
  userAgent?: string;
  remoteIp?: string;
  serverIp?: string;
  referer?: string;
  latency?: ProtoTimestamp;
  cacheLookup?: boolean;
  cacheHit?: boolean;
  cacheValidatedWithOriginServer?: boolean;
  cacheFillBytes?: string;
  protocol?: string;
}

export interface ProtoLogEntry {
  logName?: string;
  resource?: { type?: string; labels?: Record<string, string> };
  payload?: 'protoPayload' | 'textPayload' | 'jsonPayload';
  protoPayload?: { typeUrl?: string; value?: Buffer };
  textPayload?: string;
  jsonPayload?: ProtoStruct;
  timestamp?: ProtoTimestamp;
  receiveTimestamp?: ProtoTimestamp;
  severity?: string;
  insertId?: string;
  httpRequest?: ProtoHttpRequest;
  labels?: Record<string, string>;
  operation?: { id?: string; producer?: string; first?: boolean; last?: boolean };
  trace?: string;
  spanId?: string;
  traceSampled?: boolean;
  sourceLocation?: { file?: string; line?: string; function?: string };
  split?: { uid?: string; index?: number; totalSplits?: number };
}

export type SuppressionReason = 'RATE_LIMIT' | 'NOT_CONSUMED';

export interface ProtoSuppressionInfo {
  reason: SuppressionReason;
  suppressedCount: number;
}

/** google.logging.type.LogSeverity, in level order. */
export const SEVERITY_LEVELS: Readonly<Record<string, number>> = Object.freeze({
  DEFAULT: 0,
  DEBUG: 100,
  INFO: 200,
  NOTICE: 300,
  WARNING: 400,
  ERROR: 500,
  CRITICAL: 600,
  ALERT: 700,
  EMERGENCY: 800,
});
