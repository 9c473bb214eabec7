/**
 * TCP reassembly scenarios. The first group follows gopacket's reassembly tests (see
 * shared/corpus/GOPACKET_CASES.md), adapted where our documented contract differs: a direction starts
 * at its first segment (tshark's Follow does the same), overlaps are first-wins everywhere (gopacket
 * lets the last buffered arrival win) and every differing overlap is reported.
 */
import { describe, expect, it } from 'vitest';
import { Conv, Recorder, seqBytes } from '../../testing/tcp-builder.js';
import { seqDiff } from '../seq.js';
import { TcpReassembler } from './tcp-reassembler.js';
import { Analysis, type TcpReassemblyOptions } from './types.js';

function setup(options: TcpReassemblyOptions = {}): { r: TcpReassembler; rec: Recorder; c: Conv } {
  const rec = new Recorder();
  return { r: new TcpReassembler(rec, options), rec, c: new Conv() };
}

describe('ordering and gaps (gopacket TestReorder, TestReorderFast, TestMaxPerSkip)', () => {
  it('delivers in-order data at once, with stream offsets from the SYN', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 999, flags: 'S' }));
    r.segment(c.seg('a', { seq: 1000, data: [1, 2, 3] }));
    r.segment(c.seg('a', { seq: 1003, data: [4, 5] }));
    expect(rec.get(0).chunks[0]).toEqual([{ offset: 0, bytes: [1, 2, 3], frame: 2 }, { offset: 3, bytes: [4, 5], frame: 3 }]);
    expect(r.bufferedBytes()).toBe(0);
  });

  it('buffers segments behind a hole and releases them in order when it fills (no SYN: starts at the first byte)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1001, data: [1, 2, 3] }));
    r.segment(c.seg('a', { seq: 1004, data: [2, 2, 3] }));
    const late = r.segment(c.seg('a', { seq: 1010, data: [10, 11] }));
    expect(late.flags & Analysis.OUT_OF_ORDER).toBeTruthy();
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 2, 2, 3]);
    const fill = r.segment(c.seg('a', { seq: 1007, data: [6, 6, 6] }));
    expect(fill.flags & Analysis.FILLS_HOLE).toBeTruthy();
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 2, 2, 3, 6, 6, 6, 10, 11]);
    expect(rec.get(0).info.midStream).toBe(true);
    // Second round: 1016, 1019 wait for 1013.
    r.segment(c.seg('a', { seq: 1016, data: [16] }));
    r.segment(c.seg('a', { seq: 1019, data: [19] }));
    expect(rec.bytes(0, 0)).toHaveLength(11);
    r.segment(c.seg('a', { seq: 1012, data: [12, 13, 14, 15] }));
    r.segment(c.seg('a', { seq: 1017, data: [17, 18] }));
    expect(rec.bytes(0, 0).slice(11)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
    expect(rec.get(0).gaps[0]).toEqual([]);
  });

  it('fills a one-segment hole fast (TestReorderFast)', () => {
    const { r, rec, c } = setup();
    // The SYN's 3 bytes occupy 1001..1003; the next segment comes 3 bytes ahead.
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: [1, 2, 3] }));
    r.segment(c.seg('a', { seq: 1007, data: [7, 8, 9] }));
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3]);
    r.segment(c.seg('a', { seq: 1004, data: [4, 5, 6] }));
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rec.get(0).chunks[0].map((x) => [x.offset, x.frame])).toEqual([[0, 1], [3, 3], [6, 2]]);
  });

  it('gives up a hole of exact size when the per-connection cap is reached (TestMaxPerSkip)', () => {
    // Four buffered 3-byte pieces cost 4 * (3 + 64); the cap allows three.
    const { r, rec, c } = setup({ maxBufferedBytesPerConnection: 3 * 67 });
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: [1, 2, 3] }));
    expect(rec.get(0).chunks[0]).toEqual([{ offset: 0, bytes: [1, 2, 3], frame: 1 }]);
    for (const s of [1007, 1010, 1013]) r.segment(c.seg('a', { seq: s, data: seqBytes(s, 3) }));
    expect(rec.get(0).gaps[0]).toEqual([]);
    r.segment(c.seg('a', { seq: 1016, data: seqBytes(1016, 3) }));
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 3, length: 3, reason: 'buffer-limit', frameAfter: 2 }]);
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, ...seqBytes(1007, 12)]);
    expect(rec.lateFlags.get(2)! & Analysis.GAP_BEFORE).toBeTruthy();
    expect(r.bufferedBytes()).toBe(0);
  });

  it('delivers a large segment that arrived before the SYN (TestCacheLargePacket; the direction starts at it)', () => {
    const { r, rec, c } = setup();
    const big = seqBytes(0, 5700);
    r.segment(c.seg('a', { seq: 1001, data: big }));
    r.segment(c.seg('a', { seq: 1000, flags: 'S' }));
    expect(rec.bytes(0, 0)).toEqual(big);
    expect(rec.get(0).chunks[0][0].offset).toBe(0);
  });
});

