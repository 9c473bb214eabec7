/**
 * Capture-file mutators for fuzzing: each takes a valid capture and a seeded random source and returns
 * a hostile variant (bit flips, truncation at block boundaries, corrupted lengths, swapped/duplicated
 * blocks, absurd option lengths, huge caplen, link-type changes, fragment floods, sequence-number chaos).
 */

/** Small, fast, seedable PRNG (mulberry32) so every failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: () => number, n: number) => Math.floor(r() * n);

/** Offsets of records/blocks in a pcap or little/big-endian pcapng file (best effort on valid input). */
export function recordOffsets(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  if (b.length < 24) return out;
  const magic = dv.getUint32(0, true);
  if (magic === 0x0a0d0d0a) {
    const le = dv.getUint32(8, true) === 0x1a2b3c4d;
    let p = 0;
    while (p + 12 <= b.length && out.length < 100_000) {
      out.push(p);
      const len = dv.getUint32(p + 4, le);
      if (len < 12 || len % 4 !== 0) break;
      p += len;
    }
    return out;
  }
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const rec = magic === 0xa1b2cd34 || magic === 0x34cdb2a1 ? 24 : 16;
  let p = 24;
  while (p + rec <= b.length && out.length < 100_000) {
    out.push(p);
    p += rec + dv.getUint32(p + 8, le);
  }
  return out;
}

export type Mutator = (input: Uint8Array, r: () => number) => Uint8Array;

const bitFlips: Mutator = (input, r) => {
  const out = input.slice();
  if (out.length === 0) return out;
  const flips = 1 + int(r, 16);
  for (let i = 0; i < flips; i++) out[int(r, out.length)] ^= 1 << int(r, 8);
  return out;
};

const truncateAtBoundary: Mutator = (input, r) => {
  const offs = recordOffsets(input);
  const at = offs.length ? offs[int(r, offs.length)] + int(r, 24) : int(r, input.length);
  return input.slice(0, Math.min(at, input.length));
};

const corruptLength: Mutator = (input, r) => {
  const out = input.slice();
  const offs = recordOffsets(out);
  if (!offs.length) return bitFlips(input, r);
  const p = offs[int(r, offs.length)];
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const where = p + [4, 8, 12, 20][int(r, 4)];
  if (where + 4 <= out.length) {
    const values = [0, 1, 3, 0x7fffffff, 0xffffffff, 0x40000, 65536 + int(r, 300_000), dv.getUint32(where, true) + 1 + int(r, 7)];
    dv.setUint32(where, values[int(r, values.length)] >>> 0, r() < 0.5);
  }
  return out;
};

const swapOrDuplicateBlocks: Mutator = (input, r) => {
  const offs = recordOffsets(input);
  if (offs.length < 3) return bitFlips(input, r);
  const bounds = [...offs, input.length];
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < offs.length; i++) pieces.push(input.subarray(bounds[i], bounds[i + 1]));
  const i = 1 + int(r, pieces.length - 1);
  const j = 1 + int(r, pieces.length - 1);
  if (r() < 0.5) [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
  else pieces.splice(i, 0, pieces[j]);
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of pieces) { out.set(p, o); o += p.length; }
  return out;
};

const changeLinkType: Mutator = (input, r) => {
  if (input.length < 24) return bitFlips(input, r);
  const out = input.slice();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const types = [0, 1, 101, 108, 113, 228, 229, 276, 160, 4242, 0xffff];
  if (dv.getUint32(0, true) === 0x0a0d0d0a) {
    // IDB link type lives 8 bytes into the block; find the first IDB.
    for (const p of recordOffsets(out)) {
      if (p + 10 <= out.length && dv.getUint32(p, true) === 1) { dv.setUint16(p + 8, types[int(r, types.length)], true); break; }
    }
  } else if (out.length >= 24) {
    dv.setUint32(20, types[int(r, types.length)], true);
  }
  return out;
};

