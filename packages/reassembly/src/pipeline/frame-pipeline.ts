/**
 * From captured frames to streams: locates the IP layer, defragments, numbers TCP/UDP streams like
 * tshark (tunnels and ICMP-quoted headers included), reassembles TCP and optionally frames PDUs.
 * Pure TypeScript: feed it FrameRecords from @wirewho/pcap (or anything with the same fields).
 */
import { IpDefragmenter } from '../defrag/defragmenter.js';
import type { DefragOptions, IncompleteDatagram, ReassembledDatagram } from '../defrag/types.js';
import { newIpHeader, type IpHeader } from '../decode/ip-header.js';
import { decodeIpv4 } from '../decode/ipv4.js';
import { decodeIpv6, walkIpv6Extensions } from '../decode/ipv6.js';
import { familyOfEthertype, locateNetwork, walkEthertype, type NetworkLocation } from '../decode/link.js';
import { decodeTcp, decodeUdp, hasAccEcnOption, newTcpHeader, newUdpHeader } from '../decode/transport.js';
import { decodeGre, isIcmpError, isIcmpv6Error, VXLAN_PORT } from '../decode/tunnel.js';
import { PduDesegmenter } from '../pdu/desegmenter.js';
import type { PduOptions, PduProtocol, PduSink, StreamFramer } from '../pdu/types.js';
import { TcpReassembler } from '../tcp/tcp-reassembler.js';
import {
  Analysis, SegmentMode, type Direction, type TcpReassemblyOptions, type TcpSegment, type TcpSink, type TcpStreamInfo,
} from '../tcp/types.js';
import { UdpStreams, type UdpStreamInfo, type UdpStreamOptions } from '../udp/udp-streams.js';

/** The frame fields the pipeline reads (a FrameRecord satisfies it). */
export interface FrameInput {
  number: number;
  tsNs: bigint;
  linkType: number;
  /** Captured bytes (a view valid during push()). */
  data: Uint8Array;
  origLen: number;
}

/** Fragment status of a frame. */
export const FragmentStatus = { NONE: 0, PENDING: 1, COMPLETED: 2, UNUSABLE: 3 } as const;

/** What push() found in a frame (a reused object: read it before the next push). */
export interface FrameVerdict {
  /** tcp.stream of the innermost TCP header, or -1. */
  tcpStream: number;
  /** udp.stream of the last UDP header (tshark's field order), or -1. */
  udpStream: number;
  /** Direction within the stream (0: node0 -> node1). */
  direction: Direction;
  /** TCP Analysis bits. */
  tcpFlags: number;
  /** FragmentStatus of the (innermost) IP layer. */
  fragment: number;
}

export interface PipelineSink extends TcpSink {
  udpStreamOpened?(s: UdpStreamInfo): void;
  /** A UDP payload (view valid during the call); not called for UDP quoted in ICMP errors. */
  udpDatagram?(stream: number, dir: Direction, payload: Uint8Array, frame: number): void;
  ipReassembled?(d: ReassembledDatagram): void;
  ipIncomplete?(d: IncompleteDatagram): void;
}

export interface PipelineOptions {
  tcp?: TcpReassemblyOptions;
  defrag?: DefragOptions;
  udp?: UdpStreamOptions;
  /** Chooses a PDU protocol for a stream direction on its first data (undefined: none). */
  pduProtocolFor?: (s: TcpStreamInfo, dir: Direction) => PduProtocol | undefined;
  pduSink?: PduSink;
  pdu?: PduOptions;
}

const MAX_DEPTH = 4;
type Deseg = StreamFramer | null;

export class FramePipeline {
  readonly tcp: TcpReassembler;
  readonly udp: UdpStreams;
  readonly defrag: IpDefragmenter;
  private readonly loc: NetworkLocation = { family: 0, offset: 0 };
  private readonly ip: IpHeader[] = Array.from({ length: MAX_DEPTH + 1 }, newIpHeader);
  private readonly th = newTcpHeader();
  private readonly uh = newUdpHeader();
  private readonly gre = { offset: 0, type: 0 };
  private readonly seg: TcpSegment = {
    frame: 0, tsNs: 0n, family: 4, addrs: new Uint8Array(0), srcOffset: 0, dstOffset: 0, srcPort: 0, dstPort: 0,
    seq: 0, ack: 0, flags: 0, window: 0, payload: new Uint8Array(0), payloadLength: 0, mode: SegmentMode.FULL,
  };
  private readonly verdict: FrameVerdict = { tcpStream: -1, udpStream: -1, direction: 0, tcpFlags: 0, fragment: 0 };
  private frame: FrameInput = { number: 0, tsNs: 0n, linkType: 0, data: new Uint8Array(0), origLen: 0 };
  private readonly desegs = new Map<number, [Deseg | undefined, Deseg | undefined]>();
  /** tcp.stream numbers where a segment carried an AccECN option (Wireshark then reads later flags as ACE). */
  private readonly accEcnStreams = new Set<number>();