describe('overlaps and retransmissions (first copy wins)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('delivers only the new bytes of overlapping segments (TestOverlap)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: ten }));
    const v = r.segment(c.seg('a', { seq: 1007, data: [7, 8, 9, 10, 11, 12, 13, 14, 15] }));
    expect(v.flags & Analysis.RETRANSMISSION).toBeTruthy();
    r.segment(c.seg('a', { seq: 1010, data: [10, 11, 12, 13, 14, 15, 16, 17] }));
    expect(rec.get(0).chunks[0].map((x) => x.bytes)).toEqual([ten, [11, 12, 13, 14, 15], [16, 17]]);
    expect(rec.get(0).conflicts[0]).toEqual([]);
  });

  it('trims overlaps while draining the buffer (TestBufferedOverlap1)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S' }));
    r.segment(c.seg('a', { seq: 1007, data: [7, 8, 9, 10, 11, 12, 13, 14, 15] }));
    r.segment(c.seg('a', { seq: 1010, data: [10, 11, 12, 13, 14, 15, 16, 17] }));
    expect(rec.bytes(0, 0)).toEqual([]);
    r.segment(c.seg('a', { seq: 1001, data: ten }));
    expect(rec.bytes(0, 0)).toEqual([...ten, 11, 12, 13, 14, 15, 16, 17]);
    expect(rec.get(0).conflicts[0]).toEqual([]);
  });

  it('keeps the first buffered copy and reports the conflicting later one (TestBufferedOverlapCase6, first-wins)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S' }));
    r.segment(c.seg('a', { seq: 1007, data: [7, 8, 9, 10, 11] })); // frame 2
    const v = r.segment(c.seg('a', { seq: 1007, data: [17, 18, 19, 20] })); // frame 3 disagrees
    expect(v.flags & Analysis.CONFLICT).toBeTruthy();
    expect(rec.get(0).conflicts[0]).toEqual([{ offset: 6, length: 4, frame: 3, keptFrame: 2 }]);
    r.segment(c.seg('a', { seq: 1001, data: [1, 2, 3, 4, 5, 6] }));
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('delivers only the part past the end of delivered data (TestBufferedOverlapExisting)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: [1, 2, 3, 4, 5] }));
    r.segment(c.seg('a', { seq: 1003, data: [3, 4, 5, 6, 7] }));
    expect(rec.get(0).chunks[0].map((x) => x.bytes)).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
  });

  it('delivers nothing for a retransmission inside delivered data, flagged duplicate (TestBufferedOverlapReemit)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: ten }));
    const v = r.segment(c.seg('a', { seq: 1003, data: [3, 4, 5] }));
    expect(v.flags & (Analysis.RETRANSMISSION | Analysis.DUPLICATE)).toBe(Analysis.RETRANSMISSION | Analysis.DUPLICATE);
    expect(rec.get(0).chunks[0]).toHaveLength(1);
  });

  it('reports a retransmission whose bytes differ from what was delivered, keeping the first copy', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: ten }));
    const v = r.segment(c.seg('a', { seq: 1004, data: [4, 5, 99, 7, 98, 9, 10, 11, 12] }));
    expect(v.flags & Analysis.CONFLICT).toBeTruthy();
    expect(v.flags & Analysis.DUPLICATE).toBe(0);
    expect(rec.get(0).conflicts[0]).toEqual([{ offset: 5, length: 3, frame: 2, keptFrame: -1 }]);
    expect(rec.bytes(0, 0)).toEqual([...ten, 11, 12]);
    expect(rec.get(0).info.conflicts).toEqual([1, 0]);
  });

  it('drops a duplicate and cuts a late overlapping segment to its new head (TestReorderRetransmission2)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1001, data: [1, 2, 3] }));
    r.segment(c.seg('a', { seq: 1007, data: [6, 6, 6] }));
    const dup = r.segment(c.seg('a', { seq: 1007, data: [6, 6, 6] }));
    expect(dup.flags & Analysis.RETRANSMISSION).toBeTruthy();
    r.segment(c.seg('a', { seq: 1010, data: [10, 11] }));
    r.segment(c.seg('a', { seq: 1004, data: [2, 2, 3, 6, 6] }));
    expect(rec.get(0).chunks[0].map((x) => x.bytes)).toEqual([[1, 2, 3], [2, 2, 3], [6, 6, 6], [10, 11]]);
    expect(rec.get(0).conflicts[0]).toEqual([]);
  });

  it('does not treat keep-alives as data (1 byte at next-1, any content)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: [1, 2, 3] }));
    const ka = r.segment(c.seg('a', { seq: 1003, data: [0] }));
    expect(ka.flags).toBe(Analysis.KEEP_ALIVE);
    const ka0 = r.segment(c.seg('a', { seq: 1003 }));
    expect(ka0.flags).toBe(Analysis.KEEP_ALIVE);
    expect(rec.get(0).conflicts[0]).toEqual([]);
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3]);
  });

  it('flags a zero-window probe and delivers its byte (it is the next stream byte)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S', data: [1, 2] }));
    r.segment(c.seg('b', { seq: 5000, ack: 1003, window: 0 }));
    const p = r.segment(c.seg('a', { seq: 1003, data: [3] }));
    expect(p.flags & Analysis.ZERO_WINDOW_PROBE).toBeTruthy();
    r.segment(c.seg('b', { seq: 5000, ack: 1003, window: 1000 }));
    const again = r.segment(c.seg('a', { seq: 1003, data: [3, 4] }));
    expect(again.flags & Analysis.ZERO_WINDOW_PROBE).toBe(0);
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 4]);
  });

  it('counts data on a SYN (TCP Fast Open) and on a SYN/ACK', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S', data: 'GET' }));
    r.segment(c.seg('b', { seq: 900, ack: 104, flags: 'SA', data: 'OK' }));
    r.segment(c.seg('a', { seq: 104, ack: 903, data: ' /' }));
    expect(Buffer.from(rec.bytes(0, 0)).toString()).toBe('GET /');
    expect(Buffer.from(rec.bytes(0, 1)).toString()).toBe('OK');
    expect(rec.get(0).info.client).toBe(0);
  });
});

