/**
 * Turns FramePipeline events into rows of the stream tables, during ingest:
 * - every delivered TCP chunk and every UDP payload becomes a `segments` row that says where its bytes
 *   sit in the evidence file (so Follow reads them back by offset, never re-parsing the capture);
 * - gaps, conflicts, IP reassemblies, PDUs and their facts become rows of their tables;
 * - stream rows: TCP when a stream closes (again if it resumes), UDP when it opens; per-direction
 *   packet/byte counters are counted from the per-frame verdicts (the reassembler stops counting when
 *   a stream is released) and written once at the end.
 *
 * Locating delivered bytes: a chunk delivered while its own frame is pushed is a view of that frame's
 * bytes (its position is the file offset). Bytes that were buffered out of order come back as copies:
 * frames that had data buffered are kept (a bounded FIFO) and the copy is found in them. Bytes with no
 * single place in the file (a TCP payload spread over IP fragments) or whose frame left the FIFO are
 * stored in the row itself.
 */
import {
  Analysis, FragmentStatus, type Direction, type FramingEvent, type FrameVerdict, type IncompleteDatagram, type PduProtocol, type PduRecord,
  type PipelineSink, type ReassembledDatagram, type TcpConflict, type TcpGap, type TcpStreamInfo, type UdpStreamInfo,
  type CloseReason,
} from '@wirewho/reassembly';
import { appendSegment, FieldNames, SEG_TCP, SEG_UDP, type SideRows, type StreamRowValues } from '@wirewho/index';
import { appProtocols, factRows, noteUserUdpStream, tcpAppFor, udpAppFor, udpHeuristicFor, userPostDissectors, type AppResult, type PostDissector, type TcpSession } from './app-protocols.js';
import { StreamTails, type Piece } from './stream-tails.js';
import type { UdpPdu, UdpSession } from '@wirewho/dissectors';

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
/** Bytes of buffered frames kept to locate their data when it is delivered later. */
const PENDING_FRAME_BYTES = 16 * 1024 * 1024;
const EMPTY = new Uint8Array(0);
/**
 * Largest PDU kept whole for dissection: DNS over TCP (64 KiB), a TLS record (16 KiB + 2 KiB), an HTTP
 * head (64 KiB at most) fit. A larger PDU (an HTTP message with a body of megabytes) is recorded with
 * its full length and dissected from its first MAX_PDU_HEAD bytes (PduRecord.truncated), which bounds
 * the PDU framework's buffers per stream direction (memory stays flat with many concurrent downloads).
 */
export const MAX_PDU_HEAD = 128 * 1024;

/** tcpFlags: tcp.flags of a TCP header read from a reassembled datagram (frames.tcp_flags). */
export interface Ports { srcPort: number; dstPort: number; tcpFlags?: number }
/** A frame's outermost addresses and ports (from its summary), what a post-dissector's Pinfo shows. */
export interface FrameAddresses { ipSrc?: string; ipDst?: string; srcPort?: number; dstPort?: number }

/** Per-stream counters in growable typed arrays (a few dozen bytes per stream). */
class Counters {
  packets0 = new Int32Array(1024);
  packets1 = new Int32Array(1024);
  bytes0 = new Float64Array(1024);
  bytes1 = new Float64Array(1024);
  payload0 = new Float64Array(1024);
  payload1 = new Float64Array(1024);
  lastFrame = new Float64Array(1024);
  /** Registry index of the stream's application protocol, -1 for none. */
  app = new Int8Array(1024).fill(-1);
  count = 0;

  ensure(id: number): void {
    if (id < this.packets0.length) { if (id >= this.count) this.count = id + 1; return; }
    let n = this.packets0.length;
    while (n <= id) n *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => { const b = new (a.constructor as new (n: number) => T)(n); b.set(a); return b; };
    this.packets0 = g(this.packets0); this.packets1 = g(this.packets1); this.bytes0 = g(this.bytes0); this.bytes1 = g(this.bytes1);
    this.payload0 = g(this.payload0); this.payload1 = g(this.payload1); this.lastFrame = g(this.lastFrame);
    const app = new Int8Array(n).fill(-1);
    app.set(this.app);
    this.app = app;
    this.count = id + 1;
  }

