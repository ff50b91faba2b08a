import { US_PER_S } from '../clock.js';
import { hex8, type Rng } from '../prng.js';
import { SLOT } from './template.js';

/**
 * Writes the variable parts of an entry (timestamps, ids, latencies) as ASCII digits straight
 * into the output buffer: no intermediate strings, so nothing for the GC to collect on the
 * hot path. `draw()` takes every random number an entry needs (in a fixed order, so output
 * is deterministic), then `write(slot)` renders one hole of the template.
 */

const HEX = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DOT = 46;

/** `YYYY-MM-DDTHH:MM:SS` and `YYYY-MM-DD HH:MM:SS` of one second, as bytes, recomputed when the second changes. */
class SecondBytes {
  sec = Number.NaN;
  readonly isoT = Buffer.alloc(19);
  readonly spaced = Buffer.alloc(19);

  at(sec: number): this {
    if (sec !== this.sec) {
      this.sec = sec;
      const d = new Date(sec * 1000);
      const p2 = (n: number): string => (n < 10 ? '0' : '') + n;
      const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      const time = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      this.isoT.write(`${date}T${time}`, 0, 'latin1');
      this.spaced.write(`${date} ${time}`, 0, 'latin1');
    }
    return this;
  }
}

export class SlotWriter {
  buf: Buffer = Buffer.alloc(0);
  off = 0;
  /** Fixed values per service (service name, revision, instance id). */
  readonly fixed: (Buffer | null)[] = [];

  // The numbers of the current entry.
  private tsUs = 0;
  private latUs = 0;
  private latNs = 0;
  private rtsUs = 0;
  private rtsNs = 0;
  private idRand = 0;
  private trace = new Uint32Array(4);
  private span = new Uint32Array(2);
  private uuid = new Uint32Array(4);
  private uuidVariant = 0;
  private port = 0;
  private durCents = 0;
  private ptsUs = 0;
  private atsUs = 0;
  private conn = 0;

  private readonly tsSec = new SecondBytes();
  private readonly rtsSec = new SecondBytes();
  private readonly innerSec = new SecondBytes();

  constructor(private readonly rng: Rng) {}

  /** Draws what the entry at `tsUs` needs; `needs` is the template's slot bitmask. */
  draw(tsUs: number, needs: number, latLo: number, latSpan: number): void {
    const rng = this.rng;
    this.tsUs = tsUs;
    this.latUs = needs & (1 << SLOT.LAT) ? latLo + rng.int(latSpan) : 0;
    this.rtsUs = tsUs + this.latUs + 60_000 + rng.int(400_000);
    this.rtsNs = 1 + rng.int(999);
    this.idRand = rng.u32();
    if (needs & (1 << SLOT.LAT)) this.latNs = 1 + rng.int(999);
    if (needs & (1 << SLOT.TRACE)) for (let i = 0; i < 4; i++) this.trace[i] = rng.u32();
    if (needs & (1 << SLOT.SPAN)) for (let i = 0; i < 2; i++) this.span[i] = rng.u32();
    if (needs & (1 << SLOT.PORT)) this.port = 1024 + rng.int(64000);
    if (needs & (1 << SLOT.DUR)) this.durCents = 50 + rng.int(12000);
    if (needs & (1 << SLOT.UUID)) {
      for (let i = 0; i < 4; i++) this.uuid[i] = rng.u32();
      this.uuidVariant = rng.int(4);
    }
    if (needs & (1 << SLOT.PTS)) this.ptsUs = tsUs - 300 - rng.int(600);
    if (needs & (1 << SLOT.ATS)) this.atsUs = tsUs - 400 - rng.int(500);
    if (needs & (1 << SLOT.CONN)) this.conn = rng.u32();
  }

  /** The insertId's time: a request log is written when the request completes. */
  get insertIdUs(): number {
    return this.tsUs + this.latUs;
  }

  /** The insertId as text (kept in the truth file for findings; rare, so plain strings are fine). */
  insertIdText(): string {
    const us = this.insertIdUs;
    const sec = Math.floor(us / US_PER_S);
    return hex8(sec) + hex8(us - sec * US_PER_S) + hex8(this.idRand);
  }

