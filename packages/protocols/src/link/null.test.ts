import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../summary.js';
import { cat, ipv4, ipv6, udp } from '../test-frames.js';
import { nullFamily } from './null.js';

const le = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
const be = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

describe('NULL / LOOP', () => {
  it('AF_INET in little-endian host order', () => {
    const f = cat(le(2), ipv4({ proto: 17 }, udp(53, 4000)));
    const s = summarizeFrame(0, f, f.length);
    expect(s).toMatchObject({ protocols: 'null:ip:udp', ipSrc: '10.0.0.1', srcPort: 53 });
  });

  it('big-endian writer is detected by the high bits', () => {
    const f = cat(be(2), ipv4({}, []));
    expect(summarizeFrame(0, f, f.length).ipVersion).toBe(4);
  });

  it.each([10, 24, 28, 30])('AF %i is IPv6', (af) => {
    const f = cat(le(af), ipv6({ nxt: 17 }, udp(1, 2)));
    expect(summarizeFrame(0, f, f.length)).toMatchObject({ ipVersion: 6, protocols: 'null:ipv6:udp' });
    const g = cat(be(af), ipv6({ nxt: 17 }, udp(1, 2)));
    expect(summarizeFrame(0, g, g.length).ipVersion).toBe(6);
  });

  it('LOOP is always big-endian', () => {
    const f = cat(be(2), ipv4({}, []));
    expect(summarizeFrame(108, f, f.length).ipVersion).toBe(4);
    const g = cat(le(2), ipv4({}, []));
    expect(summarizeFrame(108, g, g.length).ipVersion).toBe(0);
  });

  it("Wireshark's heuristics: 16-bit AF in the wrong half, EtherType in the AF field", () => {
    expect(nullFamily(Uint8Array.from([0, 2, 0, 0]), 0, false)).toBe(2); // byte-swapped 16-bit
    expect(nullFamily(Uint8Array.from([0, 0, 2, 0]), 0, false)).toBe(2); // IRIX: AF in the first 2 bytes, BE
    // 0f 00 08 00 (pcapplusplus null_loopback.pcap #3): swapped to 0x0f000800, Wireshark keeps 16 bits: IPv4.
    const f = cat([0x0f, 0x00, 0x08, 0x00], ipv4({ proto: 17 }, udp(53, 58125)));
    expect(summarizeFrame(0, f, f.length)).toMatchObject({ ipVersion: 4, protocols: 'null:ip:udp' });
  });

  it('unknown family and short frames', () => {
    expect(summarizeFrame(0, Uint8Array.from(le(99)), 4).info).toBe('Unknown address family 99');
    expect(summarizeFrame(0, Uint8Array.from([2, 0]), 2).malformed).toBeDefined();
  });
});
