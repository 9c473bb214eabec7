/**
 * Bidirectional TCP reassembly for a whole capture: finds each segment's conversation, numbers
 * conversations exactly like tshark's tcp.stream, feeds the halves, and keeps memory flat with caps
 * on buffered bytes (per connection and in total), on open connections (least recently active is
 * flushed and closed) and on remembered tuples, plus hole and idle timeouts in capture time.
 *
 * Stream numbering (tshark 4.0, verified against it): a tuple keeps its stream until a SYN without
 * ACK arrives whose sequence number differs from the base sequence tshark holds for that node (the
 * ISN, or seq - 1 of the node's first non-SYN segment, or ack - 1 of the first ACK the peer sent
 * before the node spoke). A FIN/RST alone does not start a new stream; a SYN with the same ISN joins
 * the old one.
 */
import { formatAddress } from '../bytes.js';
import { tupleKey, type TupleKey } from '../tuple-key.js';
import { Connection, type ConnectionOwner } from './connection.js';
import { LruList } from './lru.js';
import {
  Analysis, SegmentMode, TcpFlags, type CloseReason, type Direction, type GapReason, type SegmentVerdict,
  type TcpReassemblyOptions, type TcpSegment, type TcpSink, type TcpStreamInfo,
} from './types.js';

const SWEEP_INTERVAL_NS = 1e9;
const KEY_TAG_TCP = 0x74;
const MIN_HISTORY_GRANT = 256;

export class TcpReassembler implements ConnectionOwner {
  readonly historyMax: number;
  private readonly maxPerConnection: number;
  private readonly maxTotal: number;
  private readonly maxOpen: number;
  private readonly maxTracked: number;
  private readonly maxHistoryTotal: number;
  private readonly holeTimeoutNs: number;
  private readonly idleTimeoutNs: number;
  private readonly ackSkipsHoles: boolean;

  private readonly table = new Map<string, Connection>();
  private readonly lru = new LruList<Connection>();
  /** Connections holding out-of-order data, in the order they started buffering (oldest first). */
  private readonly withBuffered = new Set<Connection>();
  /** Keys of closed connections in closing order, for forgetting the oldest tuples. */
  private closedKeys: string[] = [];
  private closedHead = 0;
  private totalBuffered = 0;
  private totalHistory = 0;
  private openCount = 0;
  private nextId = 0;
  private lastSweepNs = -Infinity;
  private readonly tk: TupleKey = { key: '', srcIsLower: true };
  private readonly verdict: SegmentVerdict = { stream: -1, direction: 0, flags: 0 };

  constructor(readonly sink: TcpSink = {}, options: TcpReassemblyOptions = {}) {
    this.maxPerConnection = options.maxBufferedBytesPerConnection ?? 4 * 1024 * 1024;
    this.maxTotal = options.maxBufferedBytesTotal ?? 64 * 1024 * 1024;
    this.maxOpen = Math.max(1, options.maxOpenConnections ?? 65536);
    this.maxTracked = Math.max(this.maxOpen, options.maxTrackedConnections ?? 262144);
    this.historyMax = options.historyBytesPerDirection ?? 256 * 1024;
    this.maxHistoryTotal = options.maxHistoryBytesTotal ?? 64 * 1024 * 1024;
    this.holeTimeoutNs = Number(options.holeTimeoutNs ?? 60_000_000_000n);
    this.idleTimeoutNs = Number(options.idleTimeoutNs ?? 300_000_000_000n);
    this.ackSkipsHoles = options.ackSkipsHoles ?? true;
  }

  /** Connections with live reassembly state. */
  openConnections(): number {
    return this.openCount;
  }

  /** Tuples remembered for stream numbering (open and closed). */
  trackedConnections(): number {
    return this.table.size;
  }

  /** Out-of-order bytes buffered (data + per-piece overhead). */
  bufferedBytes(): number {
    return this.totalBuffered;
  }

  /** Bytes allocated for retransmission-comparison histories. */
  historyBytes(): number {
    return this.totalHistory;
  }

  /** Streams numbered so far (the next tcp.stream is this value). */
  streamCount(): number {
    return this.nextId;
  }

