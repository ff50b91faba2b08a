import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import { AUTH_SERVICE, BACKEND } from '../catalog.js';
import { isoUs, usOf } from '../clock.js';
import { instanceIdFor } from '../ids.js';
import { KIND_NAMES, type Kind } from '../model.js';
import { Rng } from '../prng.js';
import { SlotWriter } from './slotWriter.js';
import { backendSpecs, decoySpecs, findingSpecs, genericSpecs, type Spec } from './specs.js';
import { compile, serializeFor, SLOT, type BenchFormat, type Compiled } from './template.js';

/**
 * Large exports for benchmarks, written as a stream in constant memory: templates are
 * compiled once, each entry is a concatenation of cached fragments and a few generated
 * strings, output goes out in multi-megabyte chunks with backpressure respected.
 * Deterministic: same options, same bytes.
 */

export interface BenchOptions {
  format: BenchFormat;
  /** Target size; the file ends at the first entry boundary at or after it. */
  bytes: number;
  out: string;
  seed?: number;
  /** How many services the entries belong to (the backend is always one of them). */
  services?: number;
  /** Exact number of finding entries, spread evenly by byte position (backend only). */
  findings?: number;
  /** Where the time axis starts: newest entry (gcloud, newest first) or oldest (jsonl). */
  anchor?: string;
  /** Mean time between entries, µs (default 35 ms); 86,400 makes a million entries one day. */
  meanStepUs?: number;
}

export interface BenchTruth {
  generator: 'gen-bench-data';
  file: string;
  format: BenchFormat;
  seed: number;
  requestedBytes: number;
  bytes: number;
  entries: number;
  entriesByService: Record<string, number>;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  findings: {
    total: number;
    byKind: Record<Kind, number>;
    ssotByFamily: Record<string, number>;
    authByRule: Record<string, number>;
    ws1011ByDirection: Record<string, number>;
    insertIds: string[];
  };
  decoys: Record<string, number>;
  relatedNotCounted: Record<string, number>;
}

interface Service {
  name: string;
  revision: string;
  nameBuf: Buffer;
  revisionBuf: Buffer;
  instanceBufs: Buffer[];
  count: number;
}

interface Prepared {
  spec: Spec;
  compiled: Compiled;
  /** The fragments, UTF-8 encoded once. */
  partBufs: Buffer[];
  /** Upper bound of one rendered entry, to know when the output buffer must be flushed. */
  maxBytes: number;
  latLo: number;
  latSpan: number;
}

const CHUNK_BYTES = 8 << 20;
/** Longest value a slot can take (an instanceId is ~160 characters). */
const MAX_VALUE_BYTES = 256;
const MEAN_STEP_US = 35_000;
const OTHER_SERVICES = [AUTH_SERVICE, 'netra-frontend-staging'];

function prepare(format: BenchFormat, spec: Spec): Prepared {
  const compiled = compile(serializeFor(format, spec.entry));
  const [lo, hi] = spec.latencyUs ?? [1_000, 5_000];
  return {
    spec,
    compiled,
    partBufs: compiled.parts.map((p) => Buffer.from(p, 'utf8')),
    maxBytes: compiled.staticBytes + compiled.slots.length * MAX_VALUE_BYTES + 2,
    latLo: lo,
    latSpan: hi - lo + 1,
  };
}

/** 4096-slot lookup table: one u32 draw picks a template with the given weights. */
function weightedTable(weights: readonly number[]): Uint16Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint16Array(4096);
  let at = 0;
  weights.forEach((w, i) => {
    const n = i === weights.length - 1 ? 4096 - at : Math.round((w / total) * 4096);
    table.fill(i, at, Math.min(4096, at + n));
    at += n;
  });
  return table;
}

