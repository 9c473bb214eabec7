/**
 * What happens to an import that did not finish. Ingest commits one transaction per batch (frames, their
 * stream rows and the evidence progress together), so after a crash the index holds a consistent prefix.
 * - markInterrupted: an evidence row still 'ingesting' while nobody holds the ingest lock belonged to
 *   a process that died: it becomes 'incomplete', its counters recomputed from the frames really there.
 * - restartable / purgeEvidence: importing that file again completes it by a clean restart in place
 *   (same evidence id, same frame numbers): its partial rows go, then the file is read from the start.
 *   Reassembly state is not persisted, so a clean restart is what gives results identical to an
 *   uninterrupted run. Only the last evidence of a case can restart in place (frame numbers are dense).
 */
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * A file's identity as stat sees it: size, mtime and ctime (ns) and inode. Content cannot change
 * without changing ctime, and an ordinary user cannot set ctime back.
 */
export function fileStampOf(st: { size: bigint; mtimeNs: bigint; ctimeNs: bigint; ino: bigint }): string {
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
}

/** The stamp of the file at `filePath`, or null when it cannot be read. */
export function fileStamp(filePath: string): string | null {
  try {
    return fileStampOf(statSync(filePath, { bigint: true }));
  } catch {
    return null;
  }
}

/** Text of the error column of an interrupted import (also how restartable() recognises one). */
export function interruptedMessage(frames: number, lastFrame: number | null): string {
  const last = lastFrame === null ? 'no frame was committed' : `last committed frame ${lastFrame}`;
  return `ingest interrupted after ${frames} frames (${last}); import the file again to complete it`;
}

/**
 * Marks 'ingesting' rows incomplete (all of them, or only `only`), except those in `running`. Call
 * only while holding the ingest lock. Returns the ids marked.
 */
export function markInterrupted(db: Database.Database, running: ReadonlySet<number> = new Set(), only?: number): number[] {
  const rows = (db.prepare(`SELECT id, path, first_frame AS firstFrame FROM evidence WHERE status = 'ingesting'`).all() as { id: number; path: string; firstFrame: number | null }[])
    .filter((r) => !running.has(r.id) && (only === undefined || r.id === only));
  const count = db.prepare(`SELECT count(*) AS n, max(number) AS last FROM frames WHERE number >= ? AND evidence_id = ?`);
  const update = db.prepare(`UPDATE evidence SET status = 'incomplete', sha256 = NULL, frame_count = ?, error = ?, error_offset = NULL,
    error_frame = ?, finished_at = ?, file_stamp = ? WHERE id = ?`);
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const r of rows) {
      const c = r.firstFrame === null ? { n: 0, last: null } : count.get(r.firstFrame, r.id) as { n: number; last: number | null };
      // error_frame: the first frame of the file that is not in the index (as for a damaged file).
      update.run(c.n, interruptedMessage(c.n, c.last), c.n + 1, now, fileStamp(r.path), r.id);
    }
  })();
  return rows.map((r) => r.id);
}

/**
 * The evidence an import of `filePath` should restart in place: the case's last evidence, for that
 * path, left incomplete by an interruption or a cancel (no hash: the file was never read to its end).
 * A file that stopped at a fault in its own bytes has its hash and is not retried.
 */
export function restartable(db: Database.Database, filePath: string): number | null {
  const last = db.prepare(`SELECT id, path, status, sha256 FROM evidence ORDER BY id DESC LIMIT 1`).get() as
    { id: number; path: string; status: string; sha256: string | null } | undefined;
  if (!last || last.path !== filePath || last.status !== 'incomplete' || last.sha256 !== null) return null;
  return last.id;
}

/** The analyst's work survives a restart (frame numbers come back the same); it is never deleted. */
const KEPT_TABLES = new Set(['evidence', 'annotations', 'custody_log']);

/** Tables holding derived rows of one evidence: every table with an evidence_id column (future ones included). */
function evidenceTables(db: Database.Database): string[] {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[])
    .filter((t) => !KEPT_TABLES.has(t.name));
  return tables.map((t) => t.name).filter((name) =>
    (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).some((c) => c.name === 'evidence_id'));
}

/** Deletes the partial rows of the (last) evidence `id` and resets its row to a fresh 'ingesting' import. */
export function purgeEvidence(db: Database.Database, id: number, input: { size: number; importedAt: string }): void {
  const e = db.prepare('SELECT first_frame AS firstFrame FROM evidence WHERE id = ?').get(id) as { firstFrame: number | null } | undefined;
  if (!e) throw new Error(`evidence ${id} is not in this case`);
  db.transaction(() => {
    // Table names come from sqlite_master, never from input.
    for (const table of evidenceTables(db)) db.prepare(`DELETE FROM "${table}" WHERE evidence_id = ?`).run(id);
    // frame_fields rows carry the case frame number only; the evidence is the last, so they are the tail.
    if (e.firstFrame !== null) db.prepare('DELETE FROM frame_fields WHERE frame >= ?').run(e.firstFrame);
    db.prepare(`UPDATE evidence SET size = ?, sha256 = NULL, format = NULL, status = 'ingesting', frame_count = 0, first_frame = NULL,
      first_ts_ns = NULL, last_ts_ns = NULL, bytes_indexed = 0, error = NULL, error_offset = NULL, error_frame = NULL,
      file_stamp = NULL, imported_at = ?, finished_at = NULL WHERE id = ?`).run(input.size, input.importedAt, id);
  })();
}