describe('sequence wrap-around at 2^32 (TestOverrun1/2, TestSequenceOverflow)', () => {
  it('treats data crossing 2^32 as contiguous', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 0xffffffff, flags: 'S', data: seqBytes(0, 10) }));
    r.segment(c.seg('a', { seq: 10, data: seqBytes(10, 5) }));
    expect(rec.bytes(0, 0)).toEqual(seqBytes(0, 15));
    expect(rec.get(0).chunks[0].map((x) => x.offset)).toEqual([0, 10]);
  });

  it('buffers a post-wrap segment until the pre-wrap data arrives', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 0xfffffff5, flags: 'S' }));
    r.segment(c.seg('a', { seq: 10, data: seqBytes(20, 5) }));
    expect(rec.bytes(0, 0)).toEqual([]);
    r.segment(c.seg('a', { seq: 0xfffffff6, data: seqBytes(0, 20) }));
    expect(rec.bytes(0, 0)).toEqual(seqBytes(0, 25));
  });

  it('computes sequence distances modulo 2^32', () => {
    expect(seqDiff(10, 2 ** 32 - 10)).toBe(20);
    expect(seqDiff(2 ** 32 - 10, 10)).toBe(-20);
  });

  it('keeps exact stream offsets beyond 4 GiB (several wraps)', () => {
    const { r, rec, c } = setup({ historyBytesPerDirection: 0 });
    const chunk = new Uint8Array(1 << 20);
    let seq = 0x7ffffff0;
    r.segment(c.seg('a', { seq: seq - 1, flags: 'S' }));
    const n = 4096 + 16; // 4 GiB + 16 MiB in 1 MiB segments
    let last = 0;
    const sink = rec.data.bind(rec);
    rec.data = (s, d, off, b, f) => { last = off + b.length; if (off === 0) sink(s, d, off, b, f); };
    for (let i = 0; i < n; i++) {
      r.segment(c.seg('a', { seq, data: chunk }));
      seq = (seq + chunk.length) >>> 0;
    }
    expect(last).toBe(n * chunk.length);
    expect(last).toBeGreaterThan(2 ** 32);
    expect(r.bufferedBytes()).toBe(0);
  });
});

