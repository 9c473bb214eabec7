/**
 * The case index: a folder holding index.sqlite. This class is the main-thread connection (schema,
 * evidence bookkeeping, queries); bulk frame inserts go through a BulkWriter on its own connection.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FRAME_FIELD_INSERT_SQL } from './frame-columns.mjs';
import type { FrameFieldRow } from './frame-batch.js';
import { factIndexes, migrations, secondaryIndexes, SCHEMA_VERSION } from './schema.js';
import { fileStamp, markInterrupted, purgeEvidence, restartable } from './evidence-recovery.js';
import { IngestBusyError, IngestLock } from './ingest-lock.js';
import { ProcessIndex } from './process-index.js';
import { StreamIndex } from './stream-index.js';

export type EvidenceStatus = 'ingesting' | 'complete' | 'incomplete' | 'failed';

export interface EvidenceRow {
  id: number;
  path: string;
  size: number;
  sha256: string | null;
  format: string | null;
  status: EvidenceStatus;
  frameCount: number;
  firstFrame: number | null;
  firstTsNs: string | null;
  lastTsNs: string | null;
  bytesIndexed: number;
  error: string | null;
  errorOffset: number | null;
  errorFrame: number | null;
  importedAt: string;
  finishedAt: string | null;
  /** The file's stat identity when the import finished (size:mtime:ctime:inode); see the engine's evidence-integrity.ts. */
  fileStamp: string | null;
}

export interface FrameRowDb {
  number: number;
  evidenceId: number;
  fileOffset: number;
  capLen: number;
  origLen: number;
  /** Seconds and nanoseconds as the file stored them; null for records without a timestamp. */
  tsSec: number | null;
  tsNsec: number | null;
  ifaceId: number;
  /** 48-bit MAC addresses as numbers (numberToMac formats them). */
  ethSrc: number | null;
  ethDst: number | null;
  ipVersion: number;
  ipSrc: string | null;
  ipDst: string | null;
  ipProto: number | null;
  srcPort: number | null;
  dstPort: number | null;
  tcpFlags: number | null;
  protocol: string;
  /** Stored Info for records whose Info is not derived from bytes (custom blocks); usually null. */
  info: string | null;
  comments: string | null;
  epbFlags: number | null;
  /** tcp.stream / udp.stream within the frame's evidence (null: none). */
  tcpStream: number | null;
  udpStream: number | null;
  /** 0: node0 -> node1 of its stream, 1: the reverse. */
  direction: number | null;
  /** Reassembly analysis bits (@wirewho/reassembly Analysis), null for none. */
  tcpAnalysis: number | null;
  /** processes.id of the local process that sent or received the frame (null: unknown). */
  processId: number | null;
  /** 2: the process sent the frame, 1: it received it, null: unknown. */
  processDir: number | null;
  /** 1 when the frame carried no process metadata and took its stream's process. */
  processDerived: number | null;
}

export interface InterfaceRowDb {
  evidenceId: number;
  ifaceId: number;
  section: number;
  localId: number;
  linkType: number;
  snaplen: number;
  name: string | null;
  description: string | null;
  filter: string | null;
  os: string | null;
  tsresol: string;
  tsoffset: number;
  fcsLen: number | null;
}

const FRAME_COLUMNS = `number, evidence_id AS evidenceId, file_offset AS fileOffset,
  cap_len AS capLen, orig_len AS origLen, ts_sec AS tsSec, ts_nsec AS tsNsec, iface_id AS ifaceId, eth_src AS ethSrc,
  eth_dst AS ethDst, ip_version AS ipVersion, ip_src AS ipSrc, ip_dst AS ipDst, ip_proto AS ipProto,
  src_port AS srcPort, dst_port AS dstPort, tcp_flags AS tcpFlags, protocol, info, comments, epb_flags AS epbFlags,
  tcp_stream AS tcpStream, udp_stream AS udpStream, direction, tcp_analysis AS tcpAnalysis, process_id AS processId,
  process_dir AS processDir, process_derived AS processDerived`;