  constructor(private readonly sink: PipelineSink = {}, private readonly options: PipelineOptions = {}) {
    const tcpSink = options.pduProtocolFor ? this.withPdus(sink) : sink;
    this.tcp = new TcpReassembler(tcpSink, options.tcp);
    this.udp = new UdpStreams((s) => sink.udpStreamOpened?.(s), options.udp);
    this.defrag = new IpDefragmenter(options.defrag, (d) => sink.ipIncomplete?.(d));
  }

  /** Processes one frame. */
  push(f: FrameInput): FrameVerdict {
    const v = this.verdict;
    v.tcpStream = v.udpStream = -1;
    v.direction = 0;
    v.tcpFlags = 0;
    v.fragment = 0;
    this.frame = f;
    const loc = locateNetwork(f.linkType, f.data, this.loc);
    if (loc.family !== 0) this.network(f.data, loc.offset, loc.family, f.origLen - loc.offset, 0, false);
    return v;
  }

  /** End of input: pending fragments become incomplete records, streams are flushed and closed. */
  end(): void {
    this.defrag.flush('end');
    this.tcp.end();
  }

  private network(d: Uint8Array, o: number, family: 4 | 6, reported: number, depth: number, inError: boolean): void {
    if (depth > MAX_DEPTH) return;
    const h = this.ip[depth];
    const ok = family === 4 ? decodeIpv4(d, o, reported, h) : decodeIpv6(d, o, reported, h);
    if (!ok) return;
    if (h.isFragment) {
      this.fragment(d, h, depth, inError);
      return;
    }
    this.transport(d, h.payloadOffset, h.payloadCaptured, h.payloadLength, h.protocol, h, d, h.srcOffset, h.dstOffset, depth, inError, false);
  }

