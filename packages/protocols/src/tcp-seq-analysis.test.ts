import { describe, expect, it } from 'vitest';
import { WsTcpAnalysis as A, wiresharkSeqAnalysis, type WsSegment } from './tcp-seq-analysis.js';

const MS = 1_000_000n;
/** A segment of the 0 -> 1 direction (client, ISN 1000) or back (server, ISN 5000), ACK set. */
function seg(frame: number, dir: 0 | 1, tsMs: number, seq: number, ack: number, seglen: number, flags = 0x018, window = 512): WsSegment {
  return { frame, dir, tsNs: BigInt(1000 + tsMs) * MS, seq, ack, flags, window, seglen, hlen: 20 };
}
/** A handshake with a 10 ms first RTT, so out-of-order means "within 10 ms of the highest segment". */
const handshake = (): WsSegment[] => [
  seg(1, 0, 0, 999, 0, 0, 0x002), seg(2, 1, 5, 4999, 1000, 0, 0x012), seg(3, 0, 10, 1000, 5000, 0, 0x010),
];
const analyse = (segs: WsSegment[]) => wiresharkSeqAnalysis(segs);

describe('Wireshark 4.0 SEQ analysis (the verdicts that decide whether a subdissector runs)', () => {
  it('the same bytes again, later than the out-of-order threshold, are a retransmission', () => {
    const f = analyse([...handshake(), seg(4, 0, 20, 1000, 5000, 100), seg(5, 0, 400, 1000, 5000, 100)]);
    expect(f.get(4)).toBeUndefined();
    expect(f.get(5)).toBe(A.RETRANSMISSION);
  });

  it('a segment filling a hole soon after the highest one is out-of-order; the one after the hole a lost segment', () => {
    const f = analyse([...handshake(), seg(4, 0, 20, 1000, 5000, 100), seg(5, 0, 21, 1200, 5000, 100), seg(6, 0, 22, 1100, 5000, 100)]);
    expect(f.get(5)).toBe(A.LOST_PACKET);
    expect(f.get(6)).toBe(A.OUT_OF_ORDER);
  });

  it('the first RTT sets the out-of-order threshold (3 ms without a handshake)', () => {
    const late = [seg(4, 0, 20, 1000, 5000, 100), seg(5, 0, 21, 1200, 5000, 100), seg(6, 0, 26, 1100, 5000, 100)];
    expect(analyse([...handshake(), ...late]).get(6)).toBe(A.OUT_OF_ORDER);
    expect(analyse(late).get(6)).toBe(A.RETRANSMISSION);
  });

  it('bytes the peer already acknowledged are a spurious retransmission', () => {
    const f = analyse([...handshake(), seg(4, 0, 20, 1000, 5000, 100), seg(5, 1, 30, 5000, 1100, 0, 0x010), seg(6, 0, 400, 1000, 5000, 100)]);
    expect(f.get(6)).toBe(A.SPURIOUS_RETRANSMISSION);
  });

  it('a retransmission right after two duplicate ACKs asking for it is a fast retransmission', () => {
    const f = analyse([
      ...handshake(), seg(4, 0, 20, 1000, 5000, 100), seg(5, 0, 21, 1100, 5000, 100),
      seg(6, 1, 100, 5000, 1100, 0, 0x010), seg(7, 1, 101, 5000, 1100, 0, 0x010), seg(8, 1, 102, 5000, 1100, 0, 0x010),
      seg(9, 0, 110, 1100, 5000, 100),
    ]);
    expect(f.get(7)).toBe(A.DUPLICATE_ACK);
    expect(f.get(8)).toBe(A.DUPLICATE_ACK);
    expect(f.get(9)).toBe(A.FAST_RETRANSMISSION);
  });

  it('one byte at the last sequence number is a keep-alive, not a retransmission', () => {
    const f = analyse([...handshake(), seg(4, 0, 20, 1000, 5000, 100), seg(5, 0, 9000, 1099, 5000, 1, 0x010)]);
    expect(f.get(5)).toBe(A.KEEP_ALIVE);
  });

  it('sequence numbers wrap around 2^32', () => {
    const isn = 0xffffffc0;
    const f = analyse([
      seg(1, 0, 0, isn, 0, 0, 0x002), seg(2, 0, 10, isn + 1, 1, 100), seg(3, 0, 500, isn + 1, 1, 100), seg(4, 0, 510, (isn + 101) >>> 0, 1, 100),
    ]);
    expect(f.get(3)).toBe(A.RETRANSMISSION);
    expect(f.get(4)).toBeUndefined();
  });

  it('segments without a segment length (IP fragments, short segments) are skipped', () => {
    const f = analyse([...handshake(), seg(4, 0, 20, 1000, 5000, 100), { ...seg(5, 0, 400, 1000, 5000, 0), seglen: null }]);
    expect(f.has(5)).toBe(false);
  });
});