const EVIDENCE_COLUMNS = `id, path, size, sha256, format, status, frame_count AS frameCount, first_frame AS firstFrame,
  first_ts_ns AS firstTsNs, last_ts_ns AS lastTsNs, bytes_indexed AS bytesIndexed,
  error, error_offset AS errorOffset, error_frame AS errorFrame, imported_at AS importedAt, finished_at AS finishedAt,
  file_stamp AS fileStamp`;

export const INDEX_FILE = 'index.sqlite';

export class IndexVersionError extends Error {}

export class CaseIndex {
  readonly caseDir: string;
  readonly dbPath: string;
  readonly db: Database.Database;
  private streamIndex: StreamIndex | null = null;
  private frameStmt: Database.Statement | null = null;
  private processIndex: ProcessIndex | null = null;
  /** Held from beginEvidence until every evidence this connection began is finished (or close). */
  private ingestLock: IngestLock | null = null;
  private readonly activeIngests = new Set<number>();

  private constructor(caseDir: string, db: Database.Database) {
    this.caseDir = caseDir;
    this.dbPath = path.join(caseDir, INDEX_FILE);
    this.db = db;
  }

  /** Queries over streams, segments, gaps, PDUs and IP reassemblies. */
  get streams(): StreamIndex {
    this.streamIndex ??= new StreamIndex(this.db);
    return this.streamIndex;
  }

  /** Queries over the processes table. */
  get processes(): ProcessIndex {
    this.processIndex ??= new ProcessIndex(this.db);
    return this.processIndex;
  }

  /**
   * Adds facts to the generic multi-occurrence table (one row per field occurrence, Wireshark field
   * names), in one transaction. Ingest writes its facts through the bulk writer instead.
   */
  insertFrameFields(rows: readonly FrameFieldRow[]): void {
    if (rows.length === 0) return;
    const stmt = this.db.prepare(FRAME_FIELD_INSERT_SQL);
    const v = (x: string | number | null) => (typeof x === 'number' && Number.isSafeInteger(x) ? BigInt(x) : x);
    this.db.transaction(() => { for (const r of rows) stmt.run(r[0], r[1], v(r[2])); })();
  }

  /** Values of one field in one frame, in insertion order. */
  frameFieldValues(frame: number, field: string): (string | number | null)[] {
    return (this.db.prepare('SELECT value FROM frame_fields WHERE frame = ? AND field = ? ORDER BY rowid').all(frame, field) as { value: string | number | null }[])
      .map((r) => r.value);
  }