  /** tshark reassembles only whole, non-empty fragments outside ICMP quotes; a first fragment it cannot add is dissected as is. */
  private fragment(d: Uint8Array, h: IpHeader, depth: number, inError: boolean): void {
    const v = this.verdict;
    if (inError || h.payloadLength === 0 || h.payloadCaptured < h.payloadLength || h.lengthExceedsFrame) {
      v.fragment = 3;
      if (h.fragmentOffset === 0) {
        this.transport(d, h.payloadOffset, h.payloadCaptured, h.payloadLength, h.protocol, h, d, h.srcOffset, h.dstOffset, depth, inError, true);
      }
      return;
    }
    const f = this.frame;
    const r = this.defrag.add({
      family: h.family, addrs: d, srcOffset: h.srcOffset, dstOffset: h.dstOffset, protocol: h.protocol, id: h.id,
      offset: h.fragmentOffset, more: h.moreFragments, data: d.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength),
      frame: f.number, tsNs: f.tsNs,
    });
    if (r.kind === 'pending') { v.fragment = 1; return; }
    if (r.kind === 'rejected') { v.fragment = 3; return; }
    v.fragment = 2;
    const dg = r.datagram;
    this.sink.ipReassembled?.(dg);
    const p = dg.payload;
    const n = dg.family === 4 ? 4 : 16;
    let off = 0, proto = dg.protocol;
    if (dg.family === 6) {
      // The reassembled part may start with more extension headers.
      const h2 = this.ip[MAX_DEPTH];
      h2.isFragment = false;
      if (!walkIpv6Extensions(p, 0, p.length, proto, h2) || h2.isFragment) return;
      off = h2.payloadOffset;
      proto = h2.protocol;
    }
    this.transport(p, off, p.length - off, p.length - off, proto, h, dg.addrs, 0, n, depth, false, false);
  }

  private transport(
    b: Uint8Array, o: number, captured: number, length: number, proto: number, h: IpHeader,
    addrs: Uint8Array, srcOff: number, dstOff: number, depth: number, inError: boolean, firstFragment: boolean,
  ): void {
    switch (proto) {
      case 6: this.tcpLayer(b, o, captured, length, h.family, addrs, srcOff, dstOff, inError || firstFragment); return;
      case 17: this.udpLayer(b, o, captured, length, h.family, addrs, srcOff, dstOff, depth, inError, firstFragment); return;
      case 1: case 58: {
        if (inError || firstFragment || captured < 8) return;
        const t = b[o];
        if (proto === 1 ? !isIcmpError(t) : !isIcmpv6Error(t)) return;
        const q = o + 8;
        const qf = b[q] >> 4;
        if (qf === 4 || qf === 6) this.network(b, q, qf, captured - 8, depth + 1, true);
        return;
      }
      case 4: case 41:
        if (!inError && !firstFragment) this.network(b, o, proto === 4 ? 4 : 6, length, depth + 1, false);
        return;
      case 47: {
        if (inError || firstFragment || !decodeGre(b, o, captured, this.gre)) return;
        const g = this.gre;
        const rest = length - (g.offset - o);
        if (g.type === 0x6558) this.ethernetInner(b, g.offset, rest, depth);
        else {
          const fam = familyOfEthertype(g.type);
          if (fam !== 0) this.network(b, g.offset, fam, rest, depth + 1, false);
        }
        return;
      }
      default:
    }
  }

  private ethernetInner(b: Uint8Array, o: number, reported: number, depth: number): void {
    if (o + 14 > b.length) return;
    const loc = walkEthertype(b, (b[o + 12] << 8) | b[o + 13], o + 14, this.loc);
    if (loc.family !== 0) this.network(b, loc.offset, loc.family, reported - (loc.offset - o), depth + 1, false);
  }

  private tcpLayer(
    b: Uint8Array, o: number, captured: number, length: number, family: 4 | 6,
    addrs: Uint8Array, srcOff: number, dstOff: number, numberingOnly: boolean,
  ): void {
    const th = this.th;
    const state = decodeTcp(b, o, captured, th);
    if (state === 'none') return;
    const s = this.seg;
    const f = this.frame;
    s.frame = f.number;
    s.tsNs = f.tsNs;
    s.family = family;
    s.addrs = addrs;
    s.srcOffset = srcOff;
    s.dstOffset = dstOff;
    s.srcPort = th.srcPort;
    s.dstPort = th.dstPort;
    s.seq = th.seq;
    s.ack = th.ack;
    s.flags = th.flags;
    s.window = th.window;
    const hl = th.headerLength;
    if (numberingOnly || length < hl) {
      // tshark runs no sequence analysis for quoted/fragmented headers or when tcp.len would be negative.
      s.mode = SegmentMode.NUMBERING_ONLY;
      s.payloadLength = 0;
      s.payload = EMPTY;
    } else if (state === 'partial') {
      s.mode = SegmentMode.NO_PAYLOAD;
      s.payloadLength = Math.max(0, length - hl);
      s.payload = EMPTY;
    } else {
      s.mode = SegmentMode.FULL;
      s.payloadLength = length - hl;
      s.payload = b.subarray(o + hl, o + Math.max(hl, Math.min(captured, length)));
    }
    const tv = this.tcp.segment(s);
    const v = this.verdict;
    v.tcpStream = tv.stream;
    v.direction = tv.direction;
    v.tcpFlags = tv.flags;
    // Wireshark dissects the flags before the options: the option counts from the next segment on.
    if ((th.flags & 0x02) === 0 && this.accEcnStreams.has(tv.stream)) v.tcpFlags |= Analysis.ACE;
    if (state === 'full' && hasAccEcnOption(b, o, hl)) this.accEcnStreams.add(tv.stream);
  }

  private udpLayer(
    b: Uint8Array, o: number, captured: number, length: number, family: 4 | 6,
    addrs: Uint8Array, srcOff: number, dstOff: number, depth: number, inError: boolean, firstFragment: boolean,
  ): void {
    const uh = this.uh;
    if (!decodeUdp(b, o, captured, uh)) return;
    const uv = this.udp.datagram({
      family, addrs, srcOffset: srcOff, dstOffset: dstOff, srcPort: uh.srcPort, dstPort: uh.dstPort, frame: this.frame.number,
    });
    const v = this.verdict;
    v.udpStream = uv.stream;
    v.direction = uv.direction;
    if (inError || firstFragment) return;
    const end = o + Math.min(captured, uh.length >= 8 ? Math.min(uh.length, length) : length);
    if (this.sink.udpDatagram) this.sink.udpDatagram(uv.stream, uv.direction, b.subarray(o + 8, Math.max(o + 8, end)), this.frame.number);
    if (uh.dstPort === VXLAN_PORT && captured >= 16 + 14) this.ethernetInner(b, o + 16, length - 16, depth);
  }

  /** Wraps the TCP sink so stream bytes also go through PDU desegmenters. */
  private withPdus(user: TcpSink): TcpSink {
    const choose = this.options.pduProtocolFor!;
    const pduSink = this.options.pduSink ?? { pdu: () => {} };
    const get = (s: TcpStreamInfo, dir: Direction): Deseg => {
      let pair = this.desegs.get(s.id);
      if (pair === undefined) this.desegs.set(s.id, (pair = [undefined, undefined]));
      let d = pair[dir];
      if (d === undefined) {
        const p = choose(s, dir);
        d = pair[dir] = p ? (p.createFramer ? p.createFramer(s.id, dir, pduSink) : new PduDesegmenter(p, s.id, dir, pduSink, this.options.pdu)) : null;
      }
      return d;
    };
    return {
      ...user,
      data: (s, dir, off, bytes, frame) => {
        user.data?.(s, dir, off, bytes, frame);
        get(s, dir)?.data(off, bytes, frame);
      },
      gap: (s, dir, g) => {
        user.gap?.(s, dir, g);
        this.desegs.get(s.id)?.[dir]?.gap(g.offset, g.length);
      },
      streamClosed: (s, reason) => {
        user.streamClosed?.(s, reason);
        const pair = this.desegs.get(s.id);
        pair?.[0]?.finish();
        pair?.[1]?.finish();
        // A stream closed for idleness may resume at an unknown PDU boundary: no framing then.
        if (reason === 'idle' || reason === 'evicted') this.desegs.set(s.id, [null, null]);
        else this.desegs.delete(s.id);
      },
    };
  }
}

const EMPTY = new Uint8Array(0);
