/**
 * Capture-file mutators for fuzzing: each takes a valid capture and a seeded random source and returns
 * a hostile variant (bit flips, truncation at block boundaries, corrupted lengths, swapped/duplicated
 * blocks, absurd caplen, link-type changes, sequence-number chaos).
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

export const MUTATORS: Record<string, Mutator> = {
  bitFlips, truncateAtBoundary, corruptLength, swapOrDuplicateBlocks, changeLinkType, sequenceChaos,
};
