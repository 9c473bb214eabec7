/** tcpshark trailers: located at max(end of L3, 60), bounded by the frame, never mistaken for padding. */
import { describe, expect, it } from 'vitest';
import { concat } from '../../testing/build.js';
import { arp, ethernet, ipv4, ipv6 } from '../../testing/frames.js';
import { ethernetL3Extent } from './ethernet-l3.js';
import { findTcpsharkTrailer } from './tcpshark-trailer.js';
import { buildTcpsharkFrame, encodeTcpsharkTrailer } from './tcpshark-trailer-writer.js';

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const tcpFrame = (payload = 20): Uint8Array => ethernet(0x0800, ipv4(TCP, payload));

describe('ethernetL3Extent', () => {
  it('delimits IPv4, IPv6 and ARP, also behind 802.1Q / 802.1ad tags', () => {
    expect(ethernetL3Extent(tcpFrame(30))).toEqual({ etherType: 0x0800, start: 14, end: 64, ipProtocol: TCP });
    expect(ethernetL3Extent(ethernet(0x86dd, ipv6(UDP, 12)))).toEqual({ etherType: 0x86dd, start: 14, end: 66, ipProtocol: UDP });
    expect(ethernetL3Extent(ethernet(0x0800, ipv4(UDP, 8), 2))).toMatchObject({ start: 22, end: 50 });
    expect(ethernetL3Extent(ethernet(0x0806, arp()))).toEqual({ etherType: 0x0806, start: 14, end: 42 });
  });

  it('refuses what it cannot delimit', () => {
    expect(ethernetL3Extent(new Uint8Array(13))).toBeUndefined();
    expect(ethernetL3Extent(ethernet(0x0800, ipv4(TCP, 0)).subarray(0, 30))).toBeUndefined(); // header cut
    expect(ethernetL3Extent(ethernet(0x88cc, new Uint8Array(40)))).toBeUndefined(); // LLDP
    expect(ethernetL3Extent(ethernet(0x0040, new Uint8Array(64)))).toBeUndefined(); // 802.3 length
    const bad = ipv4(TCP, 0);
    bad[3] = 10; // total length < IHL*4
    expect(ethernetL3Extent(ethernet(0x0800, bad))).toBeUndefined();
    const v6in4 = ipv4(TCP, 0);
    v6in4[0] = 0x65; // EtherType IPv4 but version 6
    expect(ethernetL3Extent(ethernet(0x0800, v6in4))).toBeUndefined();
  });
});