describe('time-based flushing, FIN and RST (TestFlush, FSM cases)', () => {
  it('gives up a hole after the hole timeout in capture time (TestFlush #1)', () => {
    const { r, rec, c } = setup({ holeTimeoutNs: 40_000_000n });
    r.segment(c.seg('a', { seq: 1001, data: [1, 2, 3], t: 10 }));
    r.segment(c.seg('a', { seq: 1010, data: [10, 11, 12], t: 10.05 }));
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3]);
    r.advanceTime(11_500_000_000n);
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 3, length: 6, reason: 'timeout', frameAfter: 2 }]);
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 10, 11, 12]);
  });

  it('flushes only the stuck direction; the other flows on (TestFlush #2)', () => {
    const { r, rec, c } = setup({ holeTimeoutNs: 40_000_000n });
    r.segment(c.seg('a', { seq: 100, flags: 'S', t: 1 }));
    r.segment(c.seg('b', { seq: 500, ack: 101, flags: 'SA', t: 1.001 }));
    r.segment(c.seg('a', { seq: 105, ack: 501, data: [5, 6], t: 1.002 }));
    r.segment(c.seg('b', { seq: 501, ack: 101, data: [1, 2], t: 1.003 }));
    expect(rec.bytes(0, 1)).toEqual([1, 2]);
    expect(rec.bytes(0, 0)).toEqual([]);
    r.segment(c.seg('b', { seq: 503, ack: 101, data: [3], t: 3 }));
    expect(rec.bytes(0, 1)).toEqual([1, 2, 3]);
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 0, length: 4, reason: 'timeout', frameAfter: 3 }]);
    expect(rec.bytes(0, 0)).toEqual([5, 6]);
  });

  it('closes a half at a late RST carrying data and drops what was queued behind it (TestFlush #3)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1000, flags: 'S' }));
    r.segment(c.seg('a', { seq: 1005, data: [5, 6, 7] }));
    r.segment(c.seg('a', { seq: 1001, flags: 'RA', data: [1, 2, 3] }));
    const after = r.segment(c.seg('a', { seq: 1010, data: [10] }));
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3]);
    expect(rec.get(0).halfClosed[0]).toBe('rst');
    expect(after.flags & Analysis.AFTER_CLOSE).toBeTruthy();
    expect(rec.get(0).info.afterCloseBytes[0]).toBe(4);
    expect(r.bufferedBytes()).toBe(0);
  });

  it('closes each half at its FIN and the stream when both are closed (TestFSMnormalFlow)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('b', { seq: 700, ack: 101, flags: 'SA' }));
    r.segment(c.seg('a', { seq: 101, ack: 701 }));
    r.segment(c.seg('a', { seq: 101, ack: 701, flags: 'PA', data: [0, 3, 1, 2, 3] }));
    r.segment(c.seg('b', { seq: 701, ack: 106, flags: 'PA', data: [0, 4] }));
    r.segment(c.seg('b', { seq: 703, ack: 106, flags: 'PA', data: [9, 9, 9, 9] }));
    r.segment(c.seg('a', { seq: 106, ack: 707, flags: 'FA' }));
    expect(rec.get(0).halfClosed).toEqual(['fin', null]);
    r.segment(c.seg('b', { seq: 707, ack: 107, flags: 'FA' }));
    r.segment(c.seg('a', { seq: 107, ack: 708 }));
    expect(rec.get(0).halfClosed).toEqual(['fin', 'fin']);
    expect(rec.get(0).closed).toEqual(['fin']);
    expect(rec.bytes(0, 1)).toEqual([0, 4, 9, 9, 9, 9]);
    expect(r.openConnections()).toBe(0);
  });

  it('waits for data before an early FIN, then closes', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 104, flags: 'FA', data: [4] }));
    expect(rec.get(0).halfClosed[0]).toBeNull();
    r.segment(c.seg('a', { seq: 101, data: [1, 2, 3] }));
    expect(rec.get(0).halfClosed[0]).toBe('fin');
    expect(rec.bytes(0, 0)).toEqual([1, 2, 3, 4]);
  });

  it('rejects data after an early RST from the same side (TestFSMearlyRST)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('b', { seq: 700, ack: 101, flags: 'SA' }));
    r.segment(c.seg('a', { seq: 101, flags: 'R' }));
    const v = r.segment(c.seg('a', { seq: 101, ack: 701, flags: 'PA', data: [1, 2] }));
    expect(v.flags & Analysis.AFTER_CLOSE).toBeTruthy();
    expect(rec.bytes(0, 0)).toEqual([]);
  });

  it('accepts a capture that starts mid-stream in both directions (TestCheckFSMmissingSYN)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('b', { seq: 5000, ack: 9000, flags: 'PA', data: [1, 2] }));
    r.segment(c.seg('a', { seq: 9000, ack: 5002, flags: 'PA', data: [3] }));
    const s = rec.get(0);
    expect(s.info.midStream).toBe(true);
    expect(s.info.node0.addr).toBe('10.0.0.2');
    expect(rec.bytes(0, 0)).toEqual([1, 2]);
    expect(rec.bytes(0, 1)).toEqual([3]);
  });

  it('records the bytes between the last delivered byte and an unfilled FIN at the end', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 101, data: [1] }));
    r.segment(c.seg('a', { seq: 110, flags: 'FA' }));
    r.end();
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 1, length: 8, reason: 'end', frameAfter: -1 }]);
    expect(rec.get(0).halfClosed[0]).toBe('fin');
  });
});

