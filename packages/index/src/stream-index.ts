/**
 * Queries over the stream tables (migration 2): conversations, the map of reassembled bytes to frames
 * (segments), gaps, conflicts, PDUs and IP reassemblies. Stream ids are tshark's tcp.stream /
 * udp.stream, numbered per evidence file.
 */
import type Database from 'better-sqlite3';
import { addressKey } from './address-key.js';

export type StreamProto = 'tcp' | 'udp';

export interface StreamRowDb {
  evidenceId: number;
  proto: StreamProto;
  id: number;
  ipVersion: number;
  node0Addr: string;
  node0Port: number;
  node1Addr: string;
  node1Port: number;
  /** Node that sent the SYN (0 or 1), null when no handshake was seen (and for UDP). */
  client: number | null;
  firstFrame: number;
  lastFrame: number;
  firstTsSec: number | null;
  firstTsNsec: number | null;
  lastTsSec: number | null;
  lastTsNsec: number | null;
  /** Per direction: 0 = node0 -> node1, 1 = node1 -> node0. */
  packets0: number;
  packets1: number;
  /** Frame bytes (frame.len) per direction. */
  bytes0: number;
  bytes1: number;
  /** TCP/UDP payload bytes on the wire per direction (TCP: retransmissions included). */
  payload0: number;
  payload1: number;
  /** Reassembled bytes per direction. */
  delivered0: number;
  delivered1: number;
  gaps0: number;
  gaps1: number;
  gapBytes0: number;
  gapBytes1: number;
  conflicts0: number;
  conflicts1: number;
  afterClose0: number;
  afterClose1: number;
  /** How each half ended: fin, rst, idle, evicted, reused, end (null: UDP or never closed). */
  close0: string | null;
  close1: string | null;
  midStream: number;
  state: string;
  appProto: string | null;
  /** processes.id of the stream's local process, the node it sits at (0/1), and a second local process at the other end. */
  processId: number | null;
  processNode: number | null;
  peerProcessId: number | null;
}

export interface SegmentRowDb {
  ord: number;
  direction: number;
  offset: number;
  length: number;
  frame: number;
  /** Where the bytes sit in the evidence file; null when they are stored in `data`. */
  fileOffset: number | null;
  data: Buffer | null;
}

export interface GapRowDb {
  ord: number;
  direction: number;
  offset: number;
  length: number;
  reason: string;
  frameAfter: number | null;
}

export interface ConflictRowDb {
  direction: number;
  offset: number;
  length: number;
  frame: number;
  keptFrame: number | null;
}

export interface PduRowDb {
  id: number;
  evidenceId: number;
  proto: StreamProto;
  stream: number;
  direction: number;
  protocol: string;
  offset: number;
  length: number;
  firstFrame: number;
  reassembledIn: number;
  /** Comma-separated frame numbers, in stream order. */
  frames: string;
  truncated: number;
  summary: string | null;
}

export interface IpReassemblyRowDb {
  id: number;
  evidenceId: number;
  family: number;
  src: string;
  dst: string;
  protocol: number;
  ipId: number;
  /** Comma-separated fragment frames (fragment-offset order). */
  fragments: string;
  fragmentCount: number;
  /** Reassembled payload length (complete) or distinct bytes received (incomplete). */
  length: number;
  reassembledIn: number | null;
  /** 'complete' or 'incomplete:<reason>'. */
  status: string;
  overlap: number;
  conflict: number;
  conflicts: string | null;
  firstFrame: number;
  lastFrame: number;
}

export const STREAM_SORT_KEYS = [
  'stream', 'proto', 'addressA', 'portA', 'addressB', 'portB', 'packets', 'bytes', 'packetsAB', 'bytesAB', 'packetsBA',
  'bytesBA', 'start', 'duration', 'gaps', 'state', 'app', 'process',
] as const;
export type StreamSortKey = (typeof STREAM_SORT_KEYS)[number];

const TS = (p: 'first' | 'last') => `(coalesce(${p}_ts_sec, 0) * 1000000000 + coalesce(${p}_ts_nsec, 0))`;

const SORT_SQL: Record<StreamSortKey, string> = {
  stream: 'id', proto: 'proto', addressA: 'ww_address_key(node0_addr)', portA: 'node0_port', addressB: 'ww_address_key(node1_addr)', portB: 'node1_port',
  packets: '(packets0 + packets1)', bytes: '(bytes0 + bytes1)', packetsAB: 'packets0', bytesAB: 'bytes0',
  packetsBA: 'packets1', bytesBA: 'bytes1', start: 'first_frame', duration: `(${TS('last')} - ${TS('first')})`,
  gaps: '(gaps0 + gaps1)', state: 'state', app: 'app_proto', process: 'coalesce(process_id, 0)',
};

