/** The frame pipeline on hand-built frames: link layers, IPv6 extensions, tunnels, ICMP quotes, fragments. */
import { describe, expect, it } from 'vitest';
import { A4, A6, B4, B6, ether, ipv4, ipv6, ipv6Fragment, tcp, u16, udp } from '../../testing/frames.js';
import { Recorder } from '../../testing/tcp-builder.js';
import type { ReassembledDatagram } from '../defrag/types.js';
import type { UdpStreamInfo } from '../udp/udp-streams.js';
import { ACCECN_ACK, ACCECN_SYN, ACCECN_SYNACK } from '../../testing/accecn.js';
import { Analysis } from '../tcp/types.js';
import { FramePipeline, FragmentStatus } from './frame-pipeline.js';

const SYN = 0x02, ACK = 0x10, PSH = 0x08;

function run(frames: { link: number; bytes: number[]; origLen?: number }[]) {
  const rec = new Recorder();
  const udps: UdpStreamInfo[] = [];
  const dgs: ReassembledDatagram[] = [];
  const p = new FramePipeline({ ...bind(rec), udpStreamOpened: (u) => udps.push(u), ipReassembled: (d) => dgs.push(d) });
  const verdicts = frames.map((f, i) => ({ ...p.push({ number: i + 1, tsNs: BigInt(i + 1) * 1000n, linkType: f.link, data: Uint8Array.from(f.bytes), origLen: f.origLen ?? f.bytes.length }) }));
  p.end();
  return { rec, udps, dgs, verdicts };
}

function bind(rec: Recorder): Recorder {
  const out = {} as Record<string, unknown>;
  for (const k of ['streamOpened', 'data', 'gap', 'conflict', 'halfClosed', 'streamClosed', 'streamResumed', 'frameFlags'] as const) {
    out[k] = (rec[k] as (...a: unknown[]) => void).bind(rec);
  }
  return out as unknown as Recorder;
}

const tcp4 = (data = 'hi'): number[] => ipv4(A4, B4, 6, tcp(1000, 80, 1, 1, PSH | ACK, data));

describe('link layers', () => {
  const cases: [string, number, number[]][] = [
    ['Ethernet', 1, ether(0x0800, tcp4())],
    ['Ethernet + 802.1Q + 802.1ad', 1, [...ether(0x88a8, []).slice(0, 12), 0x88, 0xa8, 0, 10, 0x81, 0, 0, 20, 8, 0, ...tcp4()]],
    ['Ethernet LLC/SNAP', 1, [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, ...u16(8 + tcp4().length), 0xaa, 0xaa, 3, 0, 0, 0, 8, 0, ...tcp4()]],
    ['PPPoE session', 1, ether(0x8864, [0x11, 0, 0, 1, ...u16(tcp4().length + 2), 0, 0x21, ...tcp4()])],
    ['MPLS', 1, ether(0x8847, [0, 0, 0x11, 64, ...tcp4()])],
    ['raw IP', 101, tcp4()],
    ['LINKTYPE_IPV4', 228, tcp4()],
    ['NULL (AF_INET, host order)', 0, [2, 0, 0, 0, ...tcp4()]],
    ['NULL (ethertype, as some writers do)', 0, [0x0f, 0, 8, 0, ...tcp4()]],
    ['LOOP', 108, [0, 0, 0, 2, ...tcp4()]],
    ['Linux SLL', 113, [0, 0, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0, 8, 0, ...tcp4()]],
    ['Linux SLL2', 276, [8, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 0, 1, 2, 3, 4, 5, 0, 0, ...tcp4()]],
    ['PPP', 9, [0xff, 3, 0, 0x21, ...tcp4()]],
    ['NFLOG', 239, [2, 0, 0, 0, 8, 0, 1, 0, 0, 8, 0, 0, ...u16le(4 + tcp4().length), 9, 0, ...tcp4()]],
  ];
  it.each(cases)('%s', (_n, link, bytes) => {
    const { rec, verdicts } = run([{ link, bytes }]);
    expect(verdicts[0].tcpStream).toBe(0);
    expect(rec.get(0).info.node0).toEqual({ addr: '10.0.0.1', port: 1000 });
    expect(String.fromCharCode(...rec.bytes(0, 0))).toBe('hi');
  });

  it('ignores non-IP frames and unknown link types', () => {
    const { verdicts } = run([{ link: 1, bytes: ether(0x0806, new Array<number>(28).fill(0)) }, { link: 160, bytes: tcp4() }]);
    expect(verdicts.map((v) => v.tcpStream)).toEqual([-1, -1]);
  });
});