function servicesFor(n: number, rng: Rng): Service[] {
  const names = [BACKEND, ...OTHER_SERVICES];
  for (let i = names.length; i < n; i++) names.push(`netra-svc-${String(i + 1).padStart(2, '0')}`);
  return names.slice(0, Math.max(1, n)).map((name, i) => {
    const revision = i === 0 ? `${BACKEND}-00042-p7q` : `${name}-000${rng.range(10, 99)}-${rng.hex(3)}`;
    // The backend's first instance id contains "403", the corpus' classic false hit.
    const instances = [0, 1, 2].map((k) => instanceIdFor(rng.fork(`${name}-${k}`), i === 0 && k === 0 ? '403' : undefined));
    return {
      name,
      revision,
      nameBuf: Buffer.from(name),
      revisionBuf: Buffer.from(revision),
      instanceBufs: instances.map((x) => Buffer.from(x)),
      count: 0,
    };
  });
}

function waitDrain(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => {
      out.off('drain', onDrain);
      reject(e);
    };
    const onDrain = (): void => {
      out.off('error', onError);
      resolve();
    };
    out.once('drain', onDrain);
    out.once('error', onError);
  });
}

export async function generateBenchData(o: BenchOptions): Promise<BenchTruth> {
  const seed = o.seed ?? 1;
  const nFindings = o.findings ?? 0;
  if (!(o.bytes >= 0) || !Number.isFinite(o.bytes)) throw new Error(`bytes must be a non-negative number, got ${o.bytes}`);
  if (!Number.isInteger(nFindings) || nFindings < 0) throw new Error(`findings must be a non-negative integer, got ${nFindings}`);
  const rng = new Rng(seed, 'bench');
  const services = servicesFor(o.services ?? 3, rng.fork('services'));
  const backend = services[0]!;

  const backendMix = [...backendSpecs(), ...decoySpecs()];
  const backendPrepared = backendMix.map((x) => prepare(o.format, x.spec));
  const backendTable = weightedTable(backendMix.map((x) => x.weight));
  const otherMix = genericSpecs();
  const otherPrepared = otherMix.map((x) => prepare(o.format, x.spec));
  const otherTable = weightedTable(otherMix.map((x) => x.weight));
  const fSpecs = findingSpecs();
  const findingPrepared = Object.fromEntries(KIND_NAMES.map((k) => [k, fSpecs[k].map((s) => prepare(o.format, s))])) as Record<Kind, Prepared[]>;
  // Three quarters of the entries are the backend's, the rest spread over the other services.
  const serviceTable = weightedTable(services.map((_, i) => (i === 0 ? (services.length === 1 ? 1 : 3 * (services.length - 1)) : 1)));

  const gcloud = o.format === 'gcloud-array';
  const direction = gcloud ? -1 : 1;
  let t = usOf(o.anchor ?? (gcloud ? '2025-09-15T22:00:00Z' : '2025-09-15T00:00:00Z'));
  const meanStepUs = o.meanStepUs ?? MEAN_STEP_US;
  let minT = Infinity;
  let maxT = -Infinity;

  const byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, 0])) as Record<Kind, number>;
  const variantCounts: Record<Kind, Record<string, number>> = { ssot_warning: {}, ws_1011: {}, auth_403: {} };
  const findingIds: string[] = [];
  const decoys: Record<string, number> = {};
  const related: Record<string, number> = {};

  const out = createWriteStream(o.out, { highWaterMark: 16 << 20 });
  // Entries are assembled straight into a large Buffer (no per-entry strings to concatenate,
  // flatten and collect); a full buffer is handed to the stream and a fresh one started.
  const w = new SlotWriter(rng);
  w.buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let flushed = 0;
  const flush = async (): Promise<void> => {
    const ok = out.write(w.buf.subarray(0, w.off));
    flushed += w.off;
    w.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    w.off = 0;
    if (!ok) await waitDrain(out);
  };
  const put = (text: string): void => {
    w.off += w.buf.write(text, w.off, 'utf8');
  };
  if (gcloud) put('[\n');
  const SEP = Buffer.from(',\n');
  let entries = 0;
  let done = 0;

  // Synchronous on purpose: a promise per entry would cost more than the entry itself.
  const emit = (p: Prepared, svc: Service): void => {
    const { slots, needs } = p.compiled;
    w.draw(t, needs, p.latLo, p.latSpan);
    w.fixed[SLOT.SVC] = svc.nameBuf;
    w.fixed[SLOT.REV] = svc.revisionBuf;
    // Instances take turns in long stretches, like real containers.
    w.fixed[SLOT.INST] = svc.instanceBufs[Math.floor(entries / 5000) % svc.instanceBufs.length]!;
    if (gcloud && entries > 0) {
      w.buf.set(SEP, w.off);
      w.off += 2;
    }
    const parts = p.partBufs;
    w.buf.set(parts[0]!, w.off);
    w.off += parts[0]!.length;
    for (let i = 0; i < slots.length; i++) {
      w.write(slots[i]!);
      const part = parts[i + 1]!;
      w.buf.set(part, w.off);
      w.off += part.length;
    }
    entries++;
    svc.count++;
    if (t < minT) minT = t;
    if (t > maxT) maxT = t;
    const spec = p.spec;
    if (spec.finding) {
      const f = spec.finding;
      byKind[f.kind]++;
      const variant = f.kind === 'ssot_warning' ? f.family : f.kind === 'auth_403' ? f.rule : f.direction;
      variantCounts[f.kind][variant] = (variantCounts[f.kind][variant] ?? 0) + 1;
      findingIds.push(w.insertIdText());
    }
    if (spec.decoy) decoys[spec.decoy] = (decoys[spec.decoy] ?? 0) + 1;
    if (spec.related) related[spec.related] = (related[spec.related] ?? 0) + 1;
    t += direction * (1 + rng.int(2 * meanStepUs));
  };
  const bytesSoFar = (): number => flushed + w.off;
  const maxEntryBytes = Math.max(...[...backendPrepared, ...otherPrepared, ...Object.values(findingPrepared).flat()].map((p) => p.maxBytes));

  while (bytesSoFar() < o.bytes || done < nFindings) {
    if (w.off + maxEntryBytes > CHUNK_BYTES) await flush();
    // Finding i sits at byte (i + 0.5) * size / n: evenly spread, exact count even for tiny sizes.
    if (done < nFindings && bytesSoFar() >= Math.floor(((done + 0.5) * o.bytes) / nFindings)) {
      const kind = KIND_NAMES[done % KIND_NAMES.length]!;
      const variants = findingPrepared[kind];
      emit(variants[Math.floor(done / KIND_NAMES.length) % variants.length]!, backend);
      done++;
      continue;
    }
    const svc = services[serviceTable[rng.u32() & 4095]!]!;
    if (svc === backend) emit(backendPrepared[backendTable[rng.u32() & 4095]!]!, svc);
    else emit(otherPrepared[otherTable[rng.u32() & 4095]!]!, svc);
  }
  if (gcloud && entries === 0) {
    w.off = 0; // gcloud prints an empty result as `[]`
    put('[]\n');
  } else if (gcloud) put('\n]\n');
  const bytes = bytesSoFar();
  out.end(w.buf.subarray(0, w.off));
  await finished(out);

  const sortedCounts = (r: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  const truth: BenchTruth = {
    generator: 'gen-bench-data',
    file: basename(o.out),
    format: o.format,
    seed,
    requestedBytes: o.bytes,
    bytes,
    entries,
    entriesByService: Object.fromEntries(services.filter((s) => s.count > 0).map((s) => [s.name, s.count])),
    firstTimestamp: entries ? isoUs(minT) : null,
    lastTimestamp: entries ? isoUs(maxT) : null,
    findings: {
      total: done,
      byKind,
      ssotByFamily: sortedCounts(variantCounts.ssot_warning),
      authByRule: sortedCounts(variantCounts.auth_403),
      ws1011ByDirection: sortedCounts(variantCounts.ws_1011),
      insertIds: findingIds,
    },
    decoys: sortedCounts(decoys),
    relatedNotCounted: sortedCounts(related),
  };
  await writeFile(`${o.out}.truth.json`, `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}
