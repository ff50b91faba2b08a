import { gunicornStamp, isoUs, protoDuration, protoTs, pyIso, pyLogStamp, US_PER_MS } from '../clock.js';
import {
  requestLog,
  shapeA,
  shapeB,
  textLine,
  varlogLine,
  type ShapeBParts,
  type Stamp,
  type Where,
} from '../builders.js';
import { insertIdAt, spanIdFor, traceIdFor } from '../ids.js';
import type { FindingTag, GEntry, Severity, WorldEntry } from '../model.js';
import type { Rng } from '../prng.js';
import { PROXY_IP, SERVER_IP } from '../catalog.js';

/** A container instance of the story. */
export interface Inst {
  /** Story name (`I3`), used in the README and the truth files. */
  name: string;
  where: Where;
  masterPid: number;
  workerPid: number;
  startUs: number;
  /** Serving after this (boot done). */
  readyUs: number;
  /** Receives new requests until this. */
  acceptUntilUs: number;
  /** Shutdown (or crash) begins; its lines follow within a second. */
  endUs: number;
  /** Users with a WebSocket manager on this instance (rev 00041 never cleans them up: F2/F3). */
  managers: Map<string, number>;
}

export interface Tags {
  finding?: FindingTag;
  decoy?: string;
  related?: string;
}

export interface HttpParts {
  method: string;
  url: string;
  status: number;
  latencyUs: number;
  userAgent: string;
  remoteIp: string;
  requestSize: number;
  responseSize: number;
  referer?: string;
  /** Digits appended to the latency's microseconds, to get Cloud Run's nanosecond latencies. */
  latencyExtraNs?: number;
}

/**
 * Collects the world's entries. Every entry gets a proto-style timestamp, a receiveTimestamp
 * with nanoseconds a little later, and an insertId built from the time as Cloud Run does.
 */
export class Emitter {
  constructor(
    private readonly rng: Rng,
    readonly entries: WorldEntry[] = [],
  ) {}

  /** Same entry list, independent random stream: one part of the story does not shift another's draws. */
  fork(label: string): Emitter {
    return new Emitter(this.rng.fork(label), this.entries);
  }

  stamp(tsUs: number, insertAtUs = tsUs, receiveAfterUs = tsUs): { stamp: Stamp; receiveUs: number } {
    const receiveUs = receiveAfterUs + this.rng.range(60, 420) * US_PER_MS + this.rng.int(1000);
    const stamp: Stamp = {
      timestamp: protoTs(tsUs),
      receiveTimestamp: protoTs(receiveUs, this.rng.int(1000)),
      insertId: insertIdAt(insertAtUs, this.rng),
    };
    return { stamp, receiveUs };
  }

  push(entry: GEntry, tsUs: number, receiveUs: number, where: Where, instance: string, tags: Tags = {}): GEntry {
    const w: WorldEntry = { entry, tsUs, receiveUs, service: where.service, revision: where.revision, instance };
    if (tags.finding) w.finding = tags.finding;
    if (tags.decoy) w.decoy = tags.decoy;
    if (tags.related) w.related = tags.related;
    this.entries.push(w);
    return entry;
  }

  /** Shape A (stdout JSON). Inner timestamps precede the entry's by a few hundred µs, as in real data. */
  a(inst: Inst, t: number, logger: string, message: string, severity: Severity, tags?: Tags): GEntry {
    const payloadUs = t - this.rng.range(380, 900);
    const errorUs = payloadUs + this.rng.range(25, 45);
    const validatedUs = errorUs + this.rng.range(6, 12);
    const { stamp, receiveUs } = this.stamp(t);
    const e = shapeA(inst.where, stamp, {
      logger,
      message,
      severity,
      payloadTs: isoUs(payloadUs),
      errorTs: isoUs(errorUs),
      validatedAt: isoUs(validatedUs),
      messageLength: Array.from(message).length,
    });
    return this.push(e, t, receiveUs, inst.where, inst.name, tags);
  }

