/**
 * The processes table (migration 3): queries, and the statements that finish an evidence's
 * attribution after its frames are loaded — a stream takes the process its tagged frames name, its
 * untagged frames take it too (tcpshark tags outbound frames only), and each process gets its
 * first/last sighting, frame, stream and byte counts. Finishing is SQL on the writer's connection,
 * so the ingest hot path only interns process rows and stamps a process id on tagged frames.
 */
import type Database from 'better-sqlite3';

export interface ProcessRowDb {
  id: number;
  evidenceId: number | null;
  pid: number;
  /** Process start, ns since the epoch as decimal text (tells a reused PID apart). */
  startNs: string | null;
  ppid: number | null;
  uid: number | null;
  user: string | null;
  /** Kernel command name. */
  comm: string | null;
  /** What the process goes by: comm, else the executable's base name (proc.cmd). */
  name: string | null;
  exe: string | null;
  /** Command line, space-joined. */
  args: string | null;
  /** JSON array of argv when the source keeps argument boundaries. */
  argv: string | null;
  uuid: string | null;
  /** JSON: parent {pid, exe, args}, effective, container, pod — what the source said beyond the columns. */
  details: string | null;
  truncated: number;
  /** ptcpdump, tcpshark, apple-pib, pktap, pcapng-standard, live-proc. */
  source: string;
  /** exact, late or unknown (see PROCESS-METADATA.md and packages/procmap). */
  confidence: string;
  firstFrame: number | null;
  lastFrame: number | null;
  firstTsSec: number | null;
  firstTsNsec: number | null;
  lastTsSec: number | null;
  lastTsNsec: number | null;
  frames: number;
  streams: number;
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
}

const PROCESS_COLUMNS = `id, evidence_id AS evidenceId, pid, start_ns AS startNs, ppid, uid, user, comm, name, exe, args, argv, uuid,
  details, truncated, source, confidence, first_frame AS firstFrame, last_frame AS lastFrame, first_ts_sec AS firstTsSec,
  first_ts_nsec AS firstTsNsec, last_ts_sec AS lastTsSec, last_ts_nsec AS lastTsNsec, frames, streams,
  frames_sent AS framesSent, frames_received AS framesReceived, bytes_sent AS bytesSent, bytes_received AS bytesReceived`;

/** The name a process goes by: its command name, else the executable's base name (null: neither is known). */
export function processNameOf(comm: string | null | undefined, exe: string | null | undefined): string | null {
  if (comm) return comm;
  if (exe) return exe.slice(Math.max(exe.lastIndexOf('/'), exe.lastIndexOf('\\')) + 1) || exe;
  return null;
}

/** One process's traffic in one time bucket. */
export interface ProcessActivityRow {
  processId: number;
  bucket: number;
  frames: number;
  bytes: number;
}

/**
 * Statements finishing the attribution of evidence `evidenceId` (an integer from the index, never
 * user text). Run them once its frames and streams are loaded; running them again refreshes the
 * figures (a live capture can), as derived frames are recomputed from the tagged ones.
 */