/** Rewrites bytes where TCP sequence numbers usually sit in Ethernet/IPv4 frames. */
const sequenceChaos: Mutator = (input, r) => {
  const out = input.slice();
  const offs = recordOffsets(out);
  for (let k = 0; k < Math.min(offs.length, 50); k++) {
    const p = offs[int(r, offs.length)] + (out[0] === 0x0a ? 28 : 16) + 14 + 20 + 4;
    for (let i = 0; i < 8 && p + i < out.length; i++) out[p + i] = int(r, 256);
  }
  return out;
};


/** Sets a record's captured length (pcap incl_len, pcapng EPB caplen) far beyond the snap length or the block. */
const hugeCaplen: Mutator = (input, r) => {
  const out = input.slice();
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const ng = out.length >= 12 && dv.getUint32(0, true) === 0x0a0d0d0a;
  const le = ng ? dv.getUint32(8, true) === 0x1a2b3c4d : out.length >= 4 && (dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d);
  // pcapng: only enhanced packet blocks carry a captured length.
  const offs = recordOffsets(input).filter((p) => !ng || (p + 24 <= out.length && dv.getUint32(p, le) === 6));
  if (!offs.length) return bitFlips(input, r);
  const values = [0x7fffffff, 0xffffffff, 0x10000000, 262_145, 65_536 + int(r, 1 << 20)];
  for (let k = 0; k < 1 + int(r, 3); k++) {
    const p = offs[int(r, offs.length)];
    const where = ng ? p + 20 : p + 8;
    if (where + 8 <= out.length) {
      dv.setUint32(where, values[int(r, values.length)] >>> 0, le);
      if (r() < 0.5) dv.setUint32(where + 4, values[int(r, values.length)] >>> 0, le);
    }
  }
  return out;
};

/** Where a pcapng block's options start (SHB, IDB, EPB, ISB), or -1 for blocks without options. */
function optionsStart(dv: DataView, p: number, le: boolean): number {
  const type = dv.getUint32(p, le);
  if (type === 0x0a0d0d0a) return p + 24;
  if (type === 1) return p + 16;
  if (type === 5) return p + 20;
  if (type === 6 && p + 24 <= dv.byteLength) return p + 28 + ((dv.getUint32(p + 20, le) + 3) & ~3);
  return -1;
}

/** pcapng: an option whose length runs past its block (an existing one rewritten, or one inserted). */
const absurdOptionLength: Mutator = (input, r) => {
  if (input.length < 28) return bitFlips(input, r);
  const dv0 = new DataView(input.buffer, input.byteOffset, input.byteLength);
  if (dv0.getUint32(0, true) !== 0x0a0d0d0a) return corruptLength(input, r);
  const le = dv0.getUint32(8, true) === 0x1a2b3c4d;
  const offs = recordOffsets(input).filter((p) => p + 12 <= input.length && optionsStart(dv0, p, le) >= 0);
  if (!offs.length) return bitFlips(input, r);
  const p = offs[int(r, offs.length)];
  const blockLen = dv0.getUint32(p + 4, le);
  const end = p + blockLen - 4;
  const opt = optionsStart(dv0, p, le);
  const lengths = [0xffff, 0xfffc, blockLen, blockLen + 1, 3 + 4 * int(r, 64), 0x8000 + int(r, 0x8000)];
  const code = [1, 2, 3, 9, 0x8000, 0xffff, 0][int(r, 7)];
  if (opt + 4 <= end && end <= input.length) {
    const out = input.slice();
    const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
    if (r() < 0.5) dv.setUint16(opt, code, le);
    dv.setUint16(opt + 2, lengths[int(r, lengths.length)], le);
    return out;
  }
  // No options yet: insert one option header (4 bytes) and keep the block's two length fields in step.
  const at = Math.min(Math.max(opt, p + 12), input.length, Math.max(p + 12, end));
  const out = new Uint8Array(input.length + 4);
  out.set(input.subarray(0, at), 0);
  out.set(input.subarray(at), at + 4);
  const dv = new DataView(out.buffer);
  dv.setUint16(at, code, le);
  dv.setUint16(at + 2, lengths[int(r, lengths.length)], le);
  dv.setUint32(p + 4, blockLen + 4, le);
  if (p + blockLen + 4 <= out.length) dv.setUint32(p + blockLen, blockLen + 4, le);
  return out;
};