describe('findTcpsharkTrailer', () => {
  it('reads a trailer right after a long IP packet, and the fake FCS', () => {
    const f = buildTcpsharkFrame(tcpFrame(40), { pid: 4242, cmd: 'curl', args: 'curl -s x' });
    expect(findTcpsharkTrailer(f)).toEqual({
      kind: 'process', pid: 4242, cmd: 'curl', args: 'curl -s x', l3End: 74, start: 74, end: 74 + 11 + 4 + 9, frameEnd: f.length, truncated: false,
    });
  });

  it('reads it at offset 60 behind zero padding for short packets (pure ACK), where tcpshark.lua looks in vain', () => {
    const f = buildTcpsharkFrame(tcpFrame(20), { pid: 7, cmd: 'nc' });
    const t = findTcpsharkTrailer(f)!;
    expect([t.l3End, t.start, t.pid, t.cmd]).toEqual([54, 60, 7, 'nc']);
  });

  it('handles IPv6 and VLAN-tagged frames', () => {
    const v6 = findTcpsharkTrailer(buildTcpsharkFrame(ethernet(0x86dd, ipv6(TCP, 32)), { pid: 1, cmd: 'ssh' }))!;
    expect([v6.l3End, v6.start, v6.cmd]).toEqual([86, 86, 'ssh']);
    const vlan = findTcpsharkTrailer(buildTcpsharkFrame(ethernet(0x0800, ipv4(UDP, 8), 1), { pid: 2, cmd: 'dig' }))!;
    expect([vlan.l3End, vlan.start, vlan.pid]).toEqual([46, 60, 2]);
  });

  it('recognises the all-zero trailer of non-TCP/UDP frames as "tcpshark, no process"', () => {
    const icmp = buildTcpsharkFrame(ethernet(0x0800, ipv4(ICMP, 12)), null);
    expect(findTcpsharkTrailer(icmp)).toEqual({ kind: 'no-process', pid: 0, cmd: '', args: '', l3End: 46, start: 60, end: 71, frameEnd: 75, truncated: false });
    expect(findTcpsharkTrailer(buildTcpsharkFrame(ethernet(0x0806, arp()), null))).toMatchObject({ kind: 'no-process', start: 60 });
  });

  it('does not take ordinary padding or an FCS for a zero trailer', () => {
    const padded = concat(tcpFrame(6), new Uint8Array(0)); // 14+26 = 40 bytes
    const sixty = concat(padded, new Uint8Array(20));
    expect(findTcpsharkTrailer(sixty)).toBeUndefined();
    expect(findTcpsharkTrailer(concat(sixty, new Uint8Array(4)))).toBeUndefined(); // padding + FCS
    const icmp60 = concat(ethernet(0x0800, ipv4(ICMP, 8)), new Uint8Array(18));
    expect(findTcpsharkTrailer(concat(icmp60, new Uint8Array(4)))).toBeUndefined();
    expect(findTcpsharkTrailer(concat(icmp60, new Uint8Array(16)))).toBeUndefined(); // one byte too many
    // A TCP frame with 15 zero bytes after the padding is not a tcpshark frame (TCP always gets the magic).
    expect(findTcpsharkTrailer(concat(padded, new Uint8Array(20 + 15)))).toBeUndefined();
  });

  it('rejects wrong magic, non-zero padding and lengths running past an unsnapped frame', () => {
    const f = buildTcpsharkFrame(tcpFrame(20), { pid: 9, cmd: 'curl', args: 'a' });
    const wrongMagic = f.slice();
    wrongMagic[60] = 0xa2;
    expect(findTcpsharkTrailer(wrongMagic)).toBeUndefined();
    const dirtyPad = f.slice();
    dirtyPad[55] = 1;
    expect(findTcpsharkTrailer(dirtyPad)).toBeUndefined();
    const cmdPastEnd = f.slice();
    cmdPastEnd[68] = 250; // CmdLen
    expect(findTcpsharkTrailer(cmdPastEnd)).toBeUndefined();
    const argsPastEnd = f.slice();
    argsPastEnd[73] = 0xff; // ArgsLen high byte
    expect(findTcpsharkTrailer(argsPastEnd)).toBeUndefined();
    expect(findTcpsharkTrailer(f.subarray(0, 66))).toBeUndefined(); // cut inside, not snapped: malformed
    expect(findTcpsharkTrailer(f.subarray(0, 62))).toBeUndefined(); // magic itself cut
  });

  it('reads as much as a snapped frame kept, marked truncated', () => {
    const f = buildTcpsharkFrame(tcpFrame(20), { pid: 9, cmd: 'curl', args: 'curl http://x' });
    expect(findTcpsharkTrailer(f.subarray(0, 66), f.length)).toMatchObject({ pid: 0, truncated: true, end: 66 });
    expect(findTcpsharkTrailer(f.subarray(0, 68), f.length)).toMatchObject({ pid: 9, cmd: '', truncated: true });
    expect(findTcpsharkTrailer(f.subarray(0, 71), f.length)).toMatchObject({ pid: 9, cmd: 'cu', args: '', truncated: true });
    expect(findTcpsharkTrailer(f.subarray(0, 79), f.length)).toMatchObject({ pid: 9, cmd: 'curl', args: 'curl', truncated: true });
    expect(findTcpsharkTrailer(f.subarray(0, f.length - 4), f.length)).toMatchObject({ args: 'curl http://x', truncated: false, frameEnd: f.length - 4 });
  });

  it('decodes non-UTF-8 names byte for byte', () => {
    const t = encodeTcpsharkTrailer({ pid: 3, cmd: 'x' });
    const f = concat(tcpFrame(60), t, new Uint8Array(4));
    f[94 + 9] = 0xff; // Cmd byte
    expect(findTcpsharkTrailer(f)!.cmd).toBe('ÿ');
  });
});

describe('buildTcpsharkFrame / encodeTcpsharkTrailer', () => {
  it('writes the big-endian struct', () => {
    expect(Array.from(encodeTcpsharkTrailer({ pid: 0x01020304, cmd: 'ab', args: 'c' }))).toEqual(
      [0xa1, 0xbf, 0xf3, 0xd4, 1, 2, 3, 4, 2, 0x61, 0x62, 0, 1, 0x63],
    );
    expect(Array.from(encodeTcpsharkTrailer(undefined))).toEqual(new Array(11).fill(0));
    expect(() => encodeTcpsharkTrailer({ pid: -1 })).toThrow(RangeError);
  });

  it('drops the original padding and FCS, and writes PID 0 with the magic for TCP/UDP without a process', () => {
    const withFcs = concat(tcpFrame(6), new Uint8Array(20), Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
    const f = buildTcpsharkFrame(withFcs, null);
    expect(f.length).toBe(60 + 11 + 4);
    expect(findTcpsharkTrailer(f)).toMatchObject({ kind: 'process', pid: 0, l3End: 40, start: 60 });
  });

  it('caps Cmd at 255 and Args at 65535 bytes on a character boundary', () => {
    const f = buildTcpsharkFrame(tcpFrame(20), { pid: 1, cmd: 'é'.repeat(200), args: 'a'.repeat(70000) });
    const t = findTcpsharkTrailer(f)!;
    expect(t.cmd).toBe('é'.repeat(127));
    expect(t.args.length).toBe(65535);
  });

  it('refuses frames it cannot delimit or that are cut inside the L3 packet', () => {
    expect(() => buildTcpsharkFrame(new Uint8Array(60), null)).toThrow(RangeError);
    expect(() => buildTcpsharkFrame(tcpFrame(40).subarray(0, 50), null)).toThrow(RangeError);
  });
});
