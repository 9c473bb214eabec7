/**
 * IPv4/IPv6 defragmentation keyed by (family, src, dst, protocol (IPv4 only), id). Completes a
 * datagram on the frame where it becomes whole, as tshark does; gives up (and records) datagrams that
 * time out in capture time or exceed the memory limits, oldest first.
 */
import { formatAddress } from '../bytes.js';
import { FragmentGroup } from './fragment-group.js';
import type {
  DefragOptions, DefragResult, FragmentInput, IncompleteDatagram, IncompleteReason, ReassembledDatagram,
} from './types.js';

interface Pending {
  key: string;
  family: 4 | 6;
  /** src then dst bytes. */
  addrs: Uint8Array;
  protocol: number;
  id: number;
  group: FragmentGroup;
}

const PENDING: DefragResult = { kind: 'pending' };

export class IpDefragmenter {
  private readonly maxDatagram: number;
  private readonly maxPending: number;
  private readonly maxBytes: number;
  private readonly timeoutNs: bigint;
  /** Insertion order = first-fragment order, so the oldest group is the first entry. */
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  /**
   * @param onIncomplete receives every datagram given up (timeout, limits, end of input).
   */
  constructor(options: DefragOptions = {}, private readonly onIncomplete: (d: IncompleteDatagram) => void = () => {}) {
    this.maxDatagram = options.maxDatagramBytes ?? 65535;
    this.maxPending = options.maxPendingDatagrams ?? 4096;
    this.maxBytes = options.maxPendingBytes ?? 16 * 1024 * 1024;
    this.timeoutNs = options.timeoutNs ?? 30_000_000_000n;
  }

  /** Datagrams waiting for fragments. */
  pendingDatagrams(): number {
    return this.pending.size;
  }

  /** Bytes held for pending datagrams (payload + per-fragment overhead). */
  pendingBytes(): number {
    return this.bytes;
  }

  /** Offers one fragment; returns the datagram when this fragment completes it. */
  add(f: FragmentInput): DefragResult {
    this.expire(f.tsNs);
    const key = fragmentKey(f);
    let p = this.pending.get(key);
    const end = f.offset + f.data.length;
    if (end > this.maxDatagram) {
      if (p) this.giveUp(p, 'too-large');
      return { kind: 'rejected', reason: 'too-large' };
    }
    if (p === undefined) {
      const n = f.family === 4 ? 4 : 16;
      const addrs = new Uint8Array(2 * n);
      addrs.set(f.addrs.subarray(f.srcOffset, f.srcOffset + n), 0);
      addrs.set(f.addrs.subarray(f.dstOffset, f.dstOffset + n), n);
      p = { key, family: f.family, addrs, protocol: f.protocol, id: f.id, group: new FragmentGroup(f.tsNs, f.frame) };
      this.pending.set(key, p);
    }
    const before = p.group.cost;
    p.group.add(f.offset, f.data, f.more, f.frame);
    this.bytes += p.group.cost - before;
    if (p.group.inconsistentTail) {
      this.giveUp(p, 'inconsistent-tail');
      return { kind: 'rejected', reason: 'inconsistent-tail' };
    }
    if (p.group.isComplete()) {
      this.remove(p);
      return { kind: 'complete', datagram: this.build(p, f.frame) };
    }
    this.enforceLimits(p);
    return PENDING;
  }

  /** Gives up every pending datagram (end of input), reporting each as incomplete. */
  flush(reason: IncompleteReason = 'end'): void {
    for (const p of [...this.pending.values()]) this.giveUp(p, reason);
  }

  /** Gives up groups whose first fragment is older than the timeout at capture time `nowNs`. */
  expire(nowNs: bigint): void {
    for (const p of this.pending.values()) {
      if (nowNs - p.group.firstTsNs <= this.timeoutNs) break; // insertion order: the rest are younger
      this.giveUp(p, 'timeout');
    }
  }

  private enforceLimits(current: Pending): void {
    while (this.pending.size > this.maxPending || this.bytes > this.maxBytes) {
      const oldest = this.pending.values().next().value as Pending;
      this.giveUp(oldest, this.pending.size > this.maxPending ? 'datagrams' : 'memory');
      if (oldest === current) break;
    }
  }

  private remove(p: Pending): void {
    this.pending.delete(p.key);
    this.bytes -= p.group.cost;
  }

  private giveUp(p: Pending, reason: IncompleteReason): void {
    this.remove(p);
    const n = p.family === 4 ? 4 : 16;
    this.onIncomplete({
      family: p.family,
      src: formatAddress(p.addrs, 0, p.family),
      dst: formatAddress(p.addrs, n, p.family),
      protocol: p.protocol,
      id: p.id,
      fragmentFrames: p.group.framesInOffsetOrder(),
      receivedBytes: p.group.coveredBytes(),
      declaredLength: p.group.declaredLength,
      reason,
      firstFrame: p.group.firstFrame,
      lastFrame: p.group.lastFrame,
    });
  }

  private build(p: Pending, frame: number): ReassembledDatagram {
    const { payload, overlap, conflicts, tooLong } = p.group.assemble();
    const n = p.family === 4 ? 4 : 16;
    return {
      family: p.family,
      addrs: p.addrs,
      src: formatAddress(p.addrs, 0, p.family),
      dst: formatAddress(p.addrs, n, p.family),
      protocol: p.protocol,
      id: p.id,
      payload,
      fragmentFrames: p.group.framesInOffsetOrder(),
      completedIn: frame,
      overlap,
      conflict: conflicts.length > 0,
      conflicts,
      tooLongFragments: tooLong,
    };
  }
}

/** (family, src, dst, protocol for IPv4, id) as a compact string. */
function fragmentKey(f: FragmentInput): string {
  const a = f.addrs;
  const n = f.family === 4 ? 4 : 16;
  let s = String.fromCharCode(f.family, f.family === 4 ? f.protocol : 0, f.id >>> 16, f.id & 0xffff);
  for (let i = 0; i < n; i += 2) s += String.fromCharCode((a[f.srcOffset + i] << 8) | a[f.srcOffset + i + 1]);
  for (let i = 0; i < n; i += 2) s += String.fromCharCode((a[f.dstOffset + i] << 8) | a[f.dstOffset + i + 1]);
  return s;
}