/** The file's record format, to append records to it (classic pcap with 16-byte records, or pcapng). */
function recordWriter(input: Uint8Array): ((frame: Uint8Array, ts: number) => Uint8Array) | null {
  if (input.length < 24) return null;
  const dv = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic === 0x0a0d0d0a) {
    const le = dv.getUint32(8, true) === 0x1a2b3c4d;
    return (frame, ts) => {
      const len = 32 + ((frame.length + 3) & ~3);
      const b = new Uint8Array(len);
      const w = new DataView(b.buffer);
      w.setUint32(0, 6, le); w.setUint32(4, len, le); w.setUint32(8, 0, le);
      w.setUint32(12, 0, le); w.setUint32(16, ts, le);
      w.setUint32(20, frame.length, le); w.setUint32(24, frame.length, le);
      b.set(frame, 28);
      w.setUint32(len - 4, len, le);
      return b;
    };
  }
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && magic !== 0xd4c3b2a1 && magic !== 0x4d3cb2a1) return null;
  return (frame, ts) => {
    const b = new Uint8Array(16 + frame.length);
    const w = new DataView(b.buffer);
    w.setUint32(0, 1_700_000_000 + (ts >>> 10), le); w.setUint32(4, ts & 1023, le);
    w.setUint32(8, frame.length, le); w.setUint32(12, frame.length, le);
    b.set(frame, 16);
    return b;
  };
}

/**
 * Appends hundreds to thousands of Ethernet IPv4/IPv6 fragments: a few datagram ids, overlapping
 * and duplicate offsets, offsets up to the 65,535-byte limit and past it, missing last fragments.
 */
const fragmentFlood: Mutator = (input, r) => {
  const write = recordWriter(input);
  if (!write) return bitFlips(input, r);
  const records: Uint8Array[] = [input];
  const count = 100 + int(r, 1500);
  const ids = [int(r, 65536), int(r, 65536), int(r, 65536)];
  const proto = [6, 17, 1, 58][int(r, 4)];
  for (let k = 0; k < count; k++) {
    const v6 = r() < 0.2;
    const payload = 8 * (1 + int(r, 8));
    const fragUnits = r() < 0.1 ? 8191 - int(r, 8) : int(r, 64);
    const more = r() < 0.85 ? 1 : 0;
    const id = ids[int(r, ids.length)];
    const ipLen = v6 ? 40 + 8 + payload : 20 + payload;
    const f = new Uint8Array(14 + ipLen);
    const w = new DataView(f.buffer);
    f.fill(0x02, 0, 12);
    w.setUint16(12, v6 ? 0x86dd : 0x0800);
    if (v6) {
      w.setUint32(14, 0x60000000); w.setUint16(18, 8 + payload); f[20] = 44; f[21] = 64;
      f[22 + 15] = 1; f[38 + 15] = 2;
      f[54] = proto; w.setUint16(56, (fragUnits << 3) | more); w.setUint32(58, id);
    } else {
      f[14] = 0x45; w.setUint16(16, ipLen); w.setUint16(18, id); w.setUint16(20, (more << 13) | fragUnits);
      f[22] = 64; f[23] = proto; f.set([10, 0, 0, 1, 10, 0, 0, 2], 26);
    }
    for (let i = f.length - payload; i < f.length; i++) f[i] = int(r, 256);
    records.push(write(f, k));
  }
  const out = new Uint8Array(records.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of records) { out.set(b, o); o += b.length; }
  return out;
};

export const MUTATORS: Record<string, Mutator> = {
  bitFlips, truncateAtBoundary, corruptLength, swapOrDuplicateBlocks, changeLinkType, sequenceChaos, hugeCaplen, absurdOptionLength,
  fragmentFlood,
};
