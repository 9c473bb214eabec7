/** IPv4/IPv6 defragmentation: order, duplicates, first-wins overlaps, limits and expiry. */
import { describe, expect, it } from 'vitest';
import { IpDefragmenter } from './defragmenter.js';
import type { FragmentInput, IncompleteDatagram } from './types.js';

const V4 = new Uint8Array([192, 168, 0, 1, 192, 168, 0, 2]);
const V6 = new Uint8Array(32).map((_, i) => (i === 15 ? 1 : i === 31 ? 2 : i < 2 || (i >= 16 && i < 18) ? 0xfe : 0));

let frame = 0;
function frag(offset: number, data: number[] | Uint8Array, more: boolean, o: Partial<FragmentInput> = {}): FragmentInput {
  frame++;
  return {
    family: 4, addrs: V4, srcOffset: 0, dstOffset: 4, protocol: 17, id: 7, offset, more,
    data: data instanceof Uint8Array ? data : Uint8Array.from(data), frame, tsNs: BigInt(frame) * 1_000_000n, ...o,
  };
}

const range = (start: number, n: number): number[] => Array.from({ length: n }, (_, i) => (start + i) & 255);

function setup(opts = {}): { d: IpDefragmenter; lost: IncompleteDatagram[] } {
  frame = 0;
  const lost: IncompleteDatagram[] = [];
  return { d: new IpDefragmenter(opts, (x) => lost.push(x)), lost };
}