  add(id: number, dir: number, frameLen: number, frame: number): void {
    this.ensure(id);
    if (dir === 0) { this.packets0[id]++; this.bytes0[id] += frameLen; } else { this.packets1[id]++; this.bytes1[id] += frameLen; }
    this.lastFrame[id] = frame;
  }
}

function streamState(s: TcpStreamInfo, reason: CloseReason): string {
  const [a, b] = s.closed;
  if (a === 'rst' || b === 'rst') return 'reset';
  if (a === 'fin' && b === 'fin') return 'closed';
  if (reason === 'reused') return 'reused';
  if (reason === 'idle' || reason === 'evicted') return reason;
  if (a === 'fin' || b === 'fin') return 'half-closed';
  return 'open';
}

export class StreamRecorder {
  /** Current frame: number, captured bytes (valid during push) and their file offset. */
  private curNumber = 0;
  private curData: Uint8Array = EMPTY;
  private curFileOffset = 0;
  /** Analysis bits reported for the current frame during its own push (GAP_BEFORE). */
  curLateFlags = 0;
  private curUdpDir = -1;
  private completed: ReassembledDatagram | null = null;
  private readonly pending = new Map<number, { fileOffset: number; data: Uint8Array }>();
  private pendingBytes = 0;
  private readonly tcp = new Counters();
  private readonly udp = new Counters();
  private udpOffset0 = new Float64Array(1024);
  private udpOffset1 = new Float64Array(1024);
  /** The chunk of the data event being handled (FramePipeline asks pduProtocolFor right after the sink's data()). */
  private lastPiece: Piece | null = null;
  private lastBlob: Uint8Array | null = null;
  private lastBytes: Uint8Array = EMPTY;
  /** Sessions of UDP streams read by user dissectors. */
  private readonly udpSessions = new Map<number, { name: string; offset: number; s: UdpSession }>();
  /** PDU sessions of open TCP streams with an application protocol. */
  private readonly tcpSessions = new Map<number, TcpSession>();
  /** Field names of frame_fields rows, interned for the batches' columnar fact rows. */
  readonly fieldNames = new FieldNames();
  /** Bytes counted for the stream tables (for tests and progress). */
  segments = 0;
  readonly pduSink = {
    pdu: (rec: PduRecord, r: AppResult) => {
      this.tails.consumed(rec.stream, rec.direction, rec.offset + rec.length);
      this.pdu('tcp', rec, r);
    },
    framing: (e: FramingEvent) => this.framing(e),
  };
  /** Bytes since the last PDU boundary of directions whose protocol ends a PDU at the end of the stream. */
  private readonly tails = new StreamTails();

  constructor(
    private readonly side: () => SideRows,
    private ord: number,
    /** Analysis bits learnt for an earlier frame (its row may already be written). */
    private readonly lateFlags: (frame: number, flags: number) => void,
    /** Reads bytes of the evidence being ingested (for PDUs that end with their stream). */
    private readonly readEvidence: (fileOffset: number, length: number) => Uint8Array,
  ) {}

  /**
   * The sink to give FramePipeline: a plain object (the pipeline copies a TCP sink's own properties
   * when it adds PDU framing, so prototype methods would be lost).
   */
  pipelineSink(): PipelineSink {
    return {
      streamOpened: () => {},
      data: (s, d, o, b, f) => this.data(s, d, o, b, f),
      gap: (s, d, g) => this.gap(s, d, g),
      conflict: (s, d, c) => this.conflict(s, d, c),
      halfClosed: (s, d) => this.halfClosed(s, d),
      streamClosed: (s, r) => this.streamClosed(s, r),
      frameFlags: (f, fl) => this.frameFlags(f, fl),
      udpStreamOpened: (u) => this.udpStreamOpened(u),
      udpDatagram: (st, d, p, f) => this.udpDatagram(st, d, p, f),
      ipReassembled: (d) => this.ipReassembled(d),
      ipIncomplete: (d) => this.ipIncomplete(d),
    };
  }