function u16le(v: number): number[] {
  return [v & 255, v >> 8];
}

describe('IP layer', () => {
  it('walks IPv6 extension headers to TCP', () => {
    const pkt = ipv6(A6, B6, 6, tcp(5, 6, 1, 1, ACK, 'v6'), [{ type: 0, body: [1, 4, 0, 0, 0, 0] }, { type: 60, body: [1, 4, 0, 0, 0, 0] }]);
    const { rec } = run([{ link: 1, bytes: ether(0x86dd, pkt) }]);
    expect(rec.get(0).info).toMatchObject({ family: 6, node0: { addr: '2001:db8::1', port: 5 } });
    expect(String.fromCharCode(...rec.bytes(0, 0))).toBe('v6');
  });

  it('uses IPv4 Total Length, not Ethernet padding, and the frame length for TSO (Total Length 0)', () => {
    const padded = [...ether(0x0800, tcp4('x')), 0, 0, 0, 0, 0, 0];
    const tso = ether(0x0800, ipv4(A4, B4, 6, tcp(1, 2, 1, 1, ACK, 'big'), { totalLength: 0 }));
    const { rec } = run([{ link: 1, bytes: padded }, { link: 1, bytes: tso }]);
    expect(String.fromCharCode(...rec.bytes(0, 0))).toBe('x');
    expect(String.fromCharCode(...rec.bytes(1, 0))).toBe('big');
  });

  it('reassembles IPv4 fragments and hands the TCP segment to reassembly on the completing frame', () => {
    const seg = tcp(1000, 80, 1, 1, PSH | ACK, 'fragmented tcp payload!');
    const { rec, dgs, verdicts } = run([
      { link: 1, bytes: ether(0x0800, ipv4(A4, B4, 6, seg.slice(16), { id: 9, offset: 16 })) },
      { link: 1, bytes: ether(0x0800, ipv4(A4, B4, 6, seg.slice(0, 16), { id: 9, mf: true })) },
    ]);
    expect(verdicts.map((v) => [v.fragment, v.tcpStream])).toEqual([[FragmentStatus.PENDING, -1], [FragmentStatus.COMPLETED, 0]]);
    expect(dgs[0]).toMatchObject({ completedIn: 2, fragmentFrames: [2, 1] });
    expect(String.fromCharCode(...rec.bytes(0, 0))).toBe('fragmented tcp payload!');
    expect(rec.get(0).chunks[0][0].frame).toBe(2);
  });

  it('reassembles IPv6 fragments', () => {
    const u = udp(53, 5353, 'abcdefghijklmnop');
    const { udps, dgs } = run([
      { link: 1, bytes: ether(0x86dd, ipv6Fragment(A6, B6, 17, 77, 0, true, u.slice(0, 16))) },
      { link: 1, bytes: ether(0x86dd, ipv6Fragment(A6, B6, 17, 77, 16, false, u.slice(16))) },
    ]);
    expect(dgs[0]).toMatchObject({ family: 6, id: 77, protocol: 17, completedIn: 2 });
    expect(udps).toEqual([expect.objectContaining({ firstFrame: 2, node0: { addr: '2001:db8::1', port: 53 } })]);
  });

  it('dissects a first fragment it cannot reassemble (snaplen cut) for numbering only, like tshark', () => {
    const pkt = ether(0x0800, ipv4(A4, B4, 6, tcp(7, 8, 1, 1, ACK, 'payload that is cut'), { mf: true }));
    const { verdicts, rec } = run([{ link: 1, bytes: pkt.slice(0, 60), origLen: pkt.length }]);
    expect(verdicts[0]).toMatchObject({ tcpStream: 0, fragment: FragmentStatus.UNUSABLE });
    expect(rec.bytes(0, 0)).toEqual([]);
  });
});