describe('IpDefragmenter', () => {
  it('reassembles in order and reports the completing frame', () => {
    const { d } = setup();
    expect(d.add(frag(0, range(0, 8), true)).kind).toBe('pending');
    expect(d.add(frag(8, range(8, 8), true)).kind).toBe('pending');
    const r = d.add(frag(16, range(16, 4), false));
    expect(r.kind).toBe('complete');
    if (r.kind !== 'complete') return;
    expect([...r.datagram.payload]).toEqual(range(0, 20));
    expect(r.datagram.completedIn).toBe(3);
    expect(r.datagram.fragmentFrames).toEqual([1, 2, 3]);
    expect(r.datagram).toMatchObject({ src: '192.168.0.1', dst: '192.168.0.2', protocol: 17, id: 7, overlap: false, conflict: false });
    expect(d.pendingDatagrams()).toBe(0);
    expect(d.pendingBytes()).toBe(0);
  });

  it('reassembles out of order; fragment frames are listed in offset order', () => {
    const { d } = setup();
    d.add(frag(16, range(16, 4), false));
    d.add(frag(0, range(0, 8), true));
    const r = d.add(frag(8, range(8, 8), true));
    expect(r.kind === 'complete' && [...r.datagram.payload]).toEqual(range(0, 20));
    expect(r.kind === 'complete' && r.datagram.fragmentFrames).toEqual([2, 3, 1]);
  });

  it('flags duplicates as overlap without conflict and lists them (arrival order for equal offsets)', () => {
    const { d } = setup();
    d.add(frag(0, range(0, 8), true));
    d.add(frag(0, range(0, 8), true));
    const r = d.add(frag(8, range(8, 8), false));
    expect(r.kind === 'complete' && r.datagram).toMatchObject({ overlap: true, conflict: false, fragmentFrames: [1, 2, 3] });
  });

  it('keeps the first copy of overlapping bytes and records the conflict', () => {
    const { d } = setup();
    d.add(frag(0, range(0, 16), true)); // frame 1
    d.add(frag(8, [...range(8, 4), 99, 98, ...range(14, 2)], true)); // frame 2 disagrees at 12..13
    const r = d.add(frag(16, range(16, 8), false));
    if (r.kind !== 'complete') throw new Error('not complete');
    expect([...r.datagram.payload]).toEqual(range(0, 24));
    expect(r.datagram.conflict).toBe(true);
    expect(r.datagram.conflicts).toEqual([{ offset: 12, length: 2, keptFrame: 1, discardedFrame: 2 }]);
  });

  it('keys by protocol and id for IPv4, and by address pair', () => {
    const { d } = setup();
    d.add(frag(0, range(0, 8), true, { protocol: 6 }));
    d.add(frag(0, range(0, 8), true, { id: 8 }));
    expect(d.pendingDatagrams()).toBe(2);
    expect(d.add(frag(8, range(8, 8), false, { protocol: 6 })).kind).toBe('complete');
    expect(d.add(frag(8, range(8, 8), false, { dstOffset: 0, srcOffset: 4, id: 8 })).kind).toBe('pending');
  });

  it('reassembles IPv6 fragments (ident as key, next header from the fragment header)', () => {
    const { d } = setup();
    const v6 = { family: 6 as const, addrs: V6, srcOffset: 0, dstOffset: 16, protocol: 58, id: 0x12345678 };
    d.add(frag(8, range(8, 8), false, v6));
    const r = d.add(frag(0, range(0, 8), true, v6));
    expect(r.kind === 'complete' && r.datagram).toMatchObject({ family: 6, src: 'fefe::1', dst: 'fefe::2', protocol: 58, id: 0x12345678 });
  });

  it('completes an atomic fragment (offset 0, no more fragments) at once', () => {
    const { d } = setup();
    expect(d.add(frag(0, range(0, 8), false)).kind).toBe('complete');
  });

  it('rejects datagrams larger than 65,535 bytes and records the group', () => {
    const { d, lost } = setup();
    d.add(frag(0, range(0, 8), true));
    expect(d.add(frag(65528, range(0, 16), false))).toEqual({ kind: 'rejected', reason: 'too-large' });
    expect(lost.map((x) => x.reason)).toEqual(['too-large']);
    expect(d.pendingDatagrams()).toBe(0);
  });

  it('gives up a datagram whose last fragments disagree on its length', () => {
    const { d, lost } = setup();
    d.add(frag(8, range(8, 8), false));
    expect(d.add(frag(8, range(8, 16), false)).kind).toBe('rejected');
    expect(lost[0]).toMatchObject({ reason: 'inconsistent-tail', fragmentFrames: [1, 2] });
  });

  it('drops the excess of a fragment past the declared end', () => {
    const { d } = setup();
    d.add(frag(8, range(8, 8), false));
    const r = d.add(frag(0, range(0, 24), true));
    expect(r.kind === 'complete' && r.datagram.tooLongFragments).toEqual([2]);
    expect(r.kind === 'complete' && r.datagram.payload.length).toBe(16);
  });

  it('expires incomplete datagrams in capture time and records them', () => {
    const { d, lost } = setup({ timeoutNs: 5_000_000n });
    d.add(frag(0, range(0, 8), true));
    d.add(frag(0, range(0, 8), true, { id: 9, tsNs: 100_000_000n }));
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ reason: 'timeout', id: 7, fragmentFrames: [1], receivedBytes: 8, declaredLength: -1, firstFrame: 1, lastFrame: 1 });
  });

  it('keeps at most maxPendingDatagrams and maxPendingBytes, giving up the oldest', () => {
    const { d, lost } = setup({ maxPendingDatagrams: 3, maxPendingBytes: 1000 });
    for (let id = 0; id < 10; id++) d.add(frag(0, range(0, 8), true, { id }));
    expect(d.pendingDatagrams()).toBe(3);
    expect(lost.map((x) => x.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(lost.every((x) => x.reason === 'datagrams')).toBe(true);
    d.add(frag(0, new Uint8Array(2000), true, { id: 100 }));
    expect(d.pendingBytes()).toBeLessThanOrEqual(1000);
    expect(lost.at(-1)!.reason).toBe('memory');
  });

  it('reports every pending datagram at flush()', () => {
    const { d, lost } = setup();
    d.add(frag(0, range(0, 8), true));
    d.add(frag(16, range(16, 8), false));
    d.flush();
    expect(lost).toEqual([expect.objectContaining({ reason: 'end', receivedBytes: 16, declaredLength: 24, fragmentFrames: [1, 2] })]);
  });

  it('starts a new group for fragments that arrive after completion', () => {
    const { d } = setup();
    d.add(frag(0, range(0, 8), true));
    d.add(frag(8, range(8, 8), false));
    expect(d.add(frag(8, range(8, 8), false)).kind).toBe('pending');
    expect(d.pendingDatagrams()).toBe(1);
  });
});
