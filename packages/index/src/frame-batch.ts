/**
 * A batch of frame rows in columnar form: typed arrays travel to the writer worker by transfer
 * (no copy), strings by structured clone. -1 stands for NULL in the integer columns.
 */

export interface InterfaceRow {
  evidenceId: number;
  ifaceId: number;
  section: number;
  localId: number;
  linkType: number;
  snapLen: number;
  name: string | null;
  description: string | null;
  filter: string | null;
  os: string | null;
  tsresol: string;
  tsOffset: number;
  fcsLen: number | null;
}

export interface FrameBatch {
  evidenceId: number;
  count: number;
  /** Frames of this evidence indexed once this batch commits, and the bytes of the file consumed. */
  framesTotal: number;
  bytesIndexed: number;
  interfaces: InterfaceRow[];
  number: Float64Array;
  fileOffset: Float64Array;
  capLen: Int32Array;
  origLen: Int32Array;
  /**
   * Timestamps as seconds + nanoseconds: seconds beyond 2^63 ns (pcapng files carry them) still fit, and
   * an out-of-range fraction a file stores is kept as stored, so it prints exactly as tshark prints it.
   */
  tsSec: Float64Array;
  tsNsec: Float64Array;
  /** 0 where the record has no timestamp (pcapng Simple Packet Blocks, custom blocks): stored as NULL. */
  hasTs: Uint8Array;
  /** First and last timestamp (ns) of the batch's rows that have one; the writer stores their decimal text. */
  firstTsNs: bigint | null;
  lastTsNs: bigint | null;
  ifaceId: Int32Array;
  ipVersion: Uint8Array;
  ipProto: Int16Array;
  srcPort: Int32Array;
  dstPort: Int32Array;
  tcpFlags: Int32Array;
  epbFlags: Int32Array;
  /** 48-bit MAC addresses as numbers; -1 for none. */
  ethSrc: Float64Array;
  ethDst: Float64Array;
  ipSrc: (string | null)[];
  ipDst: (string | null)[];
  protocol: string[];
  /** Stored Info text for records whose Info cannot be derived from their bytes; null otherwise. */
  info: (string | null)[];
  comments: (string | null)[];
  /** Stream columns (migration 2): -1 stands for NULL; tcpAnalysis 0 is stored as NULL. */
  tcpStream: Int32Array;
  udpStream: Int32Array;
  direction: Int8Array;
  tcpAnalysis: Int32Array;
  /** Process columns (migration 3): processes.id and 2 sent / 1 received; -1 stands for NULL. */
  processId: Int32Array;
  processDir: Int8Array;
  /** Rows of the stream tables produced while this batch's frames were read (committed with them). */
  side: SideRows;
}

/** Column order of a `streams` row (see schema.ts). */
export const STREAM_ROW_COLUMNS = [
  'evidence_id', 'proto', 'id', 'ip_version', 'node0_addr', 'node0_port', 'node1_addr', 'node1_port', 'client',
  'first_frame', 'last_frame', 'first_ts_sec', 'first_ts_nsec', 'packets0', 'packets1', 'bytes0', 'bytes1',
  'payload0', 'payload1', 'delivered0', 'delivered1', 'gaps0', 'gaps1', 'gap_bytes0', 'gap_bytes1',
  'conflicts0', 'conflicts1', 'after_close0', 'after_close1', 'close0', 'close1', 'mid_stream', 'state', 'app_proto',
] as const;
export type StreamRowValues = (string | number | null)[];

/** proto of a segment: 0 tcp, 1 udp. */
export const SEG_TCP = 0;
export const SEG_UDP = 1;

/**
 * Stream-table rows travelling with a frame batch. Segments (about one per TCP/UDP payload) are
 * columnar typed arrays, transferred without a copy; the rarer rows are small tuples.
 */
