/** Test support: run a capture through FramePipeline and keep what came out, per stream and direction. */
import { createHash } from 'node:crypto';
import { CaptureParser, type FrameRecord, type SideBlock } from '@wirewho/pcap';
import { FramePipeline, type PipelineOptions } from '../src/pipeline/frame-pipeline.js';
import type { IncompleteDatagram, ReassembledDatagram } from '../src/defrag/types.js';
import type { CloseReason, Direction, TcpConflict, TcpGap, TcpStreamInfo } from '../src/tcp/types.js';
import type { UdpStreamInfo } from '../src/udp/udp-streams.js';

export interface DirectionOut {
  /** Delivered chunks in order (bytes copied). */
  chunks: { offset: number; bytes: Uint8Array; frame: number }[];
  gaps: TcpGap[];
  conflicts: TcpConflict[];
  closed: CloseReason | null;
}

export interface StreamOut {
  info: TcpStreamInfo;
  dirs: [DirectionOut, DirectionOut];
  closeReason: CloseReason | null;
}

export interface RunResult {
  tcp: Map<number, StreamOut>;
  udp: UdpStreamInfo[];
  datagrams: ReassembledDatagram[];
  incomplete: IncompleteDatagram[];
  frames: number;
  /** Per tshark frame number: [tcpStream, udpStream, direction, flags, fragment status]. */
  verdicts: Map<number, [number, number, number, number, number]>;
  lateFlags: Map<number, number>;
  pipeline: FramePipeline;
  error?: unknown;
}

const newDir = (): DirectionOut => ({ chunks: [], gaps: [], conflicts: [], closed: null });

/**
 * Parses `bytes` and pushes every frame. Frame numbers follow tshark 4.0, which counts pcapng
 * custom blocks as records.
 */
export function runCapture(bytes: Uint8Array, options: PipelineOptions = {}, keepBytes = true): RunResult {
  const tcp = new Map<number, StreamOut>();
  const res: RunResult = {
    tcp, udp: [], datagrams: [], incomplete: [], frames: 0, verdicts: new Map(), lateFlags: new Map(),
    pipeline: undefined as unknown as FramePipeline,
  };
  const dirOf = (s: TcpStreamInfo, d: Direction): DirectionOut => tcp.get(s.id)!.dirs[d];
  const p = new FramePipeline({
    streamOpened: (s) => tcp.set(s.id, { info: s, dirs: [newDir(), newDir()], closeReason: null }),
    data: (s, d, offset, b, frame) => {
      dirOf(s, d).chunks.push({ offset, bytes: keepBytes ? b.slice() : new Uint8Array(0), frame });
    },
    gap: (s, d, g) => { dirOf(s, d).gaps.push(g); },
    conflict: (s, d, c) => { dirOf(s, d).conflicts.push(c); },
    halfClosed: (s, d, r) => { dirOf(s, d).closed = r; },
    streamClosed: (s, r) => { tcp.get(s.id)!.closeReason = r; },
    frameFlags: (f, fl) => res.lateFlags.set(f, (res.lateFlags.get(f) ?? 0) | fl),
    udpStreamOpened: (u) => res.udp.push(u),
    ipReassembled: (d) => res.datagrams.push(d),
    ipIncomplete: (d) => res.incomplete.push(d),
  }, options);
  res.pipeline = p;
  let n = 0;
  const parser = new CaptureParser();
  const sink = {
    onInterface: () => {},
    onFrame: (f: FrameRecord) => {
      n++;
      const v = p.push({ number: n, tsNs: f.tsNs, linkType: f.linkType, data: f.data, origLen: f.origLen });
      res.verdicts.set(n, [v.tcpStream, v.udpStream, v.direction, v.tcpFlags, v.fragment]);
    },
    onSideBlock: (b: SideBlock) => {
      if (b.kind === 'custom' || b.kind === 'process-info') n++;
    },
  };
  try {
    parser.push(bytes, sink);
    parser.end(sink);
  } catch (e) {
    res.error = e;
  }
  p.end();
  res.frames = n;
  return res;
}

/** Concatenated delivered bytes of one direction, optionally only up to the first gap. */
export function directionBytes(d: DirectionOut, untilFirstGap = false): Uint8Array {
  let limit = Infinity;
  if (untilFirstGap && d.gaps.length > 0) limit = d.gaps[0].offset;
  const parts = d.chunks.filter((c) => c.offset < limit);
  const total = parts.reduce((n, c) => n + Math.min(c.bytes.length, limit - c.offset), 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of parts) {
    const b = c.bytes.subarray(0, Math.min(c.bytes.length, limit - c.offset));
    out.set(b, o);
    o += b.length;
  }
  return out;
}

export function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/**
 * The bytes tshark 4.0's Follow would print for a direction: delivered data, with each gap that the
 * peer acknowledged (acked-unseen) rendered as tshark's "[N bytes missing in capture file]" + NUL
 * marker; at any other gap tshark stops (a permanent hole), so the rendering stops there too.
 * `complete` is false when it stopped early.
 */
export function tsharkFollowView(d: DirectionOut): { bytes: Uint8Array; complete: boolean } {
  const parts: Uint8Array[] = [];
  let gi = 0;
  let complete = true;
  const stopAt = d.gaps.find((g) => g.reason !== 'acked-unseen' && g.reason !== 'truncated');
  const limit = stopAt ? stopAt.offset : Infinity;
  if (stopAt) complete = false;
  for (const c of d.chunks) {
    while (gi < d.gaps.length && d.gaps[gi].offset <= c.offset && d.gaps[gi].offset < limit) {
      const g = d.gaps[gi++];
      if (g.reason === 'acked-unseen') parts.push(new TextEncoder().encode(`[${g.length} bytes missing in capture file]\0`));
    }
    if (c.offset >= limit) break;
    parts.push(c.bytes.subarray(0, Math.min(c.bytes.length, limit - c.offset)));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return { bytes: out, complete };
}