  /** Chooses PDU framing for a TCP stream direction (FramePipeline's pduProtocolFor). */
  readonly pduProtocolFor = (s: TcpStreamInfo, dir: Direction): PduProtocol<AppResult> | undefined => {
    let session = this.tcpSessions.get(s.id);
    if (session === undefined) {
      const i = tcpAppFor(s, dir, this.lastBytes);
      if (i < 0) return undefined;
      session = appProtocols()[i].session!();
      this.tcpSessions.set(s.id, session);
      this.tcp.ensure(s.id);
      this.tcp.app[s.id] = i;
    }
    const p = session(dir);
    if (p.endOfStream) {
      this.tails.track(s.id, dir, p);
      // The chunk that made the pipeline ask was handed to data() already.
      if (this.lastPiece) this.tails.data(s.id, dir, this.lastPiece);
    }
    return p;
  };

  beginFrame(number: number, data: Uint8Array, fileOffset: number): void {
    if (this.tails.closing.length) this.tails.purgeClosed();
    this.curNumber = number;
    this.curData = data;
    this.curFileOffset = fileOffset;
    this.curLateFlags = 0;
    this.curUdpDir = -1;
    this.completed = null;
  }

  /** After push(): counters, and keeps the frame when some of its data was buffered for later. */
  endFrame(v: FrameVerdict, frameLen: number, at?: FrameAddresses): void {
    const n = this.curNumber;
    const post = userPostDissectors();
    if (post.length && this.curData !== EMPTY) this.postDissect(post, v, at);
    if (v.tcpStream >= 0) {
      this.tcp.add(v.tcpStream, v.direction, frameLen, n);
      if ((v.tcpFlags & (Analysis.OUT_OF_ORDER | Analysis.FILLS_HOLE)) !== 0) this.keepPending(n);
    }
    if (v.udpStream >= 0) this.udp.add(v.udpStream, v.tcpStream >= 0 && this.curUdpDir >= 0 ? this.curUdpDir : v.direction, frameLen, n);
    this.curData = EMPTY;
  }

  /** Post-dissectors over the whole frame (only run when a dissector folder registered one). */
  private postDissect(post: readonly PostDissector[], v: FrameVerdict, at: FrameAddresses | undefined): void {
    const transport = v.tcpStream >= 0 ? 'tcp' : v.udpStream >= 0 ? 'udp' : '';
    const meta = {
      number: this.curNumber, src: at?.ipSrc ?? '', dst: at?.ipDst ?? '', srcPort: at?.srcPort ?? 0, dstPort: at?.dstPort ?? 0,
      transport, stream: v.tcpStream >= 0 ? v.tcpStream : v.udpStream,
    } as const;
    for (const fn of post) {
      const facts = fn(this.curData, meta);
      if (facts) factRows(this.curNumber, facts as AppResult['facts'], this.side().fields, this.fieldNames);
    }
  }

  /**
   * Transport ports a fragment frame shows, like tshark: none on a fragment, the reassembled
   * datagram's on the frame that completed it, its own on a first fragment that cannot be reassembled.
   */
  fragmentPorts(v: FrameVerdict, own: Ports | null): Ports | null {
    const d = this.completed;
    if (d && d.completedIn === this.curNumber && (d.protocol === IPPROTO_TCP || d.protocol === IPPROTO_UDP) && d.payload.length >= 4) {
      const p = d.payload;
      const ports: Ports = { srcPort: (p[0] << 8) | p[1], dstPort: (p[2] << 8) | p[3] };
      // Wireshark adds tcp.flags only for a header length of at least 20 (as the frame summary does).
      if (d.protocol === IPPROTO_TCP && p.length >= 20 && p[12] >> 4 >= 5) ports.tcpFlags = ((p[12] << 8) | p[13]) & 0xfff;
      return ports;
    }
    return v.fragment === FragmentStatus.UNUSABLE ? own : null;
  }

  private keepPending(frame: number): void {
    if (this.pending.has(frame)) return;
    const data = this.curData.slice();
    this.pending.set(frame, { fileOffset: this.curFileOffset, data });
    this.pendingBytes += data.length;
    while (this.pendingBytes > PENDING_FRAME_BYTES) {
      const [k, e] = this.pending.entries().next().value as [number, { data: Uint8Array }];
      this.pending.delete(k);
      this.pendingBytes -= e.data.length;
    }
  }