export interface SideRows {
  segCount: number;
  segOrd: Float64Array;
  segProto: Uint8Array;
  segStream: Int32Array;
  segDir: Uint8Array;
  segOffset: Float64Array;
  segLength: Int32Array;
  segFrame: Float64Array;
  /** -1: the bytes are in segBlobs (no single place in the evidence, e.g. an IP-reassembled payload). */
  segFileOffset: Float64Array;
  segBlobs: [index: number, bytes: Uint8Array][];
  /** INSERT OR REPLACE into streams, values in STREAM_ROW_COLUMNS order. */
  streams: StreamRowValues[];
  /** [ord, proto, stream, direction, offset, length, reason, frameAfter] */
  gaps: [number, string, number, number, number, number, string, number | null][];
  /** [proto, stream, direction, offset, length, frame, keptFrame] */
  conflicts: [string, number, number, number, number, number, number | null][];
  /** [proto, stream, direction, protocol, offset, length, firstFrame, reassembledIn, frames, truncated, summary] */
  /** ..., summary, detail tree (JSON, user dissectors' PDUs) */
  pdus: [string, number, number, string, number, number, number, number, string, number, string | null, string | null][];
  /** [family, src, dst, protocol, ipId, fragments, fragmentCount, length, reassembledIn, status, overlap, conflict, conflicts, firstFrame, lastFrame] */
  ipReassemblies: [number, string, string, number, number, string, number, number, number | null, string, number, number, string | null, number, number][];
  /** Facts (frame_fields rows), columnar; see appendFrameField. */
  fields: FieldColumns;
  /** Analysis bits learnt after a frame's batch was sent: OR-ed into frames.tcp_analysis. */
  flagUpdates: [frame: number, flags: number][];
  /** Final per-stream counters: [proto, stream, packets0, packets1, bytes0, bytes1, lastFrame, payload0, payload1] (payload -1: keep). */
  streamStats: [string, number, number, number, number, number, number, number, number][];
  /** Fill streams' first/last timestamps from their frames (end of an evidence). */
  finishStreams: boolean;
  /** processes rows (new or grown), values in PROCESS_ROW_COLUMNS order; upserted by id. */
  processes: ProcessRowValues[];
}

/** Column order of a `processes` row as ingest writes it (the per-process figures come after the load). */
export const PROCESS_ROW_COLUMNS = [
  'id', 'evidence_id', 'pid', 'start_ns', 'ppid', 'uid', 'user', 'comm', 'name', 'exe', 'args', 'argv', 'uuid', 'details',
  'truncated', 'source', 'confidence',
] as const;
export type ProcessRowValues = (string | number | null)[];

/** One occurrence of a field in a frame (generic fact table read by the display-filter compiler). */
export type FrameFieldRow = [frame: number, field: string, value: string | number | null];

/**
 * frame_fields rows in columnar form: field names interned (`names[fieldId[k]]`), numeric values in
 * `num`, text values in `text` (kind 0 null, 1 number, 2 text, 4 bytes as hex -> BLOB). Millions of facts travel to the writer
 * as a few typed arrays instead of millions of small arrays.
 */
export interface FieldColumns {
  count: number;
  frame: Float64Array;
  fieldId: Uint16Array;
  kind: Uint8Array;
  num: Float64Array;
  text: (string | null)[];
  /** Field names by id (the whole table of the ingest so far). */
  names: string[];
}

export function createFieldColumns(capacity: number, names: string[] = []): FieldColumns {
  return {
    count: 0, frame: new Float64Array(capacity), fieldId: new Uint16Array(capacity), kind: new Uint8Array(capacity),
    num: new Float64Array(capacity), text: [], names,
  };
}

/** Interns field names for one ingest (ids fit the Uint16 column; beyond, names go through `text`). */
export class FieldNames {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.names.length >= 0xffff) return 0xffff;
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

/** Appends one fact. Numbers outside the exact-integer range, bigints and booleans become text / 0-1. */
export function appendFrameField(c: FieldColumns, dict: FieldNames, frame: number, field: string, value: string | number | boolean | bigint | Uint8Array | null): void {
  const k = c.count;
  if (k === c.frame.length) {
    const n = Math.max(1024, k * 2);
    c.frame = grow(c.frame, n); c.fieldId = grow(c.fieldId, n); c.kind = grow(c.kind, n); c.num = grow(c.num, n);
  }
  const id = dict.id(field);
  c.frame[k] = frame;
  c.fieldId[k] = id;
  // Field names beyond the intern table ride in `text` with kind 3 (name) + the value as text.
  if (id === 0xffff) {
    c.kind[k] = 3;
    c.text[k] = value instanceof Uint8Array ? JSON.stringify([field, Buffer.from(value).toString('hex'), 1])
      : JSON.stringify([field, value === null ? null : typeof value === 'number' ? value : String(value)]);
  } else if (value === null) {
    c.kind[k] = 0;
  } else if (typeof value === 'number') {
    c.kind[k] = 1;
    c.num[k] = value;
  } else if (typeof value === 'boolean') {
    c.kind[k] = 1;
    c.num[k] = value ? 1 : 0;
  } else if (value instanceof Uint8Array) {
    // Byte fields (FT_BYTES) are stored as BLOBs, so `contains`, slices and byte comparisons work on them.
    c.kind[k] = 4;
    c.text[k] = Buffer.from(value).toString('hex');
  } else {
    c.kind[k] = 2;
    c.text[k] = typeof value === 'bigint' ? value.toString() : value;
  }
  c.count = k + 1;
}

