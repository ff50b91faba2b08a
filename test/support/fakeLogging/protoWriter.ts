/**
 * A minimal protobuf wire-format writer. Encoding a million LogEntries through protobufjs's
 * `fromObject` + `encode` takes about a minute; writing the bytes directly takes seconds.
 * Correctness is pinned by a test that decodes both encodings of every corpus entry with the
 * API's own descriptors and compares them.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

export class ProtoWriter {
  private buf = Buffer.allocUnsafe(1024);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** Unsigned varint of a non-negative safe integer, or a negative one as 64-bit two's complement. */
  private varint(n: number): void {
    if (n < 0) return this.bigVarint(BigInt.asUintN(64, BigInt(n)));
    this.ensure(10);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.pos++] = n;
  }

  private bigVarint(n: bigint): void {
    this.ensure(10);
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  string(field: number, s: string | undefined): this {
    if (s === undefined) return this;
    this.tag(field, WIRE_LEN);
    if (s.length < 128 && this.asciiShort(s)) return this;
    const len = Buffer.byteLength(s, 'utf8');
    this.varint(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, len, 'utf8');
    return this;
  }

  /**
   * Most strings in log entries are short ASCII (ids, labels, URLs); copying them in JS beats
   * the native call per string. Returns false, having written nothing, for anything else.
   */
  private asciiShort(s: string): boolean {
    const n = s.length;
    this.ensure(n + 1);
    const buf = this.buf;
    let p = this.pos + 1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return false;
      buf[p++] = c;
    }
    buf[this.pos] = n; // n < 128: a one-byte length
    this.pos = p;
    return true;
  }

  /** int32, int64 (as a decimal string when beyond 2^53), enum and bool fields. */
  int(field: number, v: number | string | boolean | undefined): this {
    if (v === undefined) return this;
    this.tag(field, WIRE_VARINT);
    if (typeof v === 'boolean') this.varint(v ? 1 : 0);
    else if (typeof v === 'string' && !Number.isSafeInteger(Number(v))) this.bigVarint(BigInt.asUintN(64, BigInt(v)));
    else this.varint(Number(v));
    return this;
  }

  double(field: number, v: number): this {
    this.tag(field, WIRE_FIXED64);
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** A length-delimited sub-message written by `body`. Lengths under 128 need no move. */
  message(field: number, body: (w: this) => void): this {
    this.tag(field, WIRE_LEN);
    this.ensure(1);
    const start = ++this.pos; // one byte reserved for the length
    body(this);
    const len = this.pos - start;
    if (len >= 0x80) {
      let extra = 0;
      for (let n = len; n >= 0x80; n = Math.floor(n / 0x80)) extra++;
      this.ensure(extra);
      this.buf.copyWithin(start + extra, start, this.pos);
      this.pos += extra;
    }
    let p = start - 1;
    let n = len;
    while (n >= 0x80) {
      this.buf[p++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[p] = n;
    return this;
  }

  /** map<string, string>: one entry message {key = 1, value = 2} per pair. */
  stringMap(field: number, m: Readonly<Record<string, string>> | undefined): this {
    if (!m) return this;
    for (const k in m) this.message(field, (w) => w.string(1, k).string(2, m[k]));
    return this;
  }

  /** A copy of the bytes written (the writer's buffer is reused). */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  reset(): this {
    this.pos = 0;
    return this;
  }
}