export function finishProcessStatements(evidenceId: number): string[] {
  if (!Number.isSafeInteger(evidenceId)) throw new Error(`evidence id ${evidenceId} is not an integer`);
  const E = String(evidenceId);
  const streamOf = (proto: 'tcp' | 'udp') => `${proto}_stream`;
  const fill = (proto: 'tcp' | 'udp') => `
    UPDATE frames SET
      process_id = CASE WHEN s.process_node IS NULL OR frames.direction = s.process_node OR s.peer_process_id IS NULL
        THEN s.process_id ELSE s.peer_process_id END,
      process_dir = CASE WHEN s.process_node IS NULL OR frames.direction IS NULL THEN NULL
        WHEN frames.direction = s.process_node OR s.peer_process_id IS NOT NULL THEN 2 ELSE 1 END,
      process_derived = 1
    FROM streams s
    WHERE frames.evidence_id = ${E} AND frames.process_id IS NULL AND frames.${streamOf(proto)} IS NOT NULL
      AND s.evidence_id = ${E} AND s.proto = '${proto}' AND s.id = frames.${streamOf(proto)} AND s.process_id IS NOT NULL`;
  // A tagged frame whose source gave no direction: the stream tells it when the process's node is known.
  const direct = (proto: 'tcp' | 'udp') => `
    UPDATE frames SET process_dir = CASE WHEN frames.direction = s.process_node THEN 2 ELSE 1 END
    FROM streams s
    WHERE frames.evidence_id = ${E} AND frames.process_id IS NOT NULL AND frames.process_dir IS NULL AND frames.direction IS NOT NULL
      AND frames.process_id = s.process_id AND s.evidence_id = ${E} AND s.proto = '${proto}' AND s.id = frames.${streamOf(proto)}
      AND s.process_node IS NOT NULL`;
  const pick = (what: string, extra = '') => `(SELECT p.${what} FROM temp.ww_stream_process p WHERE p.proto = streams.proto AND p.stream = streams.id ${extra}
      ORDER BY p.node IS NULL, coalesce(p.node = streams.client, 0) DESC, p.n DESC, p.process_id LIMIT 1)`;
  return [
    // Derived rows are recomputed from the tagged ones.
    `UPDATE frames SET process_id = NULL, process_dir = NULL, process_derived = NULL WHERE evidence_id = ${E} AND process_derived = 1`,
    'DROP TABLE IF EXISTS temp.ww_stream_process',
    // Where each tagged frame puts its process: the sender's node (outbound), the receiver's (inbound).
    `CREATE TEMP TABLE ww_stream_process AS
      SELECT CASE WHEN tcp_stream IS NOT NULL THEN 'tcp' ELSE 'udp' END AS proto, coalesce(tcp_stream, udp_stream) AS stream,
        CASE WHEN direction IS NULL THEN NULL WHEN process_dir = 2 THEN direction WHEN process_dir = 1 THEN 1 - direction END AS node,
        process_id, count(*) AS n
      FROM frames WHERE evidence_id = ${E} AND process_id IS NOT NULL AND (tcp_stream IS NOT NULL OR udp_stream IS NOT NULL)
      GROUP BY 1, 2, 3, 4`,
    'CREATE INDEX temp.ww_stream_process_key ON ww_stream_process(proto, stream)',
    `UPDATE streams SET process_id = NULL, process_node = NULL, peer_process_id = NULL WHERE evidence_id = ${E}`,
    // The stream's process: one whose node is known first, the connection's opener next, then the most frames.
    `UPDATE streams SET process_id = ${pick('process_id')}, process_node = ${pick('node')}
      WHERE evidence_id = ${E} AND EXISTS (SELECT 1 FROM temp.ww_stream_process p WHERE p.proto = streams.proto AND p.stream = streams.id)`,
    // Both ends local (loopback): the other end's process.
    `UPDATE streams SET peer_process_id = (SELECT p.process_id FROM temp.ww_stream_process p
        WHERE p.proto = streams.proto AND p.stream = streams.id AND p.node = 1 - streams.process_node AND p.process_id <> streams.process_id
        ORDER BY p.n DESC, p.process_id LIMIT 1)
      WHERE evidence_id = ${E} AND process_node IS NOT NULL`,
    direct('tcp'), direct('udp'),
    fill('tcp'), fill('udp'),
    'DROP TABLE temp.ww_stream_process',
    'DROP TABLE IF EXISTS temp.ww_process_stats',
    `CREATE TEMP TABLE ww_process_stats AS
      SELECT process_id AS id, count(*) AS n, min(number) AS first, max(number) AS last,
        count(CASE WHEN process_dir = 2 THEN 1 END) AS fs, count(CASE WHEN process_dir = 1 THEN 1 END) AS fr,
        sum(CASE WHEN process_dir = 2 THEN orig_len ELSE 0 END) AS bs, sum(CASE WHEN process_dir = 1 THEN orig_len ELSE 0 END) AS br
      FROM frames WHERE evidence_id = ${E} AND process_id IS NOT NULL GROUP BY process_id`,
    `UPDATE processes SET frames = t.n, first_frame = t.first, last_frame = t.last, frames_sent = t.fs, frames_received = t.fr,
        bytes_sent = t.bs, bytes_received = t.br,
        first_ts_sec = (SELECT f.ts_sec FROM frames f WHERE f.number = t.first), first_ts_nsec = (SELECT f.ts_nsec FROM frames f WHERE f.number = t.first),
        last_ts_sec = (SELECT f.ts_sec FROM frames f WHERE f.number = t.last), last_ts_nsec = (SELECT f.ts_nsec FROM frames f WHERE f.number = t.last)
      FROM temp.ww_process_stats t WHERE t.id = processes.id`,
    `UPDATE processes SET streams = coalesce((SELECT count(*) FROM streams s WHERE s.evidence_id = ${E}
        AND (s.process_id = processes.id OR s.peer_process_id = processes.id)), 0)
      WHERE evidence_id = ${E}`,
    'DROP TABLE temp.ww_process_stats',
  ];
}