const STREAM_COLUMNS = `evidence_id AS evidenceId, proto, id, ip_version AS ipVersion, node0_addr AS node0Addr,
  node0_port AS node0Port, node1_addr AS node1Addr, node1_port AS node1Port, client, first_frame AS firstFrame,
  last_frame AS lastFrame, first_ts_sec AS firstTsSec, first_ts_nsec AS firstTsNsec, last_ts_sec AS lastTsSec,
  last_ts_nsec AS lastTsNsec, packets0, packets1, bytes0, bytes1, payload0, payload1, delivered0, delivered1,
  gaps0, gaps1, gap_bytes0 AS gapBytes0, gap_bytes1 AS gapBytes1, conflicts0, conflicts1, after_close0 AS afterClose0,
  after_close1 AS afterClose1, close0, close1, mid_stream AS midStream, state, app_proto AS appProto,
  process_id AS processId, process_node AS processNode, peer_process_id AS peerProcessId`;

const PDU_COLUMNS = `id, evidence_id AS evidenceId, proto, stream, direction, protocol, offset, length, first_frame AS firstFrame,
  reassembled_in AS reassembledIn, frames, truncated, summary`;

const IPR_COLUMNS = `id, evidence_id AS evidenceId, family, src, dst, protocol, ip_id AS ipId, fragments,
  fragment_count AS fragmentCount, length, reassembled_in AS reassembledIn, status, overlap, conflict, conflicts,
  first_frame AS firstFrame, last_frame AS lastFrame`;

export interface StreamPageQuery {
  offset: number;
  limit: number;
  proto?: StreamProto;
  evidenceId?: number;
  sort?: StreamSortKey;
  descending?: boolean;
}

export interface PduQuery {
  evidenceId?: number;
  proto?: StreamProto;
  stream?: number;
  /** Protocol names (case-insensitive). */
  protocols?: readonly string[];
}

export class StreamIndex {
  constructor(private readonly db: Database.Database) {
    // Addresses sort by value (10.0.0.1 before 127.0.0.1), not as text.
    db.function('ww_address_key', { deterministic: true }, (a: unknown) => (typeof a === 'string' ? addressKey(a) : null));
  }

  private where(q: { proto?: StreamProto; evidenceId?: number }): { sql: string; args: unknown[] } {
    const parts: string[] = [];
    const args: unknown[] = [];
    if (q.proto) { parts.push('proto = ?'); args.push(q.proto); }
    if (q.evidenceId !== undefined) { parts.push('evidence_id = ?'); args.push(q.evidenceId); }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
  }

  count(q: { proto?: StreamProto; evidenceId?: number } = {}): number {
    const w = this.where(q);
    return (this.db.prepare(`SELECT count(*) AS n FROM streams ${w.sql}`).get(...w.args) as { n: number }).n;
  }

