import type { DetailNode } from './types.js';

const EMPTY = new Uint8Array(0);

/**
 * Thrown inside the detail decoders when a field lies past the captured bytes. dissectFrame catches
 * it and adds Wireshark's "[Packet size limited during capture: X truncated]" / "[Malformed Packet: X]"
 * line, so every field decoded before the fault stays in the tree. It never leaves dissectFrame.
 */
export class Truncated extends Error {
  constructor(readonly need: number, readonly layer: string) {
    super(`${layer} truncated`);
  }
}

/**
 * Detail-tree decoding position. The detail path runs for one frame at a time (when the analyst
 * selects it), so it favours clarity over speed: bounds are checked on every read.
 */
export class DCursor {
  d: Uint8Array = EMPTY;
  off = 0;
  cap = 0;
  rep = 0;
  fragmented = false;
  /** FrameContext.fragmentsAsData: a first fragment's payload is shown as data. */
  fragmentsAsData = false;
  ttl = 0;
  /** End of the network-layer datagram (IP total length / ARP size) for the padding line; -1 unknown. */
  l3End = -1;
  /** Protocol currently being decoded (for the truncation line). */
  layer = 'Frame';
  /** Top-level layer nodes in frame order. */
  readonly out: DetailNode[] = [];

  constructor(d: Uint8Array, origLen: number) {
    this.d = d;
    this.cap = d.length;
    this.rep = origLen > d.length ? origLen : d.length;
  }

  /** Throw Truncated unless bytes [off, off+len) are captured (and inside this layer). */
  need(off: number, len: number): void {
    if (off + len > this.cap) throw new Truncated(off + len, this.layer);
  }
  u8(off: number): number {
    this.need(off, 1);
    return this.d[off];
  }
  u16(off: number): number {
    this.need(off, 2);
    return (this.d[off] << 8) | this.d[off + 1];
  }
  u32(off: number): number {
    this.need(off, 4);
    return ((this.d[off] << 24) | (this.d[off + 1] << 16) | (this.d[off + 2] << 8) | this.d[off + 3]) >>> 0;
  }

  /** Start a protocol layer node (appended to the top level). */
  layerNode(label: string, field: string, start: number, length: number): DetailNode {
    const n: DetailNode = { label, field, start, length, children: [] };
    this.out.push(n);
    return n;
  }
}

/** Append a child line to `parent` and return it. */
export function add(
  parent: DetailNode,
  label: string,
  field: string | undefined,
  value: string | undefined,
  start: number,
  length: number,
): DetailNode {
  const n: DetailNode = { label, start, length };
  if (field !== undefined) n.field = field;
  if (value !== undefined) n.value = value;
  (parent.children ??= []).push(n);
  return n;
}

/** "Set" / "Not set" as Wireshark labels boolean bits. */
export function setStr(b: boolean | number): string {
  return b ? 'Set' : 'Not set';
}

/** Plural-free "N bytes" helper for "Frame Length: 74 bytes (592 bits)". */
export function bytesBits(n: number): string {
  return `${n} bytes (${n * 8} bits)`;
}

/** Add a "Data (N bytes)" layer with data.data for bytes no decoder claimed. */
export function addData(c: DCursor, start: number, end: number): void {
  const capEnd = Math.min(end, c.cap);
  if (end <= start) return;
  const len = end - start;
  const n = c.layerNode(`Data (${len} byte${len === 1 ? '' : 's'})`, 'data', start, Math.max(0, capEnd - start));
  let hex = '';
  const shown = Math.min(capEnd - start, 36);
  for (let i = 0; i < shown; i++) hex += (c.d[start + i] < 16 ? '0' : '') + c.d[start + i].toString(16);
  let full = '';
  for (let i = start; i < capEnd; i++) full += (i > start ? ':' : '') + (c.d[i] < 16 ? '0' : '') + c.d[i].toString(16);
  add(n, `Data: ${hex}${capEnd - start > 36 ? '…' : ''}`, 'data.data', full, start, Math.max(0, capEnd - start));
  add(n, `[Length: ${len}]`, 'data.len', String(len), start, 0);
}
