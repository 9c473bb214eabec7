/** Public shapes of TCP reassembly: segments in, stream events and per-frame analysis out. */

/** TCP header flag bits (tcp.flags). */
export const TcpFlags = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20 } as const;

/** How much of a segment reassembly may use. */
export const SegmentMode = {
  /** Header and payload usable. */
  FULL: 0,
  /** Header readable but unusable for data (bogus data offset, header cut by snaplen): numbering and base sequence only. */
  NO_PAYLOAD: 1,
  /** Only the stream number is wanted (TCP quoted in ICMP errors, unreassembled first fragments), like tshark. */
  NUMBERING_ONLY: 2,
} as const;
export type SegmentMode = (typeof SegmentMode)[keyof typeof SegmentMode];

/** One TCP segment. A reassembler reads it during the call only; views may be reused afterwards. */
export interface TcpSegment {
  frame: number;
  /** Capture time, ns since the epoch. */
  tsNs: bigint;
  family: 4 | 6;
  /** Buffer holding both addresses (4 or 16 bytes each) at srcOffset / dstOffset. */
  addrs: Uint8Array;
  srcOffset: number;
  dstOffset: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** tcp.flags (TcpFlags bits). */
  flags: number;
  /** Raw window field (unscaled). */
  window: number;
  /** The captured payload bytes (a view). */
  payload: Uint8Array;
  /** tcp.len: payload length on the wire (> payload.length when snaplen cut the frame). */
  payloadLength: number;
  mode: SegmentMode;
}

/** Per-frame analysis flags (bits), for the index's frames table. */
export const Analysis = {
  /** Carries bytes already received (delivered or buffered). */
  RETRANSMISSION: 0x1,
  /** Carries no new byte and agrees with what was received (a duplicate or spurious retransmission). */
  DUPLICATE: 0x2,
  /** Arrived ahead of missing bytes and was buffered. */
  OUT_OF_ORDER: 0x4,
  /** Bytes before this frame's data were given up as a gap (reported later through frameFlags). */
  GAP_BEFORE: 0x8,
  /** Overlapping bytes differ from the copy received first (which was kept). */
  CONFLICT: 0x10,
  /** A keep-alive (at most 1 byte at next-1): not data. */
  KEEP_ALIVE: 0x20,
  /** One byte sent into a zero window. Its byte is the next stream byte and is delivered. */
  ZERO_WINDOW_PROBE: 0x40,
  /** Filled a hole, releasing buffered data. */
  FILLS_HOLE: 0x80,
  /** A SYN with a new ISN on a known tuple started a new stream (tcp.analysis.reused_ports). */
  PORTS_REUSED: 0x100,
  /** Data after the half was closed by FIN/RST: dropped. */
  AFTER_CLOSE: 0x200,
  /** Snaplen cut the payload: the missing part is a gap. */
  TRUNCATED: 0x400,
  /** Data for a range already given up as a gap: too late to use. */
  LATE: 0x800,
  /**
   * Not reassembly's: the AE/CWR/ECE bits are AccECN's ACE counter (tshark shows tcp.flags.ace
   * instead of the three flags): not a SYN, and an earlier segment of the connection carried an
   * AccECN option.
   */
  ACE: 0x1000,
} as const;

/** 0: node0 -> node1 (node0 is the source of the stream's first frame, as in tshark's Follow). */
export type Direction = 0 | 1;

export interface Endpoint {
  addr: string;
  port: number;
}

export type GapReason =
  | 'truncated' | 'acked-unseen' | 'buffer-limit' | 'memory-limit' | 'timeout' | 'close' | 'end' | 'evicted' | 'reused';

export type CloseReason = 'fin' | 'rst' | 'idle' | 'evicted' | 'reused' | 'end';