  /** File offset of `bytes` (delivered for `frame`), or -1 when they have no single place in the file. */
  private locate(bytes: Uint8Array, frame: number): number {
    if (frame === this.curNumber && this.curData !== EMPTY) {
      const d = this.curData;
      if (bytes.buffer === d.buffer) {
        const pos = bytes.byteOffset - d.byteOffset;
        if (pos >= 0 && pos + bytes.length <= d.length) return this.curFileOffset + pos;
      }
      const i = find(d, bytes);
      return i < 0 ? -1 : this.curFileOffset + i;
    }
    const e = this.pending.get(frame);
    if (e === undefined) return -1;
    const i = find(e.data, bytes);
    return i < 0 ? -1 : e.fileOffset + i;
  }

  /** Records a segments row; returns the file offset of the bytes (-1: stored in the row, see lastBlob). */
  private segment(proto: number, stream: number, dir: number, offset: number, bytes: Uint8Array, frame: number): number {
    if (bytes.length === 0) return -2;
    const fo = this.locate(bytes, frame);
    const blob = fo < 0 ? bytes.slice() : null;
    this.lastBlob = blob;
    appendSegment(this.side(), this.ord++, proto, stream, dir, offset, bytes.length, frame, fo, blob);
    this.segments++;
    return fo;
  }

  // ---- PipelineSink -------------------------------------------------------------------------

  data(s: TcpStreamInfo, dir: Direction, offset: number, bytes: Uint8Array, frame: number): void {
    this.lastBytes = bytes;
    const fo = this.segment(SEG_TCP, s.id, dir, offset, bytes, frame);
    this.lastPiece = fo === -2 ? null : { off: offset, length: bytes.length, frame, fileOffset: fo, blob: this.lastBlob };
    if (this.lastPiece) this.tails.data(s.id, dir, this.lastPiece);
  }

  /**
   * Framing events: a PDU still open when its direction ended is offered to the protocol's
   * endOfStream (an HTTP response delimited by the connection close), like Wireshark does at the FIN.
   */
  private framing(e: FramingEvent): void {
    if (e.kind === 'resynced') { this.tails.restart(e.stream, e.direction, e.offset); return; }
    if (e.reason !== 'end') { this.tails.lost(e.stream, e.direction); return; }
    const t = this.tails.take(e.stream, e.direction);
    if (t === null || t.proto.endOfStream === undefined || t.start > e.offset || t.broken || t.end <= e.offset) return;
    // Read back at most MAX_PDU_HEAD bytes (like any PDU too large to keep whole, only its head is dissected).
    const pieces = t.from(e.offset);
    const total = t.end - e.offset;
    const want = Math.min(total, MAX_PDU_HEAD);
    const buf = new Uint8Array(want);
    let o = 0;
    for (const p of pieces) {
      if (o >= want) break;
      const skip = Math.max(0, e.offset - p.off);
      const n = Math.min(p.length - skip, want - o);
      const bytes = p.blob ? p.blob.subarray(skip, skip + n) : this.readEvidence(p.fileOffset + skip, n);
      buf.set(bytes, o);
      o += n;
    }
    const n = t.proto.endOfStream(buf, 0);
    if (n <= 0) return;
    const frames: number[] = [];
    for (const p of pieces) if (frames[frames.length - 1] !== p.frame) frames.push(p.frame);
    const rec: PduRecord = {
      protocol: t.proto.name, stream: e.stream, direction: e.direction, offset: e.offset, length: total,
      frames, reassembledIn: t.closedIn >= 0 ? t.closedIn : t.lastFrame, truncated: total > want,
    };
    // Wireshark shows such a PDU in the frame that closed its direction (the FIN).
    this.pdu('tcp', rec, t.proto.dissect(buf, rec), t.closedIn >= 0 ? t.closedIn : undefined);
  }

  gap(s: TcpStreamInfo, dir: Direction, g: TcpGap): void {
    this.side().gaps.push([this.ord++, 'tcp', s.id, dir, g.offset, g.length, g.reason, g.frameAfter >= 0 ? g.frameAfter : null]);
  }

  halfClosed(s: TcpStreamInfo, dir: Direction): void {
    if (this.curData !== EMPTY) this.tails.halfClosed(s.id, dir, this.curNumber);
  }

