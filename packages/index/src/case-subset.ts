/**
 * The index inside a case file: the exported capture indexed on its own (so frames, streams, PDUs,
 * facts and processes are exactly those of the exported frames), plus what only the source case
 * knows — which source frame each exported frame was, the analyst's annotations and the custody log —
 * and the queries the case report is made of.
 */
import type Database from 'better-sqlite3';
import type { AnnotationRow } from './annotations.js';

export interface SourceFrame {
  number: number;
  sourceNumber: number;
  sourceEvidenceSha256: string | null;
}

/** source_frames exists only in case-file indexes: one row per exported frame. */
export function writeSourceFrames(db: Database.Database, rows: Iterable<SourceFrame>): void {
  db.exec(`CREATE TABLE IF NOT EXISTS source_frames (
    number INTEGER PRIMARY KEY, source_number INTEGER NOT NULL, source_evidence_sha256 TEXT)`);
  const stmt = db.prepare('INSERT INTO source_frames (number, source_number, source_evidence_sha256) VALUES (?, ?, ?)');
  db.transaction(() => { for (const r of rows) stmt.run(r.number, r.sourceNumber, r.sourceEvidenceSha256); })();
}

/** The source frame of an exported frame (null when the index is not a case file's). */
export function sourceFrameOf(db: Database.Database, number: number): number | null {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'source_frames'`).get();
  if (!has) return null;
  return (db.prepare('SELECT source_number FROM source_frames WHERE number = ?').pluck().get(number) as number | undefined) ?? null;
}

/** Copies annotations as they are (their frame/stream/process already mapped by the caller). */
export function insertAnnotations(db: Database.Database, rows: readonly Omit<AnnotationRow, 'id'>[]): void {
  const stmt = db.prepare(`INSERT INTO annotations (kind, target, frame, evidence_id, proto, stream, process_id, text, author, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const a of rows) stmt.run(a.kind, a.target, a.frame, a.evidenceId, a.proto, a.stream, a.processId, a.text, a.author, a.createdAt);
  })();
}

/** Copies custody lines verbatim (same seq, line and hash), so the chain verifies in the copy too. */
export function copyCustodyLines(db: Database.Database, lines: readonly { seq: number; line: string; sha256: string }[]): void {
  const stmt = db.prepare('INSERT INTO custody_log (seq, line, sha256) VALUES (?, ?, ?)');
  db.transaction(() => { for (const l of lines) stmt.run(l.seq, l.line, l.sha256); })();
}

export function custodyRows(db: Database.Database): { seq: number; line: string; sha256: string }[] {
  return db.prepare('SELECT seq, line, sha256 FROM custody_log ORDER BY seq').all() as { seq: number; line: string; sha256: string }[];
}

/**
 * The case file's processes come from the exported capture's metadata, which Wirewho wrote; their
 * source and confidence are set back to what the original evidence said (ptcpdump, tcpshark, ...).
 */
export function adoptProcessProvenance(db: Database.Database, rows: readonly { id: number; source: string; confidence: string }[]): void {
  const stmt = db.prepare('UPDATE processes SET source = ?, confidence = ? WHERE id = ?');
  db.transaction(() => { for (const r of rows) stmt.run(r.source, r.confidence, r.id); })();
}

/** Points an evidence row at where its file is now (a case file's capture once extracted). */
export function relocateEvidence(db: Database.Database, evidenceId: number, filePath: string): void {
  db.prepare('UPDATE evidence SET path = ? WHERE id = ?').run(filePath, evidenceId);
}

/** One self-contained file: WAL folded in, rollback journal, compacted. */
export function compactForArchive(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  // Small pages: the case index's 64 KiB pages (bulk-load speed) make a small export's file mostly empty pages.
  db.pragma('page_size = 4096');
  db.exec('VACUUM');
}

export interface TalkerRow { address: string; frames: number; bytes: number }

/** Addresses by frames sent or received (each frame counts for its source and its destination). */
export function topTalkers(db: Database.Database, limit: number): TalkerRow[] {
  return db.prepare(`SELECT address, count(*) AS frames, sum(len) AS bytes FROM (
      SELECT ip_src AS address, orig_len AS len FROM frames WHERE ip_src IS NOT NULL
      UNION ALL SELECT ip_dst, orig_len FROM frames WHERE ip_dst IS NOT NULL)
    GROUP BY address ORDER BY frames DESC, bytes DESC, address LIMIT ?`).all(limit) as TalkerRow[];
}

export interface TimelineRows { startNs: bigint; bucketNs: bigint; frames: number[]; attributed: number[] }

/** Frames (and attributed frames) per bucket over the time span, `buckets` buckets. */
export function timeline(db: Database.Database, buckets: number): TimelineRows {
  const span = db.prepare(`SELECT min(ts_sec * 1000000000 + ts_nsec) AS lo, max(ts_sec * 1000000000 + ts_nsec) AS hi FROM frames WHERE ts_sec IS NOT NULL`)
    .safeIntegers(true).get() as { lo: bigint | null; hi: bigint | null };
  const frames = new Array<number>(buckets).fill(0);
  const attributed = new Array<number>(buckets).fill(0);
  if (span.lo === null || span.hi === null) return { startNs: 0n, bucketNs: 1n, frames: [], attributed: [] };
  const width = span.hi - span.lo + 1n;
  const bucketNs = width / BigInt(buckets) + (width % BigInt(buckets) === 0n ? 0n : 1n);
  const rows = db.prepare(`SELECT (ts_sec * 1000000000 + ts_nsec - ?) / ? AS b, count(*) AS n, count(process_id) AS a
      FROM frames WHERE ts_sec IS NOT NULL GROUP BY b`).all(span.lo, bucketNs) as { b: number; n: number; a: number }[];
  for (const r of rows) {
    const i = Math.min(buckets - 1, Math.max(0, Number(r.b)));
    frames[i] += r.n;
    attributed[i] += r.a;
  }
  return { startNs: span.lo, bucketNs, frames, attributed };
}

/** Fact rows of the given fields (dns.qry.name, http.host, ...), in frame order, at most `limit`. */
export function factRows(db: Database.Database, fields: readonly string[], limit: number): { frame: number; field: string; value: string }[] {
  if (fields.length === 0) return [];
  return db.prepare(`SELECT frame, field, CAST(value AS TEXT) AS value FROM frame_fields WHERE field IN (${fields.map(() => '?').join(',')})
    ORDER BY frame, rowid LIMIT ?`).all(...fields, limit) as { frame: number; field: string; value: string }[];
}
