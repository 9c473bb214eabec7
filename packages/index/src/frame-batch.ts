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
  /** First and last timestamp (decimal ns) of the batch's rows that have one. */
  firstTsNs: string | null;
  lastTsNs: string | null;
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
    const text = r.ts.ns.toString();
    b.firstTsNs ??= text;
    b.lastTsNs = text;
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
  b.ipSrc.push(r.ipSrc ?? null);
  b.ipDst.push(r.ipDst ?? null);
  b.protocol.push(r.protocol);
  b.info.push(r.info ?? null);
  b.comments.push(r.comments && r.comments.length ? JSON.stringify(r.comments) : null);
  return b.count === b.number.length;
}

export function transferList(b: FrameBatch): ArrayBuffer[] {
  return [b.number, b.fileOffset, b.capLen, b.origLen, b.tsSec, b.tsNsec, b.hasTs, b.ifaceId, b.ipVersion, b.ipProto,
    b.srcPort, b.dstPort, b.tcpFlags, b.epbFlags, b.ethSrc, b.ethDst].map((a) => a.buffer as ArrayBuffer);
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
