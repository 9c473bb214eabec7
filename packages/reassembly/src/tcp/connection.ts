/**
 * One TCP conversation (one tcp.stream): the numbering state tshark keeps per tuple (base sequence
 * per node, for port-reuse detection) and, while open, the two halves being reassembled.
 */
import { HalfStream, type HalfHost } from './half-stream.js';
import type { LruNode } from './lru.js';
import type { CloseReason, Direction, GapReason, TcpSink, TcpStreamInfo } from './types.js';

/** What a connection needs from its reassembler (shared caps and the sink). */
export interface ConnectionOwner {
  readonly sink: TcpSink;
  readonly historyMax: number;
  bufferedChanged(c: Connection, delta: number): void;
  historyGrant(current: number, wanted: number): number;
  historyReleased(n: number): void;
}

export class Connection implements HalfHost, LruNode {
  lruPrev: LruNode | null = null;
  lruNext: LruNode | null = null;
  inLru = false;
  /** Live reassembly state exists (not yet closed / evicted). */
  open = true;
  /** Out-of-order bytes buffered by both halves. */
  bufferedCost = 0;
  lastNs = 0;
  /** tshark's per-node base sequence (tcpd->fwd/rev->base_seq) and whether it is set. */
  readonly baseSeq: [number, number] = [0, 0];
  readonly baseSet: [boolean, boolean] = [false, false];
  readonly halves: [HalfStream | null, HalfStream | null] = [null, null];
  /** Last window each node advertised was zero (zero-window probe detection for the other half). */
  readonly windowZero: [boolean, boolean] = [false, false];

  constructor(
    readonly key: string,
    /** True when node0 is the key's lower endpoint. */
    readonly node0IsLower: boolean,
    readonly info: TcpStreamInfo,
    private readonly owner: ConnectionOwner,
  ) {}

  get id(): number {
    return this.info.id;
  }

  /** The half for direction `dir`, created on first use. */
  half(dir: Direction): HalfStream {
    return this.halves[dir] ?? (this.halves[dir] = new HalfStream(this, dir, this.owner.historyMax));
  }

  deliver(dir: Direction, offset: number, bytes: Uint8Array, frame: number): void {
    this.info.deliveredBytes[dir] += bytes.length;
    this.owner.sink.data?.(this.info, dir, offset, bytes, frame);
  }

  gap(dir: Direction, offset: number, length: number, reason: GapReason, frameAfter: number): void {
    this.info.gapBytes[dir] += length;
    this.info.gaps[dir]++;
    this.owner.sink.gap?.(this.info, dir, { offset, length, reason, frameAfter });
    if (frameAfter >= 0) this.owner.sink.frameFlags?.(frameAfter, 0x8 /* Analysis.GAP_BEFORE */);
  }

  conflict(dir: Direction, offset: number, length: number, frame: number, keptFrame: number): void {
    this.info.conflicts[dir]++;
    this.owner.sink.conflict?.(this.info, dir, { offset, length, frame, keptFrame });
  }

  closeHalf(dir: Direction, reason: CloseReason): void {
    this.info.closed[dir] = reason;
    this.owner.sink.halfClosed?.(this.info, dir, reason);
  }

  droppedAfterClose(dir: Direction, bytes: number): void {
    this.info.afterCloseBytes[dir] += bytes;
  }

  buffered(_dir: Direction, delta: number): void {
    if (delta === 0) return;
    this.bufferedCost += delta;
    this.owner.bufferedChanged(this, delta);
  }

  historyGrant(current: number, wanted: number): number {
    return this.owner.historyGrant(current, wanted);
  }

  /** Both halves are finished (or never carried anything and the other one is). */
  bothClosed(): boolean {
    const [a, b] = this.halves;
    return (a !== null && a.closed !== null) && (b !== null && b.closed !== null);
  }

  /**
   * Flushes and closes both halves, releasing buffers and histories. The half objects stay (a few
   * numbers) so a stream closed for idleness or eviction can resume at the same offsets.
   */
  finish(reason: CloseReason, gapReason: GapReason): void {
    for (const h of this.halves) {
      if (h === null) continue;
      h.forceClose(reason, gapReason);
      this.owner.historyReleased(h.releaseHistory());
    }
    this.open = false;
    this.closeReason = reason;
  }

  /** Why the stream was closed last (null while open). */
  closeReason: CloseReason | null = null;

  /** True when new data may reopen the stream (it was closed for idleness or eviction only). */
  resumable(): boolean {
    return this.closeReason === 'idle' || this.closeReason === 'evicted';
  }

  /** Reopens after an idle/evicted close. */
  resume(): void {
    this.open = true;
    this.closeReason = null;
    for (let d = 0; d < 2; d++) {
      const h = this.halves[d];
      if (h && (h.closed === 'idle' || h.closed === 'evicted')) {
        h.resume();
        this.info.closed[d] = null;
      }
    }
  }
}