  /** A page of conversations, sorted; ties keep (evidence, proto, stream) order. */
  page(q: StreamPageQuery): StreamRowDb[] {
    const w = this.where(q);
    const dir = q.descending ? 'DESC' : 'ASC';
    const key = SORT_SQL[q.sort ?? 'stream'];
    const order = q.sort && q.sort !== 'stream' ? `${key} ${dir}, evidence_id, proto, id` : `evidence_id ${dir}, proto ${dir}, id ${dir}`;
    return this.db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...w.args, q.limit, q.offset) as StreamRowDb[];
  }

  /** Every conversation in (evidence, proto, stream) order, without loading them all. */
  *iterate(q: { proto?: StreamProto; evidenceId?: number } = {}): IterableIterator<StreamRowDb> {
    const w = this.where(q);
    yield* this.db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams ${w.sql} ORDER BY evidence_id, proto, id`)
      .iterate(...w.args) as IterableIterator<StreamRowDb>;
  }

  get(evidenceId: number, proto: StreamProto, id: number): StreamRowDb | undefined {
    return this.db.prepare(`SELECT ${STREAM_COLUMNS} FROM streams WHERE evidence_id = ? AND proto = ? AND id = ?`)
      .get(evidenceId, proto, id) as StreamRowDb | undefined;
  }

  /** Evidence files holding a stream with this number (lowest id first). */
  evidenceWith(proto: StreamProto, id: number): number[] {
    return (this.db.prepare('SELECT evidence_id AS e FROM streams WHERE proto = ? AND id = ? ORDER BY evidence_id').all(proto, id) as { e: number }[])
      .map((r) => r.e);
  }

  /**
   * Segments of one direction whose bytes reach past stream offset `from`, in offset order (the
   * segment holding `from` first).
   */
  *directionSegments(evidenceId: number, proto: StreamProto, stream: number, direction: number, from = 0): IterableIterator<SegmentRowDb> {
    // Delivery order is offset order within a direction; rows wholly before `from` are passed over
    // in the index without reading their data.
    yield* this.db.prepare(`SELECT ord, direction, offset, length, frame, file_offset AS fileOffset, data FROM segments
      WHERE evidence_id = ? AND proto = ? AND stream = ? AND direction = ? AND offset + length > ? ORDER BY ord`)
      .iterate(evidenceId, proto, stream, direction, from) as IterableIterator<SegmentRowDb>;
  }

  /** Segments of both directions in delivery (arrival) order. */
  *allSegments(evidenceId: number, proto: StreamProto, stream: number): IterableIterator<SegmentRowDb> {
    yield* this.db.prepare(`SELECT ord, direction, offset, length, frame, file_offset AS fileOffset, data FROM segments
      WHERE evidence_id = ? AND proto = ? AND stream = ? ORDER BY ord`)
      .iterate(evidenceId, proto, stream) as IterableIterator<SegmentRowDb>;
  }

  /**
   * Segments of both directions in delivery order from the one holding position `from` of the
   * "both directions" view (positions count data bytes in delivery order). The rows before it are
   * counted inside SQLite, not handed over one by one; each row carries its position and the ord of
   * the row before it (-1 for the first).
   */
  *allSegmentsFrom(evidenceId: number, proto: StreamProto, stream: number, from: number): IterableIterator<SegmentRowDb & { pos: number; prevOrd: number }> {
    yield* this.db.prepare(`SELECT s.ord, s.direction, s.offset, s.length, s.frame, s.file_offset AS fileOffset, s.data, w.pos, w.prevOrd
      FROM (SELECT ord, length, SUM(length) OVER win - length AS pos, LAG(ord, 1, -1) OVER win AS prevOrd FROM segments
        WHERE evidence_id = ? AND proto = ? AND stream = ? WINDOW win AS (ORDER BY ord ROWS UNBOUNDED PRECEDING)) w
      JOIN segments s ON s.ord = w.ord
      WHERE w.pos + w.length > ? ORDER BY w.ord`)
      .iterate(evidenceId, proto, stream, from) as IterableIterator<SegmentRowDb & { pos: number; prevOrd: number }>;
  }

  gaps(evidenceId: number, proto: StreamProto, stream: number): GapRowDb[] {
    return this.db.prepare(`SELECT ord, direction, offset, length, reason, frame_after AS frameAfter FROM gaps
      WHERE evidence_id = ? AND proto = ? AND stream = ? ORDER BY ord`).all(evidenceId, proto, stream) as GapRowDb[];
  }

  conflicts(evidenceId: number, proto: StreamProto, stream: number): ConflictRowDb[] {
    return this.db.prepare(`SELECT direction, offset, length, frame, kept_frame AS keptFrame FROM conflicts
      WHERE evidence_id = ? AND proto = ? AND stream = ? ORDER BY direction, offset`).all(evidenceId, proto, stream) as ConflictRowDb[];
  }

  private pduWhere(q: PduQuery): { sql: string; args: unknown[] } {
    const parts: string[] = [];
    const args: unknown[] = [];
    if (q.evidenceId !== undefined) { parts.push('evidence_id = ?'); args.push(q.evidenceId); }
    if (q.proto) { parts.push('proto = ?'); args.push(q.proto); }
    if (q.stream !== undefined) { parts.push('stream = ?'); args.push(q.stream); }
    if (q.protocols) {
      parts.push(`lower(protocol) IN (${q.protocols.map(() => '?').join(',') || "''"})`);
      args.push(...q.protocols.map((p) => p.toLowerCase()));
    }
    return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
  }

  /** PDUs in the order they were completed (reassembled-in frame), without loading them all. */
  *pdus(q: PduQuery = {}): IterableIterator<PduRowDb> {
    const w = this.pduWhere(q);
    yield* this.db.prepare(`SELECT ${PDU_COLUMNS} FROM pdus ${w.sql} ORDER BY reassembled_in, id`).iterate(...w.args) as IterableIterator<PduRowDb>;
  }

  pduCount(q: PduQuery = {}): number {
    const w = this.pduWhere(q);
    return (this.db.prepare(`SELECT count(*) AS n FROM pdus ${w.sql}`).get(...w.args) as { n: number }).n;
  }

  ipReassemblies(evidenceId?: number): IpReassemblyRowDb[] {
    const w = evidenceId === undefined ? '' : 'WHERE evidence_id = ?';
    const args = evidenceId === undefined ? [] : [evidenceId];
    return this.db.prepare(`SELECT ${IPR_COLUMNS} FROM ip_reassemblies ${w} ORDER BY evidence_id, coalesce(reassembled_in, last_frame), id`)
      .all(...args) as IpReassemblyRowDb[];
  }
}