describe('tunnels and ICMP quotes (numbering checked against tshark 4.0.17)', () => {
  it('numbers the UDP and TCP of a VXLAN frame (outer UDP first, the frame keeps the last)', () => {
    const inner = ether(0x0800, ipv4([192, 168, 0, 1], [192, 168, 0, 2], 17, udp(1111, 2222, 'in')));
    const { udps, verdicts } = run([{ link: 1, bytes: ether(0x0800, ipv4(A4, B4, 17, udp(40000, 4789, [8, 0, 0, 0, 0, 0, 1, 0, ...inner]))) }]);
    expect(udps.map((u) => [u.id, u.node0.port])).toEqual([[0, 40000], [1, 1111]]);
    expect(verdicts[0].udpStream).toBe(1);
  });

  it('follows GRE (IP and transparent Ethernet) and IP-in-IP', () => {
    const inner = ipv4([1, 1, 1, 1], [2, 2, 2, 2], 6, tcp(1, 2, 1, 1, ACK, 'g'));
    const { rec } = run([
      { link: 1, bytes: ether(0x0800, ipv4(A4, B4, 47, [0, 0, 8, 0, ...inner])) },
      { link: 1, bytes: ether(0x0800, ipv4(A4, B4, 47, [0, 0, 0x65, 0x58, ...ether(0x0800, ipv4([3, 3, 3, 3], [4, 4, 4, 4], 6, tcp(1, 2, 1, 1, ACK, 'e')))])) },
      { link: 1, bytes: ether(0x0800, ipv4(A4, B4, 4, ipv4([5, 5, 5, 5], [6, 6, 6, 6], 6, tcp(1, 2, 1, 1, ACK, 'i')))) },
    ]);
    expect([0, 1, 2].map((i) => rec.get(i).info.node0.addr)).toEqual(['1.1.1.1', '3.3.3.3', '5.5.5.5']);
    expect(String.fromCharCode(...rec.bytes(2, 0))).toBe('i');
  });

  it('gives a stream number to TCP quoted in an ICMP error when 16+ header bytes are quoted, without reassembly', () => {
    const orig = ipv4(A4, B4, 6, tcp(4000, 80, 777, 0, SYN, 'abc'));
    const icmp = (n: number): number[] => ether(0x0800, ipv4(B4, A4, 1, [3, 3, 0, 0, 0, 0, 0, 0, ...orig.slice(0, n)]));
    const { verdicts, rec } = run([{ link: 1, bytes: icmp(40) }, { link: 1, bytes: ether(0x0800, tcp4()) }, { link: 1, bytes: ether(0x0800, orig) }, { link: 1, bytes: icmp(34) }]);
    expect(verdicts.map((v) => v.tcpStream)).toEqual([0, 1, 0, -1]);
    expect(String.fromCharCode(...rec.bytes(0, 0))).toBe('abc');
  });

  it('gives a stream number to UDP quoted in an ICMP error', () => {
    const orig = ipv4(A4, B4, 17, udp(5000, 53, 'qqqqqqqqqq'));
    const { udps } = run([{ link: 1, bytes: ether(0x0800, ipv4(B4, A4, 1, [3, 3, 0, 0, 0, 0, 0, 0, ...orig.slice(0, 28)])) }, { link: 1, bytes: ether(0x0800, orig) }]);
    expect(udps.map((u) => [u.id, u.firstFrame, u.node0.port])).toEqual([[0, 1, 5000]]);
  });
});

describe('AccECN (tcpdump accecn_handshake.pcap)', () => {
  const client = (h: Uint8Array) => ether(0x0800, ipv4(A4, B4, 6, Array.from(h)));
  const server = (h: Uint8Array) => ether(0x0800, ipv4(B4, A4, 6, Array.from(h)));
  /** A copy of the third segment's header with other flag bits (AE is the low bit of byte 12). */
  const ackWith = (flags: number, keepOption = true) => {
    const h = Uint8Array.from(ACCECN_ACK);
    h[12] = (h[12] & 0xf0) | (flags >> 8);
    h[13] = flags & 0xff;
    if (!keepOption) h.fill(1, 32, 45); // the 13-byte AccECN option becomes NOPs
    return h;
  };

  it('marks non-SYN segments after an AccECN option as ACE, from the segment after the option on', () => {
    const { verdicts } = run([
      { link: 1, bytes: client(ACCECN_SYN) }, { link: 1, bytes: server(ACCECN_SYNACK) }, { link: 1, bytes: client(ACCECN_ACK) },
      { link: 1, bytes: client(ackWith(0x158)) }, { link: 1, bytes: server(ACCECN_SYNACK) },
    ]);
    expect(verdicts.map((v) => (v.tcpFlags & Analysis.ACE) !== 0)).toEqual([false, false, true, true, false]);
  });

  it('an option in the first non-SYN segment counts only for later ones; no option, no ACE', () => {
    const a = run([{ link: 1, bytes: client(ACCECN_ACK) }, { link: 1, bytes: client(ackWith(0x150)) }]);
    expect(a.verdicts.map((v) => (v.tcpFlags & Analysis.ACE) !== 0)).toEqual([false, true]);
    const b = run([{ link: 1, bytes: client(ACCECN_SYN) }, { link: 1, bytes: client(ackWith(0x158, false)) }, { link: 1, bytes: client(ackWith(0x150, false)) }]);
    expect(b.verdicts.map((v) => (v.tcpFlags & Analysis.ACE) !== 0)).toEqual([false, false, false]);
  });
});
