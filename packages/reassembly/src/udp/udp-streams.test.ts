/** udp.stream numbering: per unordered address/port pair, first-frame order, direction from the first datagram. */
import { describe, expect, it } from 'vitest';
import { UdpStreams, type UdpStreamInfo, type UdpTuple } from './udp-streams.js';

const ADDRS = new Uint8Array([10, 0, 0, 1, 10, 0, 0, 2]);
const t = (frame: number, fromA: boolean, aPort: number, bPort = 53): UdpTuple => ({
  family: 4, addrs: ADDRS, srcOffset: fromA ? 0 : 4, dstOffset: fromA ? 4 : 0,
  srcPort: fromA ? aPort : bPort, dstPort: fromA ? bPort : aPort, frame,
});

describe('UdpStreams', () => {
  it('numbers tuples in first-frame order, both directions in one stream', () => {
    const opened: UdpStreamInfo[] = [];
    const u = new UdpStreams((s) => opened.push(s));
    expect(u.datagram(t(1, true, 5000))).toEqual({ stream: 0, direction: 0, isNew: true });
    expect(u.datagram(t(2, false, 5000))).toEqual({ stream: 0, direction: 1, isNew: false });
    expect(u.datagram(t(3, false, 5001))).toEqual({ stream: 1, direction: 0, isNew: true });
    expect(u.datagram(t(4, true, 5001))).toEqual({ stream: 1, direction: 1, isNew: false });
    expect(opened).toEqual([
      { id: 0, family: 4, node0: { addr: '10.0.0.1', port: 5000 }, node1: { addr: '10.0.0.2', port: 53 }, firstFrame: 1 },
      { id: 1, family: 4, node0: { addr: '10.0.0.2', port: 53 }, node1: { addr: '10.0.0.1', port: 5001 }, firstFrame: 3 },
    ]);
  });

  it('remembers at most maxTrackedStreams tuples', () => {
    const u = new UdpStreams(undefined, { maxTrackedStreams: 100 });
    for (let p = 0; p < 1000; p++) u.datagram(t(p, true, 1024 + p));
    expect(u.trackedStreams()).toBe(100);
    expect(u.streamCount()).toBe(1000);
  });
});