export function createSideRows(capacity: number): SideRows {
  return {
    segCount: 0, segOrd: new Float64Array(capacity), segProto: new Uint8Array(capacity), segStream: new Int32Array(capacity),
    segDir: new Uint8Array(capacity), segOffset: new Float64Array(capacity), segLength: new Int32Array(capacity),
    segFrame: new Float64Array(capacity), segFileOffset: new Float64Array(capacity), segBlobs: [],
    streams: [], gaps: [], conflicts: [], pdus: [], ipReassemblies: [], fields: createFieldColumns(0), flagUpdates: [], streamStats: [],
    finishStreams: false, processes: [],
  };
}

function grow<T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Appends a segment row (grows the columns when full). */
export function appendSegment(
  s: SideRows, ord: number, proto: number, stream: number, dir: number, offset: number, length: number, frame: number,
  fileOffset: number, blob: Uint8Array | null,
): void {
  const k = s.segCount;
  if (k === s.segOrd.length) {
    const n = Math.max(256, k * 2);
    s.segOrd = grow(s.segOrd, n); s.segProto = grow(s.segProto, n); s.segStream = grow(s.segStream, n);
    s.segDir = grow(s.segDir, n); s.segOffset = grow(s.segOffset, n); s.segLength = grow(s.segLength, n);
    s.segFrame = grow(s.segFrame, n); s.segFileOffset = grow(s.segFileOffset, n);
  }
  s.segOrd[k] = ord;
  s.segProto[k] = proto;
  s.segStream[k] = stream;
  s.segDir[k] = dir;
  s.segOffset[k] = offset;
  s.segLength[k] = length;
  s.segFrame[k] = frame;
  s.segFileOffset[k] = blob === null ? fileOffset : -1;
  if (blob !== null) s.segBlobs.push([k, blob]);
  s.segCount = k + 1;
}

/** True when the side rows carry anything. */
export function hasSideRows(s: SideRows): boolean {
  return s.segCount > 0 || s.streams.length > 0 || s.gaps.length > 0 || s.conflicts.length > 0 || s.pdus.length > 0
    || s.ipReassemblies.length > 0 || s.fields.count > 0 || s.flagUpdates.length > 0 || s.streamStats.length > 0 || s.finishStreams
    || s.processes.length > 0;
}

export interface FrameRowInput {
  number: number;
  fileOffset: number;
  capLen: number;
  origLen: number;
  /** Seconds and nanoseconds since the epoch, null when the record has none. */
  ts: { sec: number; nsec: number; ns: bigint } | null;
  ifaceId: number;
  ipVersion: number;
  ipProto?: number;
  srcPort?: number;
  dstPort?: number;
  tcpFlags?: number;
  epbFlags?: number;
  tcpStream?: number;
  udpStream?: number;
  direction?: number;
  tcpAnalysis?: number;
  /** processes.id of the frame's process, and whether it sent (2) or received (1) the frame. */
  processId?: number;
  processDir?: number;
  ethSrc?: number;
  ethDst?: number;
  ipSrc?: string;
  ipDst?: string;
  protocol: string;
  info?: string;
  comments?: string[];
}