  conflict(s: TcpStreamInfo, dir: Direction, c: TcpConflict): void {
    this.side().conflicts.push(['tcp', s.id, dir, c.offset, c.length, c.frame, c.keptFrame >= 0 ? c.keptFrame : null]);
  }

  streamClosed(s: TcpStreamInfo, reason: CloseReason): void {
    // The pipeline stops framing a stream once it closes (even one that resumes after idling).
    this.tcpSessions.delete(s.id);
    this.tails.closed(s.id);
    const app = s.id < this.tcp.count ? this.tcp.app[s.id] : -1;
    this.side().streams.push(this.tcpRow(s, reason, app < 0 ? null : appProtocols()[app].name));
  }

  frameFlags(frame: number, flags: number): void {
    if (frame === this.curNumber && this.curData !== EMPTY) this.curLateFlags |= flags;
    else this.lateFlags(frame, flags);
  }

  udpStreamOpened(u: UdpStreamInfo): void {
    const id = u.id;
    if (id >= this.udpOffset0.length) {
      let n = this.udpOffset0.length;
      while (n <= id) n *= 2;
      const o0 = new Float64Array(n); o0.set(this.udpOffset0); this.udpOffset0 = o0;
      const o1 = new Float64Array(n); o1.set(this.udpOffset1); this.udpOffset1 = o1;
    }
    const app = udpAppFor(u.node0.port, u.node1.port);
    noteUserUdpStream(u);
    this.udp.ensure(id);
    this.udp.app[id] = app;
    const row: StreamRowValues = [
      0, 'udp', id, u.family, u.node0.addr, u.node0.port, u.node1.addr, u.node1.port, null, u.firstFrame, u.firstFrame, null, null,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, 0, '', app < 0 ? null : appProtocols()[app].name,
    ];
    this.side().streams.push(row);
  }

  udpDatagram(stream: number, dir: Direction, payload: Uint8Array, frame: number): void {
    this.curUdpDir = dir;
    const offsets = dir === 0 ? this.udpOffset0 : this.udpOffset1;
    const offset = offsets[stream];
    offsets[stream] = offset + payload.length;
    if (dir === 0) this.udp.payload0[stream] += payload.length; else this.udp.payload1[stream] += payload.length;
    this.segment(SEG_UDP, stream, dir, offset, payload, frame);
    let app = this.udp.app[stream];
    // No port claimed the stream: user heuristics look at each datagram; the first accepted one makes
    // the protocol the stream's (Wireshark's conversation dissector after a heuristic match).
    if (app < 0 && payload.length > 0 && (app = udpHeuristicFor(payload)) >= 0) this.udp.app[stream] = app;
    if (app >= 0 && payload.length > 0) {
      const p = appProtocols()[app];
      if (p.udpSession) { this.userDatagram(p.name, p.udpSession, stream, dir, offset, payload, frame); return; }
      const r = p.udp!(payload);
      this.pdu('udp', {
        protocol: p.name, stream, direction: dir, offset, length: payload.length, frames: [frame], reassembledIn: frame, truncated: false,
      }, r);
    }
  }

  /** A datagram for a user dissector's UDP session (fragment reassembly: zero or more PDUs per datagram). */
  private userDatagram(name: string, create: () => UdpSession, stream: number, dir: Direction, offset: number, payload: Uint8Array, frame: number): void {
    let session = this.udpSessions.get(stream);
    if (session === undefined) this.udpSessions.set(stream, (session = { name, offset, s: create() }));
    session.offset = offset;
    for (const u of session.s.datagram(payload, frame, dir, stream)) this.userPdu(name, stream, offset, u);
  }

  private userPdu(name: string, stream: number, offset: number, u: UdpPdu): void {
    this.pdu('udp', {
      protocol: name, stream, direction: u.direction, offset: offset + u.offset, length: u.length, frames: u.frames, reassembledIn: u.reassembledIn, truncated: u.truncated,
    }, u.result as unknown as AppResult);
  }

  /** End of the evidence: user UDP sessions report what they still hold (incomplete messages). */
  finishUdp(): void {
    for (const [stream, e] of this.udpSessions) for (const u of e.s.finish()) this.userPdu(e.name, stream, e.offset, u);
    this.udpSessions.clear();
  }