  /** Opens (creating when needed) the case folder and migrates its index to the current schema. */
  static open(caseDir: string, options: { readonly?: boolean } = {}): CaseIndex {
    const dir = path.resolve(caseDir);
    if (!options.readonly) mkdirSync(dir, { recursive: true });
    const db = new Database(path.join(dir, INDEX_FILE), { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma('busy_timeout = 10000');
    // 64 KiB pages: the bulk load of frame rows runs ~40% faster than with 4 KiB pages (measured);
    // page_size only takes effect before the first table exists, hence before WAL and migrations.
    if (!options.readonly && db.pragma('user_version', { simple: true }) === 0) db.pragma('page_size = 65536');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    const index = new CaseIndex(dir, db);
    index.migrate(options.readonly ?? false);
    if (!options.readonly) index.recoverInterrupted();
    return index;
  }

  /**
   * Marks imports that died mid-way (their process gone: the ingest lock is free) as incomplete, with
   * the frames really committed. Runs on every writable open; a live ingest elsewhere is left alone.
   */
  recoverInterrupted(): number[] {
    const ingesting = this.db.prepare(`SELECT 1 FROM evidence WHERE status = 'ingesting' LIMIT 1`).get();
    if (!ingesting || this.ingestLock) return [];
    const lock = IngestLock.tryAcquire(this.caseDir);
    if (!lock) return [];
    try {
      return markInterrupted(this.db);
    } finally {
      lock.release();
    }
  }

  private migrate(readonly: boolean): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new IndexVersionError(`case index ${this.dbPath} has schema version ${version}; this Wirewho understands up to ${SCHEMA_VERSION}`);
    }
    if (version === SCHEMA_VERSION) return;
    if (readonly) throw new IndexVersionError(`case index ${this.dbPath} needs migration but is opened read-only`);
    const apply = this.db.transaction(() => {
      for (let v = version; v < SCHEMA_VERSION; v++) {
        const m = migrations[v];
        if (typeof m === 'string') {
          this.db.exec(m);
          continue;
        }
        this.db.exec(m.sql);
        if (this.db.prepare(m.ifAny).get() !== undefined) for (const sql of m.then) this.db.exec(sql);
      }
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
    apply();
  }

  /**
   * Starts an import: takes the case's ingest lock (IngestBusyError when another process holds it),
   * then either restarts an interrupted import of the same file in place or adds a new evidence row.
   */
  beginEvidence(input: { path: string; size: number }): EvidenceRow {
    if (!this.ingestLock) {
      this.ingestLock = IngestLock.tryAcquire(this.caseDir);
      if (!this.ingestLock) throw new IngestBusyError(this.caseDir);
    }
    try {
      const now = new Date().toISOString();
      // With the lock held nobody else imports into this case: a row still 'ingesting' that this
      // connection is not importing belongs to a process that died.
      markInterrupted(this.db, this.activeIngests);
      const again = restartable(this.db, input.path);
      let id: number;
      if (again !== null) {
        purgeEvidence(this.db, again, { size: input.size, importedAt: now });
        id = again;
      } else {
        id = Number(this.db.prepare(`INSERT INTO evidence (path, size, status, imported_at) VALUES (?, ?, 'ingesting', ?)`)
          .run(input.path, input.size, now).lastInsertRowid);
      }
      this.activeIngests.add(id);
      return this.evidence(id)!;
    } catch (err) {
      this.releaseIngestLock();
      throw err;
    }
  }

  /** An import that stopped by an error: marked interrupted like a killed one, the lock released when it was the last. */
  abandonEvidence(id: number): void {
    if (!this.activeIngests.delete(id)) return;
    markInterrupted(this.db, this.activeIngests, id);
    this.releaseIngestLock();
  }

  private releaseIngestLock(): void {
    if (this.activeIngests.size > 0) return;
    this.ingestLock?.release();
    this.ingestLock = null;
  }

  setEvidenceFormat(id: number, format: string): void {
    this.db.prepare('UPDATE evidence SET format = ? WHERE id = ?').run(format, id);
  }

  /** A live capture's file grows while it is indexed: its final size is known at the end. */
  setEvidenceSize(id: number, size: number): void {
    this.db.prepare('UPDATE evidence SET size = ? WHERE id = ?').run(size, id);
  }

  finishEvidence(id: number, result: {
    status: EvidenceStatus; sha256: string | null; error?: string | null; errorOffset?: number | null; errorFrame?: number | null;
  }): EvidenceRow {
    // The file's stamp now, after the last read (a live capture's file stopped growing only now).
    const file = this.evidence(id)?.path;
    const stamp = file ? fileStamp(file) : null;
    this.db.prepare(`UPDATE evidence SET status = ?, sha256 = ?, error = ?, error_offset = ?, error_frame = ?, finished_at = ?, file_stamp = ? WHERE id = ?`)
      .run(result.status, result.sha256, result.error ?? null, result.errorOffset ?? null, result.errorFrame ?? null,
        new Date().toISOString(), stamp, id);
    this.activeIngests.delete(id);
    this.releaseIngestLock();
    return this.evidence(id)!;
  }

  /** Records that the file was re-hashed and found unchanged under a new stat identity (touched, copied back). */
  setEvidenceFileStamp(id: number, stamp: string): void {
    this.db.prepare('UPDATE evidence SET file_stamp = ? WHERE id = ?').run(stamp, id);
  }

  evidence(id: number): EvidenceRow | undefined {
    return this.db.prepare(`SELECT ${EVIDENCE_COLUMNS} FROM evidence WHERE id = ?`).get(id) as EvidenceRow | undefined;
  }

  listEvidence(): EvidenceRow[] {
    return this.db.prepare(`SELECT ${EVIDENCE_COLUMNS} FROM evidence ORDER BY id`).all() as EvidenceRow[];
  }

  interfaces(evidenceId: number): InterfaceRowDb[] {
    return this.db.prepare(`SELECT evidence_id AS evidenceId, iface_id AS ifaceId, section, local_id AS localId,
      link_type AS linkType, snaplen, name, description, filter, os, tsresol, tsoffset, fcs_len AS fcsLen
      FROM interfaces WHERE evidence_id = ? ORDER BY iface_id`).all(evidenceId) as InterfaceRowDb[];
  }

  /** Number the next imported frame gets: frames of all evidence are numbered consecutively. */
  nextFrameNumber(): number {
    const row = this.db.prepare('SELECT max(number) AS n FROM frames').get() as { n: number | null };
    return (row.n ?? 0) + 1;
  }

  /** First free ordinal of the segments/gaps delivery order (case-wide, shared by both tables). */
  nextSegmentOrd(): number {
    const row = this.db.prepare('SELECT max(m) AS m FROM (SELECT max(ord) AS m FROM segments UNION ALL SELECT max(ord) FROM gaps)').get() as { m: number | null };
    return (row.m ?? 0) + 1;
  }

  frameCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM frames').get() as { n: number }).n;
  }

  /** First and last timestamp of the case as seconds + nanoseconds (null when no frame has one). */
  timeSpan(): { first: { sec: number; nsec: number } | null; last: { sec: number; nsec: number } | null } {
    const edge = (order: 'ASC' | 'DESC') => this.db.prepare(`SELECT ts_sec AS sec, ts_nsec AS nsec FROM frames
      WHERE ts_sec IS NOT NULL ORDER BY ts_sec ${order}, ts_nsec ${order} LIMIT 1`).get() as { sec: number; nsec: number } | undefined;
    return { first: edge('ASC') ?? null, last: edge('DESC') ?? null };
  }

  /** Timestamp of the first frame (in frame order) that has one: Wireshark's reference for relative time. */
  firstFrameTime(): { sec: number; nsec: number } | null {
    return (this.db.prepare(`SELECT ts_sec AS sec, ts_nsec AS nsec FROM frames WHERE ts_sec IS NOT NULL ORDER BY number LIMIT 1`)
      .get() as { sec: number; nsec: number } | undefined) ?? null;
  }

  /** Frames by position in the list (numbers are dense, so a position range is a key range). */
  framesByPosition(offset: number, limit: number): FrameRowDb[] {
    return this.db.prepare(`SELECT ${FRAME_COLUMNS} FROM frames ORDER BY number LIMIT ? OFFSET ?`).all(limit, offset) as FrameRowDb[];
  }

  framesInRange(firstNumber: number, limit: number): FrameRowDb[] {
    return this.db.prepare(`SELECT ${FRAME_COLUMNS} FROM frames WHERE number >= ? ORDER BY number LIMIT ?`).all(firstNumber, limit) as FrameRowDb[];
  }

  frame(number: number): FrameRowDb | undefined {
    // Prepared once: a page of 500 rows costs 500 lookups, and preparing each would cost ten times more.
    this.frameStmt ??= this.db.prepare(`SELECT ${FRAME_COLUMNS} FROM frames WHERE number = ?`);
    return this.frameStmt.get(number) as FrameRowDb | undefined;
  }

  /** Iterates frames in number order without loading them all. */
  *iterateFrames(fromNumber = 1): IterableIterator<FrameRowDb> {
    yield* this.db.prepare(`SELECT ${FRAME_COLUMNS} FROM frames WHERE number >= ? ORDER BY number`).iterate(fromNumber) as IterableIterator<FrameRowDb>;
  }

  /** Builds every secondary index that is missing (the fact index included). */
  buildSecondaryIndexes(): void {
    for (const sql of [...secondaryIndexes, ...factIndexes]) this.db.exec(sql);
  }

  close(): void {
    this.activeIngests.clear();
    this.releaseIngestLock();
    this.db.close();
  }
}