  /** Processes one segment. The returned verdict is reused by the next call. */
  segment(s: TcpSegment): SegmentVerdict {
    const v = this.verdict;
    v.flags = 0;
    const now = Number(s.tsNs);
    if (now - this.lastSweepNs >= SWEEP_INTERVAL_NS) this.sweep(now);
    const tk = tupleKey(KEY_TAG_TCP, s.family, s.addrs, s.srcOffset, s.dstOffset, s.srcPort, s.dstPort, this.tk);
    const flags = s.flags;
    const syn = (flags & TcpFlags.SYN) !== 0;
    const hasAck = (flags & TcpFlags.ACK) !== 0;
    let c = this.table.get(tk.key);
    let dir: Direction = 0;
    if (c === undefined) {
      c = this.create(s, tk, now);
    } else {
      dir = tk.srcIsLower === c.node0IsLower ? 0 : 1;
      if (syn && !hasAck && c.baseSet[dir] && s.seq !== c.baseSeq[dir]) {
        if (c.open) this.retire(c, 'reused', 'reused');
        c = this.create(s, tk, now);
        dir = 0;
        v.flags |= Analysis.PORTS_REUSED;
      }
    }
    v.stream = c.id;
    v.direction = dir;
    if (s.mode !== SegmentMode.NUMBERING_ONLY) {
      const other = (1 - dir) as Direction;
      // A SYN/ACK with another ISN re-bases its flow (tshark shows it at relative seq 0).
      if (syn && hasAck && c.baseSet[dir] && s.seq !== c.baseSeq[dir]) c.baseSeq[dir] = s.seq;
      if (!c.baseSet[dir]) {
        c.baseSeq[dir] = syn ? s.seq : (s.seq - 1) >>> 0;
        c.baseSet[dir] = true;
      }
      if (hasAck && !c.baseSet[other]) {
        c.baseSeq[other] = (s.ack - 1) >>> 0;
        c.baseSet[other] = true;
      }
    }
    const info = c.info;
    info.packets[dir]++;
    info.payloadBytes[dir] += s.payloadLength;
    info.lastFrame = s.frame;
    info.lastTsNs = s.tsNs;
    if (syn && info.client === null) info.client = hasAck ? ((1 - dir) as Direction) : dir;
    if (s.mode !== SegmentMode.FULL) return v;
    if (!c.open) {
      if (!c.resumable()) {
        // Closed by FIN/RST: late data is counted and flagged, not reassembled.
        const h = c.halves[dir];
        if (s.payloadLength > 0 && (h === null || h.segment(s.seq, s.flags, s.payload, s.payloadLength, s.frame, now) & Analysis.AFTER_CLOSE)) {
          v.flags |= Analysis.AFTER_CLOSE;
          if (h === null) info.afterCloseBytes[dir] += s.payloadLength;
        }
        return v;
      }
      this.reopen(c);
    }
    c.lastNs = now;
    this.lru.touch(c);
    this.feed(c, dir, s, now, v);
    return v;
  }

  private feed(c: Connection, dir: Direction, s: TcpSegment, now: number, v: SegmentVerdict): void {
    const other = c.halves[1 - dir];
    c.windowZero[dir] = s.window === 0 && (s.flags & (TcpFlags.SYN | TcpFlags.RST)) === 0;
    // The peer acknowledging bytes beyond a hole means they were sent but not captured.
    if (other !== null && other.started && (s.flags & TcpFlags.ACK) !== 0 && other.closed === null) other.noteAck(s.ack);
    if (this.ackSkipsHoles && other !== null && other.started && (s.flags & TcpFlags.ACK) !== 0 && other.closed === null) {
      let first = other.firstBufferedOffset();
      if (first >= 0) {
        const ackOff = other.offsetOf(s.ack);
        while (first >= 0 && ackOff > first) {
          other.skipHole('acked-unseen');
          first = other.firstBufferedOffset();
        }
      }
    }
    const h = c.half(dir);
    h.peerWindowZero = c.windowZero[1 - dir];
    v.flags |= h.segment(s.seq, s.flags, s.payload, s.payloadLength, s.frame, now);
    if (c.bufferedCost > this.maxPerConnection) this.trimConnection(c);
    if (this.totalBuffered > this.maxTotal) this.trimTotal();
    if (c.open && c.bothClosed()) this.retire(c, c.info.closed[dir] ?? 'fin', 'close');
  }

  /** Flushes every open stream (end of input): holes become gaps, then streams close with 'end'. */
  end(): void {
    const open = [...this.table.values()].filter((c) => c.open).sort((a, b) => a.id - b.id);
    for (const c of open) this.retire(c, 'end', 'end');
  }

  /**
   * Applies the timeouts at capture time `nowNs` (done automatically as segments arrive; call it
   * when the input goes quiet, e.g. in a live capture).
   */
  advanceTime(nowNs: bigint): void {
    this.sweep(Number(nowNs));
  }