  write(slot: number): void {
    switch (slot) {
      case SLOT.TS:
        return this.putProtoTs(this.tsSec, this.tsUs);
      case SLOT.RTS:
        this.putPrefix(this.rtsSec, this.rtsUs, true);
        this.putFrac6(this.rtsUs);
        this.putDigits(this.rtsNs, 3);
        this.buf[this.off++] = 90; // Z
        return;
      case SLOT.IID:
        return this.putInsertId();
      case SLOT.LAT: {
        const s = Math.floor(this.latUs / US_PER_S);
        this.putInt(s);
        this.buf[this.off++] = DOT;
        this.putDigits(this.latUs - s * US_PER_S, 6);
        this.putDigits(this.latNs, 3);
        this.buf[this.off++] = 115; // s
        return;
      }
      case SLOT.TRACE:
        for (let i = 0; i < 4; i++) this.putHex8(this.trace[i]!);
        return;
      case SLOT.SPAN:
        for (let i = 0; i < 2; i++) this.putHex8(this.span[i]!);
        return;
      case SLOT.PORT:
        return this.putInt(this.port);
      case SLOT.DUR:
        this.putInt(Math.floor(this.durCents / 100));
        this.buf[this.off++] = DOT;
        return this.putDigits(this.durCents % 100, 2);
      case SLOT.UUID:
        return this.putUuid();
      case SLOT.PTS:
        this.putPrefix(this.innerSec, this.ptsUs, true);
        this.putFrac6(this.ptsUs);
        return this.putAscii('+00:00');
      case SLOT.ATS:
        return this.putIsoUs(this.atsUs);
      case SLOT.AERR:
        return this.putIsoUs(this.atsUs + 39);
      case SLOT.AVAL:
        return this.putIsoUs(this.atsUs + 48);
      case SLOT.GS:
        this.putPrefix(this.innerSec, this.tsUs, false);
        return this.putAscii(' +0000');
      case SLOT.PLS:
        return this.putPrefix(this.innerSec, this.tsUs, false);
      case SLOT.CONN:
        return this.putHex8(this.conn);
      default: {
        const fixed = this.fixed[slot];
        if (!fixed) throw new Error(`no value for slot ${slot}`);
        this.buf.set(fixed, this.off);
        this.off += fixed.length;
      }
    }
  }

  private putInsertId(): void {
    const us = this.insertIdUs;
    const sec = Math.floor(us / US_PER_S);
    this.putHex8(sec);
    this.putHex8(us - sec * US_PER_S);
    this.putHex8(this.idRand);
  }

  private putPrefix(cache: SecondBytes, us: number, iso: boolean): void {
    const c = cache.at(Math.floor(us / US_PER_S));
    this.buf.set(iso ? c.isoT : c.spaced, this.off);
    this.off += 19;
  }

  private putFrac6(us: number): void {
    this.buf[this.off++] = DOT;
    this.putDigits(us % US_PER_S, 6);
  }

  /** Protobuf JSON: 6 fractional digits, 3 when exact to the millisecond, none when whole. */
  private putProtoTs(cache: SecondBytes, us: number): void {
    this.putPrefix(cache, us, true);
    const frac = us % US_PER_S;
    if (frac !== 0) {
      this.buf[this.off++] = DOT;
      if (frac % 1000 === 0) this.putDigits(frac / 1000, 3);
      else this.putDigits(frac, 6);
    }
    this.buf[this.off++] = 90;
  }

  private putIsoUs(us: number): void {
    this.putPrefix(this.innerSec, us, true);
    this.putFrac6(us);
    this.buf[this.off++] = 90;
  }

  private putUuid(): void {
    const start = this.off;
    for (let i = 0; i < 4; i++) this.putHex8(this.uuid[i]!);
    const b = this.buf;
    // 32 hex digits → 8-4-4-4-12 with the version and variant nibbles set.
    b.copyWithin(start + 24, start + 20, start + 32);
    b.copyWithin(start + 19, start + 16, start + 20);
    b.copyWithin(start + 14, start + 12, start + 16);
    b.copyWithin(start + 9, start + 8, start + 12);
    b[start + 8] = 45;
    b[start + 13] = 45;
    b[start + 18] = 45;
    b[start + 23] = 45;
    b[start + 14] = 52; // version 4
    b[start + 19] = HEX[8 + this.uuidVariant]!;
    this.off = start + 36;
  }

  private putHex8(v: number): void {
    const b = this.buf;
    const o = this.off;
    for (let i = 7; i >= 0; i--) {
      b[o + i] = HEX[v & 15]!;
      v >>>= 4;
    }
    this.off = o + 8;
  }

  private putDigits(v: number, width: number): void {
    const b = this.buf;
    const o = this.off;
    for (let i = width - 1; i >= 0; i--) {
      b[o + i] = 48 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.off = o + width;
  }

  private putInt(v: number): void {
    let width = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) width++;
    this.putDigits(v, width);
  }

  private putAscii(s: string): void {
    for (let i = 0; i < s.length; i++) this.buf[this.off + i] = s.charCodeAt(i);
    this.off += s.length;
  }
}
