/**
 * Randomised impairment: two byte streams cut into random segments, then reordered, duplicated,
 * retransmitted over wider ranges, delayed or lost. Whatever happens, the delivered bytes must be the
 * original ones, and every byte that never arrived must be inside a recorded gap of the right size.
 * (The same generator, written as pcaps, was checked against tshark 4.0.17's Follow output: equal.)
 */
import { describe, expect, it } from 'vitest';
import { Conv, Recorder } from '../../testing/tcp-builder.js';
import { TcpReassembler } from './tcp-reassembler.js';

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Side = 'a' | 'b';
interface Seg { side: Side; from: number; to: number }

function scenario(seed: number, permanentLoss: boolean) {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const data = { a: Uint8Array.from({ length: int(1, 20000) }, () => int(0, 255)), b: Uint8Array.from({ length: int(1, 30000) }, () => int(0, 255)) };
  const isn = { a: int(0, 2 ** 32 - 1), b: int(0, 2 ** 32 - 1) };
  const cut = (side: Side): Seg[] => {
    const out: Seg[] = [];
    for (let o = 0; o < data[side].length;) {
      const n = int(1, 1400);
      out.push({ side, from: o, to: Math.min(data[side].length, o + n) });
      o += n;
    }
    return out;
  };
  // Interleave the two directions, keeping each in order before impairment.
  const qa = cut('a'), qb = cut('b');
  const order: Seg[] = [];
  while (qa.length || qb.length) order.push((qb.length === 0 || (qa.length && rnd() < 0.5) ? qa : qb).shift()!);
  const received = { a: new Uint8Array(data.a.length), b: new Uint8Array(data.b.length) };
  const lost: Seg[] = [];
  const out: Seg[] = [];
  const held: Seg[] = [];
  for (const s of order) {
    const r = rnd();
    if (permanentLoss && r < 0.04) { // the receiver got it, the capture did not
      received[s.side].fill(1, s.from, s.to);
      lost.push(s);
      continue;
    }
    if (r < 0.08) { held.push(s); continue; } // delayed: arrives (retransmitted) later
    out.push(s);
    if (rnd() < 0.05) out.push(s);
    if (rnd() < 0.05) out.push({ side: s.side, from: Math.max(0, s.from - int(0, 500)), to: s.to });
    if (rnd() < 0.1 && out.length > 1) out.push(out.splice(out.length - 2, 1)[0]);
    if (held.length && rnd() < 0.3) out.push(held.shift()!);
  }
  out.push(...held);
  return { data, isn, out, lost, received, rnd };
}

function run(seed: number, permanentLoss: boolean) {
  const { data, isn, out, lost, received, rnd } = scenario(seed, permanentLoss);
  const rec = new Recorder();
  const r = new TcpReassembler(rec);
  const c = new Conv();
  const other = (s: Side): Side => (s === 'a' ? 'b' : 'a');
  const contiguous = (s: Side): number => {
    const got = received[s];
    let i = 0;
    while (i < got.length && got[i]) i++;
    return i;
  };
  r.segment(c.seg('a', { seq: isn.a, flags: 'S' }));
  r.segment(c.seg('b', { seq: isn.b, ack: isn.a + 1, flags: 'SA' }));
  for (const s of out) {
    received[s.side].fill(1, s.from, s.to);
    const o = other(s.side);
    r.segment(c.seg(s.side, { seq: isn[s.side] + 1 + s.from, ack: isn[o] + 1 + contiguous(o), flags: 'PA', data: data[s.side].subarray(s.from, s.to) }));
    if (rnd() < 0.5) r.segment(c.seg(o, { seq: isn[o] + 1 + contiguous(o), ack: isn[s.side] + 1 + contiguous(s.side) }));
  }
  r.end();
  return { rec, data, lost };
}

describe('randomised impairment', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i: reordering, duplicates, overlapping retransmissions, delays', (seed) => {
    const { rec, data } = run(seed, false);
    const s = rec.get(0);
    expect(Buffer.from(rec.bytes(0, 0)).equals(Buffer.from(data.a))).toBe(true);
    expect(Buffer.from(rec.bytes(0, 1)).equals(Buffer.from(data.b))).toBe(true);
    expect(s.gaps).toEqual([[], []]);
    expect(s.conflicts).toEqual([[], []]);
  });

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i: with permanent loss, every missing byte is in a gap and the rest is intact', (seed) => {
    const { rec, data, lost } = run(seed, true);
    const s = rec.get(0);
    for (const [dir, side] of [[0, 'a'], [1, 'b']] as const) {
      const truth = data[side];
      const seen = new Uint8Array(truth.length);
      for (const ch of s.chunks[dir]) {
        expect(Buffer.from(ch.bytes).equals(Buffer.from(truth.subarray(ch.offset, ch.offset + ch.bytes.length)))).toBe(true);
        seen.fill(1, ch.offset, ch.offset + ch.bytes.length);
      }
      const inGap = new Uint8Array(truth.length);
      for (const g of s.gaps[dir]) inGap.fill(1, g.offset, g.offset + g.length);
      const lostBytes = new Uint8Array(truth.length);
      for (const l of lost.filter((x) => x.side === side)) lostBytes.fill(1, l.from, l.to);
      for (let i = 0; i < truth.length; i++) {
        // A byte is delivered exactly when it was captured; otherwise a gap covers it.
        if (seen[i] === lostBytes[i] || seen[i] === inGap[i]) throw new Error(`dir ${dir} byte ${i}: seen ${seen[i]} lost ${lostBytes[i]} gap ${inGap[i]}`);
      }
    }
  });
});
