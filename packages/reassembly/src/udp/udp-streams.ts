/**
 * udp.stream numbering: one stream per unordered (address, port) pair, numbered in order of first
 * frame, as tshark does (it never starts a new UDP conversation on a known tuple).
 */
import { formatAddress } from '../bytes.js';
import { tupleKey, type TupleKey } from '../tuple-key.js';
import type { Direction, Endpoint } from '../tcp/types.js';

export interface UdpStreamInfo {
  /** tshark's udp.stream. */
  id: number;
  family: 4 | 6;
  /** Source of the stream's first datagram. */
  node0: Endpoint;
  node1: Endpoint;
  firstFrame: number;
}

/** A UDP datagram header's tuple. */
export interface UdpTuple {
  family: 4 | 6;
  addrs: Uint8Array;
  srcOffset: number;
  dstOffset: number;
  srcPort: number;
  dstPort: number;
  frame: number;
}

export interface UdpStreamOptions {
  /** Tuples remembered (default 1,048,576); the oldest are forgotten beyond (their numbering then restarts). */
  maxTrackedStreams?: number;
}

export interface UdpVerdict {
  stream: number;
  direction: Direction;
  /** True when this datagram opened the stream. */
  isNew: boolean;
}

const KEY_TAG_UDP = 0x75;

export class UdpStreams {
  /** Value: stream id * 2 + (node0 is the key's lower endpoint ? 1 : 0). Insertion order = numbering order. */
  private readonly table = new Map<string, number>();
  private readonly maxTracked: number;
  private nextId = 0;
  private readonly tk: TupleKey = { key: '', srcIsLower: true };
  private readonly verdict: UdpVerdict = { stream: -1, direction: 0, isNew: false };

  constructor(private readonly onStream: (s: UdpStreamInfo) => void = () => {}, options: UdpStreamOptions = {}) {
    this.maxTracked = options.maxTrackedStreams ?? 1 << 20;
  }

  /** Streams numbered so far. */
  streamCount(): number {
    return this.nextId;
  }

  /** Tuples currently remembered. */
  trackedStreams(): number {
    return this.table.size;
  }

  /** Numbers one datagram; the verdict object is reused by the next call. */
  datagram(t: UdpTuple): UdpVerdict {
    const tk = tupleKey(KEY_TAG_UDP, t.family, t.addrs, t.srcOffset, t.dstOffset, t.srcPort, t.dstPort, this.tk);
    const v = this.verdict;
    const e = this.table.get(tk.key);
    if (e !== undefined) {
      v.stream = e >>> 1;
      v.direction = ((e & 1) === 1) === tk.srcIsLower ? 0 : 1;
      v.isNew = false;
      return v;
    }
    const id = this.nextId++;
    this.table.set(tk.key, id * 2 + (tk.srcIsLower ? 1 : 0));
    if (this.table.size > this.maxTracked) this.table.delete(this.table.keys().next().value as string);
    v.stream = id;
    v.direction = 0;
    v.isNew = true;
    this.onStream({
      id,
      family: t.family,
      node0: { addr: formatAddress(t.addrs, t.srcOffset, t.family), port: t.srcPort },
      node1: { addr: formatAddress(t.addrs, t.dstOffset, t.family), port: t.dstPort },
      firstFrame: t.frame,
    });
    return v;
  }
}