  private sweep(now: number): void {
    this.lastSweepNs = now;
    const cutoff = now - this.holeTimeoutNs;
    for (const c of this.withBuffered) {
      for (const h of c.halves) if (h !== null && h.holeSinceNs !== 0) h.expireHoles(cutoff, now, 'timeout');
    }
    for (let c = this.lru.oldest(); c !== null && now - c.lastNs > this.idleTimeoutNs; c = this.lru.oldest()) {
      this.retire(c, 'idle', 'timeout');
    }
  }

  private create(s: TcpSegment, tk: TupleKey, now: number): Connection {
    while (this.openCount >= this.maxOpen) {
      const victim = this.lru.oldest();
      if (victim === null) break;
      this.retire(victim, 'evicted', 'evicted');
    }
    const fam = s.family;
    const info: TcpStreamInfo = {
      id: this.nextId++,
      family: fam,
      node0: { addr: formatAddress(s.addrs, s.srcOffset, fam), port: s.srcPort },
      node1: { addr: formatAddress(s.addrs, s.dstOffset, fam), port: s.dstPort },
      client: null,
      firstFrame: s.frame,
      firstTsNs: s.tsNs,
      lastFrame: s.frame,
      lastTsNs: s.tsNs,
      packets: [0, 0],
      payloadBytes: [0, 0],
      deliveredBytes: [0, 0],
      gapBytes: [0, 0],
      gaps: [0, 0],
      conflicts: [0, 0],
      afterCloseBytes: [0, 0],
      closed: [null, null],
      midStream: (s.flags & TcpFlags.SYN) === 0,
    };
    const c = new Connection(tk.key, tk.srcIsLower, info, this);
    c.lastNs = now;
    this.table.set(tk.key, c);
    this.openCount++;
    this.lru.touch(c);
    this.forgetOldTuples();
    this.sink.streamOpened?.(info);
    return c;
  }

  private reopen(c: Connection): void {
    while (this.openCount >= this.maxOpen) {
      const victim = this.lru.oldest();
      if (victim === null) break;
      this.retire(victim, 'evicted', 'evicted');
    }
    c.resume();
    this.openCount++;
    this.sink.streamResumed?.(c.info);
  }

  /** Flushes and closes a connection; it stays in the table (numbering) until forgotten. */
  private retire(c: Connection, reason: CloseReason, gapReason: GapReason): void {
    if (!c.open) return;
    c.finish(reason, gapReason);
    this.lru.remove(c);
    this.withBuffered.delete(c);
    this.openCount--;
    this.closedKeys.push(c.key);
    this.sink.streamClosed?.(c.info, reason);
  }

  /** Forgets the oldest closed tuples beyond maxTrackedConnections. */
  private forgetOldTuples(): void {
    while (this.table.size > this.maxTracked && this.closedHead < this.closedKeys.length) {
      const key = this.closedKeys[this.closedHead++];
      const c = this.table.get(key);
      if (c !== undefined && !c.open) this.table.delete(key);
    }
    if (this.closedHead > 1024 && this.closedHead * 2 > this.closedKeys.length) {
      this.closedKeys = this.closedKeys.slice(this.closedHead);
      this.closedHead = 0;
    }
  }

  /** Per-connection cap: give up the oldest holes of the fuller half until under the cap. */
  private trimConnection(c: Connection): void {
    while (c.bufferedCost > this.maxPerConnection) {
      const [a, b] = c.halves;
      const ca = a ? a.bufferedCost() : 0, cb = b ? b.bufferedCost() : 0;
      const h = ca >= cb ? a : b;
      if (h === null || !h.skipHole('buffer-limit')) break;
    }
  }

  /** Total cap: give up holes of the connection that started buffering first. */
  private trimTotal(): void {
    while (this.totalBuffered > this.maxTotal) {
      const victim = this.withBuffered.values().next().value;
      if (victim === undefined) break;
      const [a, b] = victim.halves;
      const ta = a && a.holeSinceNs ? a.holeSinceNs : Infinity, tb = b && b.holeSinceNs ? b.holeSinceNs : Infinity;
      const h = ta <= tb ? a : b;
      if (h === null || !h.skipHole('memory-limit')) this.withBuffered.delete(victim);
    }
  }

  bufferedChanged(c: Connection, delta: number): void {
    this.totalBuffered += delta;
    if (c.bufferedCost > 0) this.withBuffered.add(c);
    else this.withBuffered.delete(c);
  }

  historyGrant(current: number, wanted: number): number {
    const available = this.maxHistoryTotal - this.totalHistory;
    let g = wanted;
    while (g > current && g - current > available) g /= 2;
    if (g <= current || g < MIN_HISTORY_GRANT) return current;
    this.totalHistory += g - current;
    return g;
  }

  historyReleased(n: number): void {
    this.totalHistory -= n;
  }
}