export type ProcessSortKey = 'id' | 'pid' | 'first' | 'last' | 'frames' | 'bytes';
const SORT_SQL: Record<ProcessSortKey, string> = {
  id: 'id', pid: 'pid', first: 'coalesce(first_frame, 0)', last: 'coalesce(last_frame, 0)', frames: 'frames',
  bytes: '(bytes_sent + bytes_received)',
};

export class ProcessIndex {
  constructor(private readonly db: Database.Database) {}

  count(q: { evidenceId?: number } = {}): number {
    const w = q.evidenceId === undefined ? '' : 'WHERE evidence_id = ?';
    return (this.db.prepare(`SELECT count(*) AS n FROM processes ${w}`).get(...(q.evidenceId === undefined ? [] : [q.evidenceId])) as { n: number }).n;
  }

  /** A page of processes in order of first sighting (or by `sort`). */
  page(q: { offset: number; limit: number; evidenceId?: number; sort?: ProcessSortKey; descending?: boolean }): ProcessRowDb[] {
    const w = q.evidenceId === undefined ? '' : 'WHERE evidence_id = ?';
    const key = SORT_SQL[q.sort ?? 'first'];
    const dir = q.descending ? 'DESC' : 'ASC';
    return this.db.prepare(`SELECT ${PROCESS_COLUMNS} FROM processes ${w} ORDER BY ${key} ${dir}, id LIMIT ? OFFSET ?`)
      .all(...(q.evidenceId === undefined ? [] : [q.evidenceId]), q.limit, q.offset) as ProcessRowDb[];
  }

  /** Every process in order of first sighting. */
  all(): ProcessRowDb[] {
    return this.db.prepare(`SELECT ${PROCESS_COLUMNS} FROM processes ORDER BY coalesce(first_frame, 0), id`).all() as ProcessRowDb[];
  }

  get(id: number): ProcessRowDb | undefined {
    return this.db.prepare(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = ?`).get(id) as ProcessRowDb | undefined;
  }

  /** First free process id (ids are case-wide). */
  nextId(): number {
    return ((this.db.prepare('SELECT max(id) AS m FROM processes').get() as { m: number | null }).m ?? 0) + 1;
  }

  /** First and last timestamp of the attributed frames (of one evidence), as seconds + nanoseconds. */
  activitySpan(evidenceId?: number): { first: { sec: number; nsec: number } | null; last: { sec: number; nsec: number } | null } {
    const w = evidenceId === undefined ? '' : 'AND evidence_id = ?';
    const args = evidenceId === undefined ? [] : [evidenceId];
    const edge = (order: 'ASC' | 'DESC') => this.db.prepare(`SELECT ts_sec AS sec, ts_nsec AS nsec FROM frames
      WHERE process_id IS NOT NULL AND ts_sec IS NOT NULL ${w} ORDER BY ts_sec ${order}, ts_nsec ${order} LIMIT 1`).get(...args) as { sec: number; nsec: number } | undefined;
    return { first: edge('ASC') ?? null, last: edge('DESC') ?? null };
  }

  /**
   * Frames and bytes per process and time bucket: bucket = floor((ts - startNs) / bucketNs). Only
   * attributed frames are read (the partial index on frames.process_id).
   */
  activity(startNs: bigint, bucketNs: bigint, evidenceId?: number): ProcessActivityRow[] {
    if (bucketNs <= 0n) throw new Error('bucketNs must be positive');
    const w = evidenceId === undefined ? '' : 'AND evidence_id = ?';
    const sec = startNs / 1_000_000_000n;
    const nsec = startNs % 1_000_000_000n;
    // (ts - start) in ns stays within 2^63 for any capture spanning less than 292 years.
    return this.db.prepare(`SELECT process_id AS processId,
        ((ts_sec - ?) * 1000000000 + (ts_nsec - ?)) / ? AS bucket, count(*) AS frames, sum(orig_len) AS bytes
      FROM frames WHERE process_id IS NOT NULL AND ts_sec IS NOT NULL ${w}
      GROUP BY process_id, bucket ORDER BY process_id, bucket`)
      .all(sec, nsec, bucketNs, ...(evidenceId === undefined ? [] : [evidenceId])) as ProcessActivityRow[];
  }
}