/** Live description of one TCP stream; counters update as frames arrive. */
export interface TcpStreamInfo {
  /** tshark's tcp.stream. */
  id: number;
  family: 4 | 6;
  node0: Endpoint;
  node1: Endpoint;
  /** Node that sent the SYN (from the SYN/ACK when only that was seen), or null. */
  client: Direction | null;
  firstFrame: number;
  firstTsNs: bigint;
  lastFrame: number;
  lastTsNs: bigint;
  /** Frames per direction (index 0: node0 -> node1). */
  packets: [number, number];
  /** tcp.len summed per direction, retransmissions included. */
  payloadBytes: [number, number];
  /** Reassembled bytes handed over per direction. */
  deliveredBytes: [number, number];
  gapBytes: [number, number];
  gaps: [number, number];
  conflicts: [number, number];
  /** Data bytes received after the half was closed by FIN/RST (dropped, but counted). */
  afterCloseBytes: [number, number];
  /** How each half ended (null while open). */
  closed: [CloseReason | null, CloseReason | null];
  /** True when direction 0's first segment was not a SYN: the stream was picked up mid-way. */
  midStream: boolean;
}

export interface TcpGap {
  /** Stream offset of the first missing byte, and how many are missing. */
  offset: number;
  length: number;
  reason: GapReason;
  /** Frame whose data follows the gap, or -1. */
  frameAfter: number;
}

export interface TcpConflict {
  /** Stream offset range where a later copy differed (first to last differing byte). */
  offset: number;
  length: number;
  /** The frame whose differing bytes were discarded. */
  frame: number;
  /** The frame whose bytes were kept, or -1 when they were already delivered (see the segments map). */
  keptFrame: number;
}

/** Receives reassembly events in order. All optional. */
export interface TcpSink {
  streamOpened?(s: TcpStreamInfo): void;
  /** In-order bytes of one direction. `bytes` is a view valid during the call only. */
  data?(s: TcpStreamInfo, dir: Direction, offset: number, bytes: Uint8Array, frame: number): void;
  gap?(s: TcpStreamInfo, dir: Direction, gap: TcpGap): void;
  conflict?(s: TcpStreamInfo, dir: Direction, c: TcpConflict): void;
  /** One half is finished (its FIN/RST reached, or a forced close). */
  halfClosed?(s: TcpStreamInfo, dir: Direction, reason: CloseReason): void;
  /**
   * The stream's reassembly state is released. After 'idle' or 'evicted' the stream may come back
   * (streamResumed, same id and offsets); after FIN/RST/'end'/'reused' no further events follow.
   */
  streamClosed?(s: TcpStreamInfo, reason: CloseReason): void;
  /** A stream closed for 'idle' or 'evicted' received data again. */
  streamResumed?(s: TcpStreamInfo): void;
  /** Analysis flags learnt after a frame was processed (GAP_BEFORE). */
  frameFlags?(frame: number, flags: number): void;
}

export interface TcpReassemblyOptions {
  /** Out-of-order bytes buffered per connection (default 4 MiB); beyond, the oldest hole becomes a gap. */
  maxBufferedBytesPerConnection?: number;
  /** Out-of-order bytes buffered in total (default 64 MiB). */
  maxBufferedBytesTotal?: number;
  /** Connections with live reassembly state (default 65,536); beyond, the least recently active is flushed and closed. */
  maxOpenConnections?: number;
  /** Tuples remembered for stream numbering after their state is released (default 1,000,000). */
  maxTrackedConnections?: number;
  /** Delivered bytes kept per direction to check retransmissions for conflicts (default 256 KiB). */
  historyBytesPerDirection?: number;
  /** Total for those histories (default 64 MiB); when spent, histories stop growing. */
  maxHistoryBytesTotal?: number;
  /** A hole older than this (capture time) becomes a gap (default 60 s). */
  holeTimeoutNs?: bigint;
  /** A connection idle this long (capture time) is flushed and closed (default 300 s). */
  idleTimeoutNs?: bigint;
  /** Give up a hole as soon as the peer acknowledges bytes beyond it (default true; tshark's follow does the same). */
  ackSkipsHoles?: boolean;
}

/** What segment() says about the frame it was given (a reused object: read it before the next call). */
export interface SegmentVerdict {
  /** tcp.stream, or -1. */
  stream: number;
  direction: Direction;
  /** Analysis bits. */
  flags: number;
}
