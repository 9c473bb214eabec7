/**
 * Test support: hand-built pcap/pcapng bytes in either byte order, independent of the writers
 * (so round-trip tests are not circular).
 */

export class Bytes {
  private parts: number[] = [];
  constructor(readonly le: boolean) {}

  get length(): number {
    return this.parts.length;
  }
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >>> 8) : this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    const b = [v >>> 24, v >>> 16, v >>> 8, v].map((x) => x & 0xff);
    if (this.le) b.reverse();
    for (const x of b) this.parts.push(x);
    return this;
  }
  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
    return this;
  }
  str(s: string): this {
    return this.bytes(new TextEncoder().encode(s));
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export type Opt = [code: number, value: Uint8Array | string];

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Option list with end marker (none when empty). */
export function options(le: boolean, opts: Opt[]): Uint8Array {
  if (opts.length === 0) return new Uint8Array(0);
  const b = new Bytes(le);
  for (const [code, v] of opts) {
    const val = typeof v === 'string' ? new TextEncoder().encode(v) : v;
    b.u16(code).u16(val.length).bytes(val).pad4();
  }
  return b.u16(0).u16(0).build();
}

/** A generic block: type, total length, body padded to 4, total length. */
export function block(le: boolean, type: number, body: Uint8Array, lengthOverride?: number): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const total = lengthOverride ?? 12 + padded;
  return new Bytes(le).u32(type).u32(total).bytes(body).pad4().u32(total).build();
}

export function shb(le: boolean, opts: Opt[] = [], version: [number, number] = [1, 0]): Uint8Array {
  const body = new Bytes(le).u32(0x1a2b3c4d).u16(version[0]).u16(version[1]).u64(0xffffffffffffffffn).build();
  return block(le, 0x0a0d0d0a, concat(body, options(le, opts)));
}

export function idb(le: boolean, linkType: number, snapLen = 0, opts: Opt[] = []): Uint8Array {
  return block(le, 1, concat(new Bytes(le).u16(linkType).u16(0).u32(snapLen).build(), options(le, opts)));
}

export function epb(
  le: boolean, ifId: number, ts: bigint, data: Uint8Array, opts: Opt[] = [], origLen = data.length, capLen = data.length,
): Uint8Array {
  const b = new Bytes(le).u32(ifId).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).u32(capLen).u32(origLen).bytes(data).pad4();
  return block(le, 6, concat(b.build(), options(le, opts)));
}

export function spb(le: boolean, origLen: number, data: Uint8Array): Uint8Array {
  return block(le, 3, new Bytes(le).u32(origLen).bytes(data).pad4().build());
}

export function u32(le: boolean, ...v: number[]): Uint8Array {
  const b = new Bytes(le);
  for (const x of v) b.u32(x);
  return b.build();
}

export function u64(le: boolean, v: bigint): Uint8Array {
  return new Bytes(le).u64(v).build();
}

export function pcapHeader(le: boolean, magic: number, linkTypeField: number, snapLen = 65535, version: [number, number] = [2, 4]): Uint8Array {
  return new Bytes(le).u32(magic).u16(version[0]).u16(version[1]).u32(0).u32(0).u32(snapLen).u32(linkTypeField).build();
}

export function pcapRecord(le: boolean, sec: number, frac: number, data: Uint8Array, origLen = data.length, capLen = data.length): Uint8Array {
  return new Bytes(le).u32(sec).u32(frac).u32(capLen).u32(origLen).bytes(data).build();
}

/** Deterministic test payload. */
export function payload(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 17) & 0xff;
  return out;
}