describe('gaps of known size', () => {
  it('gives up a hole at once when the peer acknowledges bytes beyond it (acked-unseen)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 101, data: [1, 2] }));
    r.segment(c.seg('a', { seq: 106, data: [6, 7] }));
    r.segment(c.seg('b', { seq: 900, ack: 103 }));
    expect(rec.get(0).gaps[0]).toEqual([]);
    r.segment(c.seg('b', { seq: 900, ack: 108 }));
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 2, length: 3, reason: 'acked-unseen', frameAfter: 3 }]);
    expect(rec.bytes(0, 0)).toEqual([1, 2, 6, 7]);
  });

  it('records a lost tail the peer acknowledged, but not an uncaptured FIN', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('b', { seq: 500, ack: 101, flags: 'SA' }));
    r.segment(c.seg('a', { seq: 101, ack: 501, data: [1, 2] }));
    r.segment(c.seg('b', { seq: 501, ack: 108, data: [9] })); // 5 more bytes were sent
    r.segment(c.seg('a', { seq: 108, ack: 503 })); // acks b's byte and b's FIN, never captured
    r.end();
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 2, length: 5, reason: 'acked-unseen', frameAfter: -1 }]);
    expect(rec.get(0).gaps[1]).toEqual([]);
  });

  it('records the snaplen-cut part of a segment as a truncated gap', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    expect(r.segment(c.seg('a', { seq: 101, data: [1, 2], wireLength: 10 })).flags & Analysis.TRUNCATED).toBeTruthy();
    r.segment(c.seg('a', { seq: 111, data: [3], wireLength: 1 }));
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 2, length: 8, reason: 'truncated', frameAfter: -1 }]);
    expect(rec.get(0).chunks[0].map((x) => [x.offset, x.bytes])).toEqual([[0, [1, 2]], [10, [3]]]);
  });

  it('fills out-of-order truncated segments in place (uncaptured ranges become gaps when reached)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 105, data: [5], wireLength: 3 }));
    r.segment(c.seg('a', { seq: 101, data: [1, 2, 3, 4] }));
    expect(rec.get(0).chunks[0].map((x) => [x.offset, x.bytes])).toEqual([[0, [1, 2, 3, 4]], [4, [5]]]);
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 5, length: 2, reason: 'truncated', frameAfter: -1 }]);
    r.segment(c.seg('a', { seq: 108, data: [8] }));
    expect(rec.get(0).chunks[0].at(-1)).toEqual({ offset: 7, bytes: [8], frame: 4 });
  });

  it('flags late data for a range already given up as a gap', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 104, data: [4] }));
    r.segment(c.seg('b', { seq: 900, ack: 106 }));
    const late = r.segment(c.seg('a', { seq: 101, data: [1, 2, 3] }));
    expect(late.flags & Analysis.LATE).toBeTruthy();
    expect(rec.bytes(0, 0)).toEqual([4]);
  });
});