  ipReassembled(d: ReassembledDatagram): void {
    this.completed = d;
    const frames = d.fragmentFrames;
    this.side().ipReassemblies.push([
      d.family, d.src, d.dst, d.protocol, d.id, frames.join(','), frames.length, d.payload.length, d.completedIn, 'complete',
      d.overlap ? 1 : 0, d.conflict ? 1 : 0, d.conflicts.length ? JSON.stringify(d.conflicts) : null,
      Math.min(...frames), Math.max(...frames),
    ]);
  }

  ipIncomplete(d: IncompleteDatagram): void {
    const frames = d.fragmentFrames;
    this.side().ipReassemblies.push([
      d.family, d.src, d.dst, d.protocol, d.id, frames.join(','), frames.length, d.receivedBytes, null, `incomplete:${d.reason}`,
      0, 0, null, d.firstFrame, d.lastFrame,
    ]);
  }

  private pdu(proto: 'tcp' | 'udp', rec: PduRecord, r: AppResult | undefined, completedIn?: number): void {
    const side = this.side();
    // Reassembled in the frame being pushed when the PDU completed (Wireshark's "reassembled in": the
    // frame that filled the last hole), not the frame its last bytes came from.
    const inFrame = completedIn ?? (this.curData !== EMPTY ? this.curNumber : rec.reassembledIn);
    side.pdus.push([
      proto, rec.stream, rec.direction, rec.protocol, rec.offset, rec.length, rec.frames[0] ?? inFrame, inFrame,
      rec.frames.join(','), rec.truncated ? 1 : 0, r?.summary ?? null,
      // User dissectors' PDUs carry their detail tree (frameDetail shows it in the reassembled-in frame).
      r?.tree && r.tree.length ? JSON.stringify(r.tree) : null,
    ]);
    if (r) factRows(inFrame, r.facts, side.fields, this.fieldNames);
  }

  private tcpRow(s: TcpStreamInfo, reason: CloseReason, app: string | null): StreamRowValues {
    return [
      0, 'tcp', s.id, s.family, s.node0.addr, s.node0.port, s.node1.addr, s.node1.port, s.client, s.firstFrame, s.lastFrame, null, null,
      s.packets[0], s.packets[1], 0, 0, s.payloadBytes[0], s.payloadBytes[1], s.deliveredBytes[0], s.deliveredBytes[1],
      s.gaps[0], s.gaps[1], s.gapBytes[0], s.gapBytes[1], s.conflicts[0], s.conflicts[1], s.afterCloseBytes[0], s.afterCloseBytes[1],
      s.closed[0], s.closed[1], s.midStream ? 1 : 0, streamState(s, reason), app,
    ];
  }

  /**
   * The final counters of every stream, appended to side rows in slices of `slice` streams (each
   * slice goes with its own batch, so a capture with millions of streams does not build one huge
   * message). Call after the pipeline's end().
   */
  *finalCounters(slice = 65536): IterableIterator<(side: SideRows) => void> {
    for (const [proto, c] of [['tcp', this.tcp], ['udp', this.udp]] as const) {
      for (let start = 0; start < c.count; start += slice) {
        const end = Math.min(c.count, start + slice);
        yield (side) => {
          for (let id = start; id < end; id++) {
            if (c.packets0[id] === 0 && c.packets1[id] === 0) continue;
            side.streamStats.push([proto, id, c.packets0[id], c.packets1[id], c.bytes0[id], c.bytes1[id], c.lastFrame[id],
              proto === 'udp' ? c.payload0[id] : -1, proto === 'udp' ? c.payload1[id] : -1]);
          }
        };
      }
    }
  }

  /** Next free segment/gap ordinal (for the next evidence). */
  nextOrd(): number {
    return this.ord;
  }
}

/** Position of `needle` in `hay`, or -1 (native search, no copies). */
function find(hay: Uint8Array, needle: Uint8Array): number {
  if (needle.length > hay.length) return -1;
  const h = Buffer.from(hay.buffer, hay.byteOffset, hay.length);
  const n = Buffer.from(needle.buffer, needle.byteOffset, needle.length);
  return h.indexOf(n);
}
