/** A growable little-endian byte builder for the writers (pure: no Node Buffer). */

export class ByteWriter {
  private buf: Uint8Array;
  private dv: DataView;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.dv = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.dv.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.dv.setUint32(this.length, v, true);
    this.length += 4;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.dv.setInt32(this.length, v, true);
    this.length += 4;
    return this;
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.dv.setBigUint64(this.length, v, true);
    this.length += 8;
    return this;
  }

  i64(v: bigint): this {
    this.ensure(8);
    this.dv.setBigInt64(this.length, v, true);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Zero bytes up to the next multiple of 4. */
  pad4(): this {
    const pad = (4 - (this.length & 3)) & 3;
    this.ensure(pad);
    this.buf.fill(0, this.length, this.length + pad);
    this.length += pad;
    return this;
  }

  /** Overwrites a u32 already written (block lengths). */
  setU32(at: number, v: number): this {
    this.dv.setUint32(at, v, true);
    return this;
  }

  /** Starts over, keeping the allocation. */
  reset(): this {
    this.length = 0;
    return this;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Writes one option (code, length, value padded to 4), little-endian. Values over 65535 bytes are refused. */
export function writeOption(w: ByteWriter, code: number, value: Uint8Array): void {
  if (value.length > 0xffff) throw new RangeError(`option ${code} value is ${value.length} bytes (max 65535)`);
  w.u16(code).u16(value.length).bytes(value).pad4();
}