  /** Shape B (stderr JSON). */
  b(inst: Inst, t: number, p: Omit<ShapeBParts, 'payloadTs'>, tags?: Tags): GEntry {
    const { stamp, receiveUs } = this.stamp(t);
    const e = shapeB(inst.where, stamp, { ...p, payloadTs: pyIso(t - this.rng.range(300, 900)) });
    return this.push(e, t, receiveUs, inst.where, inst.name, tags);
  }

  /** A plain line on stdout/stderr (no severity unless given). */
  text(
    inst: Inst,
    t: number,
    stream: 'stdout' | 'stderr',
    text: string,
    opts: { severity?: Severity; errorGroupId?: string } = {},
    tags?: Tags,
  ): GEntry {
    const { stamp, receiveUs } = this.stamp(t);
    return this.push(textLine(inst.where, stamp, stream, text, opts), t, receiveUs, inst.where, inst.name, tags);
  }

  /** gunicorn's error log: `[2025-09-07 13:34:00 +0000] [15] [INFO] …` on stderr, no LogEntry severity. */
  gunicorn(inst: Inst, t: number, who: 'master' | 'worker', level: 'INFO' | 'ERROR' | 'WARNING', text: string, tags?: Tags): GEntry {
    const pid = who === 'master' ? inst.masterPid : inst.workerPid;
    return this.text(inst, t, 'stderr', `[${gunicornStamp(t)}] [${pid}] [${level}] ${text}`, {}, tags);
  }

  /** Python logging's default format on stderr: `2025-09-07 13:22:49 - module - LEVEL - message`. */
  pylog(inst: Inst, t: number, logger: string, level: 'INFO' | 'WARNING' | 'ERROR', text: string, tags?: Tags): GEntry {
    return this.text(inst, t, 'stderr', `${pyLogStamp(t)} - ${logger} - ${level} - ${text}`, {}, tags);
  }

  /** uvicorn access line on stdout (no prefix, no severity). */
  access(inst: Inst, t: number, method: string, path: string, status: number, tags?: Tags): GEntry {
    const port = this.rng.range(1024, 65000);
    return this.text(inst, t, 'stdout', `${PROXY_IP}:${port} - "${method} ${path} HTTP/1.1" ${status}`, {}, tags);
  }

  varlog(inst: Inst, t: number, text: string, severity: Severity, extraLabels?: Record<string, string>, tags?: Tags): GEntry {
    const { stamp, receiveUs } = this.stamp(t);
    return this.push(varlogLine(inst.where, stamp, text, severity, extraLabels), t, receiveUs, inst.where, inst.name, tags);
  }

  /**
   * A request log. `timestamp` is when the request arrived; Cloud Run writes the entry when it
   * completes, so insertId and receiveTimestamp follow the end (for a WebSocket, minutes later).
   */
  request(inst: Inst, t: number, h: HttpParts, tags?: Tags, opts: { spanId?: string; traceSampled?: boolean } = {}): GEntry {
    const endUs = t + h.latencyUs;
    const { stamp, receiveUs } = this.stamp(t, endUs, endUs);
    const latencyNs = h.latencyUs * 1000 + (h.latencyExtraNs ?? this.rng.int(1000));
    const http = {
      requestMethod: h.method,
      requestUrl: h.url,
      requestSize: String(h.requestSize),
      status: h.status,
      responseSize: String(h.responseSize),
      userAgent: h.userAgent,
      remoteIp: h.remoteIp,
      serverIp: SERVER_IP,
      latency: protoDuration(latencyNs),
      protocol: 'HTTP/1.1',
      ...(h.referer ? { referer: h.referer } : {}),
    };
    const e = requestLog(inst.where, stamp, {
      http,
      trace: traceIdFor(this.rng),
      spanId: opts.spanId ?? spanIdFor(this.rng),
      traceSampled: opts.traceSampled ?? this.rng.chance(0.05),
    });
    return this.push(e, t, receiveUs, inst.where, inst.name, tags);
  }
}
