/**
 * Hostile input keeps the reassembler within its configured caps (its own accounting): a million
 * half-open connections, and endless out-of-order data that never fills its holes.
 */
import { describe, expect, it } from 'vitest';
import { IpDefragmenter } from '../defrag/defragmenter.js';
import { TcpReassembler } from './tcp-reassembler.js';
import { SegmentMode, TcpFlags, type TcpSegment } from './types.js';

function segment(): TcpSegment {
  return {
    frame: 0, tsNs: 0n, family: 4, addrs: new Uint8Array([10, 0, 0, 0, 10, 9, 9, 9]), srcOffset: 0, dstOffset: 4,
    srcPort: 0, dstPort: 443, seq: 0, ack: 0, flags: TcpFlags.SYN, window: 65535,
    payload: new Uint8Array(0), payloadLength: 0, mode: SegmentMode.FULL,
  };
}

describe('memory under hostile input', () => {
  it('a million half-open connections stay under maxOpenConnections / maxTrackedConnections', () => {
    const caps = { maxOpenConnections: 10_000, maxTrackedConnections: 50_000 };
    let closed = 0;
    const r = new TcpReassembler({ streamClosed: () => { closed++; } }, caps);
    const s = segment();
    let peakOpen = 0, peakTracked = 0;
    for (let i = 0; i < 1_000_000; i++) {
      s.frame = i + 1;
      s.tsNs = 1_700_000_000_000_000_000n + BigInt(i) * 1000n;
      s.addrs[2] = (i >> 16) & 255;
      s.addrs[3] = (i >> 8) & 255;
      s.srcPort = 1024 + (i & 255);
      s.seq = (i * 2654435761) >>> 0;
      r.segment(s);
      if ((i & 1023) === 0) {
        peakOpen = Math.max(peakOpen, r.openConnections());
        peakTracked = Math.max(peakTracked, r.trackedConnections());
      }
    }
    expect(r.streamCount()).toBe(1_000_000);
    expect(peakOpen).toBeLessThanOrEqual(caps.maxOpenConnections);
    expect(peakTracked).toBeLessThanOrEqual(caps.maxTrackedConnections + 1);
    expect(r.openConnections()).toBeLessThanOrEqual(caps.maxOpenConnections);
    expect(r.trackedConnections()).toBeLessThanOrEqual(caps.maxTrackedConnections + 1);
    expect(closed).toBeGreaterThanOrEqual(1_000_000 - caps.maxOpenConnections);
    expect(r.bufferedBytes()).toBe(0);
    r.end();
    expect(r.openConnections()).toBe(0);
  }, 120_000);

  it('endless out-of-order data stays under the per-connection and total buffer caps', () => {
    const caps = { maxBufferedBytesPerConnection: 256 * 1024, maxBufferedBytesTotal: 2 * 1024 * 1024, maxHistoryBytesTotal: 1024 * 1024 };
    let gaps = 0;
    const r = new TcpReassembler({ gap: () => { gaps++; } }, caps);
    const s = segment();
    const payload = new Uint8Array(1000);
    const conns = 64;
    const nextSeq = new Array<number>(conns).fill(0);
    let peak = 0;
    for (let i = 0; i < 300_000; i++) {
      const c = i % conns;
      s.frame = i + 1;
      s.tsNs = BigInt(i) * 1000n;
      s.addrs[3] = c;
      s.srcPort = 2000 + c;
      if (nextSeq[c] === 0) {
        s.flags = TcpFlags.SYN;
        s.seq = 0;
        s.payload = new Uint8Array(0);
        s.payloadLength = 0;
        nextSeq[c] = 1;
      } else {
        // Always leave a one-byte hole before each segment: nothing is ever contiguous.
        s.flags = TcpFlags.ACK;
        s.seq = nextSeq[c] + 1;
        s.payload = payload;
        s.payloadLength = payload.length;
        nextSeq[c] = s.seq + payload.length;
      }
      r.segment(s);
      peak = Math.max(peak, r.bufferedBytes());
    }
    expect(peak).toBeLessThanOrEqual(caps.maxBufferedBytesTotal);
    expect(peak).toBeGreaterThan(caps.maxBufferedBytesTotal / 2);
    expect(r.historyBytes()).toBeLessThanOrEqual(caps.maxHistoryBytesTotal);
    expect(gaps).toBeGreaterThan(100_000);
    r.end();
    expect(r.bufferedBytes()).toBe(0);
    expect(r.historyBytes()).toBe(0);
  }, 120_000);

  it('a flood of never-completed fragments stays under the defragmentation caps', () => {
    let lost = 0;
    const d = new IpDefragmenter({ maxPendingDatagrams: 1000, maxPendingBytes: 1 << 20 }, () => { lost++; });
    const addrs = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const data = new Uint8Array(1480);
    let peakBytes = 0, peakDatagrams = 0;
    for (let i = 0; i < 200_000; i++) {
      d.add({ family: 4, addrs, srcOffset: 0, dstOffset: 4, protocol: 17, id: i & 0xffff, offset: 1480 * (1 + (i >> 16)), more: true, data, frame: i, tsNs: BigInt(i) });
      peakBytes = Math.max(peakBytes, d.pendingBytes());
      peakDatagrams = Math.max(peakDatagrams, d.pendingDatagrams());
    }
    expect(peakBytes).toBeLessThanOrEqual(1 << 20);
    expect(peakDatagrams).toBeLessThanOrEqual(1000);
    expect(lost).toBeGreaterThan(190_000);
  });
});