export function createFrameBatch(evidenceId: number, capacity: number): FrameBatch {
  return {
    evidenceId, count: 0, framesTotal: 0, bytesIndexed: 0, interfaces: [],
    number: new Float64Array(capacity), fileOffset: new Float64Array(capacity),
    capLen: new Int32Array(capacity), origLen: new Int32Array(capacity), tsSec: new Float64Array(capacity),
    tsNsec: new Float64Array(capacity), hasTs: new Uint8Array(capacity), firstTsNs: null, lastTsNs: null,
    ifaceId: new Int32Array(capacity), ipVersion: new Uint8Array(capacity), ipProto: new Int16Array(capacity),
    srcPort: new Int32Array(capacity), dstPort: new Int32Array(capacity), tcpFlags: new Int32Array(capacity),
    epbFlags: new Int32Array(capacity),
    ethSrc: new Float64Array(capacity), ethDst: new Float64Array(capacity), ipSrc: [], ipDst: [], protocol: [], info: [], comments: [],
    tcpStream: new Int32Array(capacity), udpStream: new Int32Array(capacity), direction: new Int8Array(capacity),
    tcpAnalysis: new Int32Array(capacity), processId: new Int32Array(capacity), processDir: new Int8Array(capacity),
    side: createSideRows(Math.min(capacity, 4096)),
  };
}

/** Appends one row; returns true when the batch is full. */
export function appendFrame(b: FrameBatch, r: FrameRowInput): boolean {
  const k = b.count++;
  b.number[k] = r.number;
  b.fileOffset[k] = r.fileOffset;
  b.capLen[k] = r.capLen;
  b.origLen[k] = r.origLen;
  if (r.ts !== null) {
    b.tsSec[k] = r.ts.sec;
    b.tsNsec[k] = r.ts.nsec;
    b.hasTs[k] = 1;
    // Kept as bigints: formatting every frame's timestamp as text only to keep the last was a hot spot.
    b.firstTsNs ??= r.ts.ns;
    b.lastTsNs = r.ts.ns;
  }
  b.ifaceId[k] = r.ifaceId;
  b.ipVersion[k] = r.ipVersion;
  b.ipProto[k] = r.ipProto ?? -1;
  b.srcPort[k] = r.srcPort ?? -1;
  b.dstPort[k] = r.dstPort ?? -1;
  b.tcpFlags[k] = r.tcpFlags ?? -1;
  b.epbFlags[k] = r.epbFlags ?? -1;
  b.ethSrc[k] = r.ethSrc ?? -1;
  b.ethDst[k] = r.ethDst ?? -1;
  b.tcpStream[k] = r.tcpStream ?? -1;
  b.udpStream[k] = r.udpStream ?? -1;
  b.direction[k] = r.direction ?? -1;
  b.tcpAnalysis[k] = r.tcpAnalysis ?? 0;
  b.processId[k] = r.processId ?? -1;
  b.processDir[k] = r.processDir ?? -1;
   b.ipSrc.push(r.ipSrc ?? null);
  b.ipDst.push(r.ipDst ?? null);
  b.protocol.push(r.protocol);
  b.info.push(r.info ?? null);
  b.comments.push(r.comments && r.comments.length ? JSON.stringify(r.comments) : null);
  return b.count === b.number.length;
}

export function transferList(b: FrameBatch): ArrayBuffer[] {
  return [b.number, b.fileOffset, b.capLen, b.origLen, b.tsSec, b.tsNsec, b.hasTs, b.ifaceId, b.ipVersion, b.ipProto,
    b.srcPort, b.dstPort, b.tcpFlags, b.epbFlags, b.ethSrc, b.ethDst, b.tcpStream, b.udpStream, b.direction, b.tcpAnalysis,
    b.processId, b.processDir, b.side.segOrd, b.side.segProto, b.side.segStream, b.side.segDir, b.side.segOffset, b.side.segLength,
    b.side.segFrame, b.side.segFileOffset, b.side.fields.frame, b.side.fields.fieldId, b.side.fields.kind, b.side.fields.num]
    .map((a) => a.buffer as ArrayBuffer);
}

/** ORs analysis bits into row `k` of a batch not sent yet. */
export function orFrameAnalysis(b: FrameBatch, frame: number, flags: number): boolean {
  if (b.count === 0) return false;
  const k = frame - b.number[0];
  if (k < 0 || k >= b.count || b.number[k] !== frame) return false;
  b.tcpAnalysis[k] |= flags;
  return true;
}

/** "00:11:22:33:44:55" -> 0x001122334455 (exact in a double). */
export function macToNumber(mac: string | undefined): number | undefined {
  if (mac === undefined || mac.length !== 17) return undefined;
  const n = parseInt(mac.replace(/:/g, ''), 16);
  return Number.isNaN(n) ? undefined : n;
}

export function numberToMac(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}:${hex.slice(10, 12)}`;
}