describe('stream numbering like tshark 4.0 (cases checked against tshark 4.0.17)', () => {
  it('keeps the stream for a SYN with the same ISN after FIN and RST; a new ISN starts a new one', () => {
    const { r, rec, c } = setup();
    const ids: number[] = [];
    const seg = (...a: Parameters<Conv['seg']>): void => { ids.push(r.segment(c.seg(...a)).stream); };
    seg('a', { seq: 100, flags: 'S' });
    seg('b', { seq: 500, ack: 101, flags: 'SA' });
    seg('a', { seq: 101, ack: 501, flags: 'PA', data: 'hello' });
    seg('a', { seq: 106, ack: 506, flags: 'FA' });
    seg('b', { seq: 506, ack: 107, flags: 'FA' });
    seg('a', { seq: 100, flags: 'S' }); // same ISN after FIN: same stream
    seg('b', { seq: 900, ack: 101, flags: 'SA' }); // SYN/ACK with another ISN: same stream
    seg('a', { seq: 101, flags: 'R' });
    seg('a', { seq: 100, flags: 'S' }); // same ISN after RST: same stream
    const v = r.segment(c.seg('a', { seq: 300, flags: 'S' })); // new ISN: new stream
    expect(ids).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(v.stream).toBe(1);
    expect(v.flags & Analysis.PORTS_REUSED).toBeTruthy();
    expect(rec.get(1).info.firstFrame).toBe(10);
  });

  it('uses seq-1 of a first non-SYN segment, and ack-1 seen from the peer, as base sequences', () => {
    const { r, c } = setup();
    const ids = [
      r.segment(c.seg('a', { seq: 1000, ack: 5000, flags: 'PA', data: 'mid' })).stream, // bases: a 999, b 4999
      r.segment(c.seg('a', { seq: 999, flags: 'S' })).stream, // equals a's base: same
      r.segment(c.seg('b', { seq: 4999, ack: 1000, flags: 'SA' })).stream,
      r.segment(c.seg('a', { seq: 1000, flags: 'S' })).stream, // differs: stream 1
      r.segment(c.seg('b', { seq: 4999, flags: 'S' })).stream, // b has no base in stream 1 yet
      r.segment(c.seg('b', { seq: 7000, flags: 'S' })).stream, // differs from b's base 4999: stream 2
    ];
    expect(ids).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('makes node0 the source of the new stream\'s SYN', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 1, flags: 'S' }));
    r.segment(c.seg('b', { seq: 1, flags: 'S' }));
    r.segment(c.seg('b', { seq: 77, flags: 'S' }));
    expect(rec.get(1).info.node0).toEqual({ addr: '10.0.0.2', port: 80 });
  });

  it('flushes the old stream when a tuple is reused', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 100, flags: 'S' }));
    r.segment(c.seg('a', { seq: 105, data: [5] }));
    r.segment(c.seg('a', { seq: 800, flags: 'S' }));
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 0, length: 4, reason: 'reused', frameAfter: 2 }]);
    expect(rec.get(0).closed).toEqual(['reused']);
    expect(rec.bytes(0, 0)).toEqual([5]);
  });
});

