/** Test support: hand-built TCP segments on one conversation, and a sink that records everything. */
import { SegmentMode, TcpFlags, type CloseReason, type Direction, type TcpConflict, type TcpGap, type TcpSegment, type TcpSink, type TcpStreamInfo } from '../src/tcp/types.js';

const FLAG: Record<string, number> = { F: TcpFlags.FIN, S: TcpFlags.SYN, R: TcpFlags.RST, P: TcpFlags.PSH, A: TcpFlags.ACK, U: TcpFlags.URG };

export interface SegOptions {
  seq: number;
  ack?: number;
  /** Letters from "SAFRPU" (default "A"). */
  flags?: string;
  /** Payload: bytes, byte values or a string. */
  data?: Uint8Array | number[] | string;
  /** On-wire tcp.len when larger than the captured payload (snaplen). */
  wireLength?: number;
  window?: number;
  /** Capture time in seconds (default: previous + 1 ms). */
  t?: number;
  mode?: SegmentMode;
}

function bytes(d: SegOptions['data']): Uint8Array {
  if (d === undefined) return new Uint8Array(0);
  if (typeof d === 'string') return new TextEncoder().encode(d);
  return d instanceof Uint8Array ? d : Uint8Array.from(d);
}

/** One conversation between A (10.0.0.1:1000 by default) and B (10.0.0.2:80); direction 'a' is A -> B. */
export class Conv {
  private readonly addrs: Uint8Array;
  frame = 0;
  t = 1000;

  constructor(readonly family: 4 | 6 = 4, a: number[] = [10, 0, 0, 1], readonly aPort = 1000, b: number[] = [10, 0, 0, 2], readonly bPort = 80) {
    const n = family === 4 ? 4 : 16;
    this.addrs = new Uint8Array(2 * n);
    this.addrs.set(a.length === n ? a : [...new Array<number>(n - a.length).fill(0), ...a], 0);
    this.addrs.set(b.length === n ? b : [...new Array<number>(n - b.length).fill(0), ...b], n);
  }

  /** A segment from A ('a') or B ('b'). */
  seg(from: 'a' | 'b', o: SegOptions): TcpSegment {
    const n = this.family === 4 ? 4 : 16;
    const payload = bytes(o.data);
    this.frame++;
    this.t = o.t ?? this.t + 0.001;
    let flags = 0;
    for (const c of o.flags ?? 'A') flags |= FLAG[c];
    return {
      frame: this.frame, tsNs: BigInt(Math.round(this.t * 1e9)), family: this.family, addrs: this.addrs,
      srcOffset: from === 'a' ? 0 : n, dstOffset: from === 'a' ? n : 0,
      srcPort: from === 'a' ? this.aPort : this.bPort, dstPort: from === 'a' ? this.bPort : this.aPort,
      seq: o.seq >>> 0, ack: (o.ack ?? 0) >>> 0, flags, window: o.window ?? 65535,
      payload, payloadLength: o.wireLength ?? payload.length, mode: o.mode ?? SegmentMode.FULL,
    };
  }
}

export interface RecordedStream {
  info: TcpStreamInfo;
  chunks: [{ offset: number; bytes: number[]; frame: number }[], { offset: number; bytes: number[]; frame: number }[]];
  gaps: [TcpGap[], TcpGap[]];
  conflicts: [TcpConflict[], TcpConflict[]];
  halfClosed: [CloseReason | null, CloseReason | null];
  closed: CloseReason[];
  resumed: number;
}

/** A TcpSink recording every event; `events` keeps their order as short strings. */
export class Recorder implements TcpSink {
  readonly streams = new Map<number, RecordedStream>();
  readonly events: string[] = [];
  readonly lateFlags = new Map<number, number>();

  get(id: number): RecordedStream {
    const s = this.streams.get(id);
    if (!s) throw new Error(`no stream ${id}`);
    return s;
  }

  /** Delivered bytes of a direction, concatenated. */
  bytes(id: number, dir: Direction): number[] {
    return this.get(id).chunks[dir].flatMap((c) => c.bytes);
  }

  streamOpened(s: TcpStreamInfo): void {
    this.streams.set(s.id, { info: s, chunks: [[], []], gaps: [[], []], conflicts: [[], []], halfClosed: [null, null], closed: [], resumed: 0 });
    this.events.push(`open ${s.id}`);
  }
  data(s: TcpStreamInfo, dir: Direction, offset: number, b: Uint8Array, frame: number): void {
    this.get(s.id).chunks[dir].push({ offset, bytes: [...b], frame });
    this.events.push(`data ${s.id}/${dir} @${offset} [${[...b].join(',')}] f${frame}`);
  }
  gap(s: TcpStreamInfo, dir: Direction, g: TcpGap): void {
    this.get(s.id).gaps[dir].push(g);
    this.events.push(`gap ${s.id}/${dir} @${g.offset}+${g.length} ${g.reason}`);
  }
  conflict(s: TcpStreamInfo, dir: Direction, c: TcpConflict): void {
    this.get(s.id).conflicts[dir].push(c);
    this.events.push(`conflict ${s.id}/${dir} @${c.offset}+${c.length} f${c.frame} kept f${c.keptFrame}`);
  }
  halfClosed(s: TcpStreamInfo, dir: Direction, r: CloseReason): void {
    this.get(s.id).halfClosed[dir] = r;
    this.events.push(`half ${s.id}/${dir} ${r}`);
  }
  streamClosed(s: TcpStreamInfo, r: CloseReason): void {
    this.get(s.id).closed.push(r);
    this.events.push(`close ${s.id} ${r}`);
  }
  streamResumed(s: TcpStreamInfo): void {
    this.get(s.id).resumed++;
    this.events.push(`resume ${s.id}`);
  }
  frameFlags(frame: number, flags: number): void {
    this.lateFlags.set(frame, (this.lateFlags.get(frame) ?? 0) | flags);
  }
}

/** n bytes counting from `start` (mod 256). */
export function seqBytes(start: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (start + i) & 255);
}