describe('caps, eviction and flushes', () => {
  it('evicts the least recently active connection beyond maxOpenConnections, and resumes it on new data', () => {
    const { r, rec } = setup({ maxOpenConnections: 2 });
    const conns = [1001, 1002, 1003].map((p) => new Conv(4, [10, 0, 0, 1], p));
    r.segment(conns[0].seg('a', { seq: 1, data: [1] }));
    r.segment(conns[1].seg('a', { seq: 1, data: [1] }));
    r.segment(conns[0].seg('a', { seq: 2, data: [2] }));
    r.segment(conns[2].seg('a', { seq: 1, data: [1] }));
    expect(r.openConnections()).toBe(2);
    expect(rec.get(1).closed).toEqual(['evicted']);
    const v = r.segment(conns[1].seg('a', { seq: 2, data: [2] }));
    expect(v.stream).toBe(1);
    expect(rec.get(1).resumed).toBe(1);
    expect(rec.get(1).chunks[0].map((x) => [x.offset, x.bytes])).toEqual([[0, [1]], [1, [2]]]);
    expect(r.openConnections()).toBe(2);
  });

  it('closes idle connections after the idle timeout (capture time)', () => {
    const { r, rec, c } = setup({ idleTimeoutNs: 10_000_000_000n });
    r.segment(c.seg('a', { seq: 1, data: [1], t: 100 }));
    const other = new Conv(4, [10, 0, 0, 9]);
    r.segment(other.seg('a', { seq: 1, data: [1], t: 120 }));
    expect(rec.get(0).closed).toEqual(['idle']);
    expect(r.openConnections()).toBe(1);
  });

  it('keeps the total buffered bytes under maxBufferedBytesTotal by giving up the oldest holes', () => {
    const { r, rec } = setup({ maxBufferedBytesTotal: 10_000 });
    for (let i = 0; i < 20; i++) {
      const conv = new Conv(4, [10, 0, 1, i]);
      r.segment(conv.seg('a', { seq: 0, flags: 'S' }));
      r.segment(conv.seg('a', { seq: 100, data: new Uint8Array(1000) }));
      expect(r.bufferedBytes()).toBeLessThanOrEqual(10_000);
    }
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 0, length: 99, reason: 'memory-limit', frameAfter: 2 }]);
  });

  it('flushes everything at end(): holes become gaps, memory is released', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 0, flags: 'S' }));
    r.segment(c.seg('a', { seq: 1, data: seqBytes(0, 5000) }));
    r.segment(c.seg('a', { seq: 6001, data: [1] }));
    expect(r.bufferedBytes()).toBeGreaterThan(0);
    expect(r.historyBytes()).toBeGreaterThan(0);
    r.end();
    expect(rec.get(0).gaps[0]).toEqual([{ offset: 5000, length: 1000, reason: 'end', frameAfter: 3 }]);
    expect(rec.get(0).closed).toEqual(['end']);
    expect(r.bufferedBytes()).toBe(0);
    expect(r.historyBytes()).toBe(0);
    expect(r.openConnections()).toBe(0);
  });

  it('does not buffer anything on the in-order path', () => {
    const { r, c } = setup();
    let seq = 1;
    r.segment(c.seg('a', { seq: 0, flags: 'S' }));
    for (let i = 0; i < 1000; i++) {
      r.segment(c.seg('a', { seq, data: new Uint8Array(1400) }));
      seq += 1400;
      expect(r.bufferedBytes()).toBe(0);
    }
    expect(r.historyBytes()).toBeLessThanOrEqual(256 * 1024);
  });

  it('ignores segments implausibly far ahead (beyond any TCP window)', () => {
    const { r, rec, c } = setup();
    r.segment(c.seg('a', { seq: 0, flags: 'S' }));
    r.segment(c.seg('a', { seq: 2 ** 31 - 5, data: [9] }));
    expect(r.bufferedBytes()).toBe(0);
    r.segment(c.seg('a', { seq: 1, data: [1] }));
    expect(rec.bytes(0, 0)).toEqual([1]);
  });
});
