/**
 * The case's ingest lock: one process at a time may import into a case (frame numbers are handed out
 * from max(number) + 1, so two writers would collide). The lock is an exclusive SQLite transaction on
 * a small side file, held for the whole ingest. The operating system drops it when its process dies,
 * however it dies (SIGKILL, power cut), so "the lock is free" reliably means "nobody is ingesting":
 * that is how an evidence row left in 'ingesting' is known to be an interrupted import rather than a
 * running one, without trusting PIDs (which get reused).
 */
import path from 'node:path';
import Database from 'better-sqlite3';

export const INGEST_LOCK_FILE = 'ingest.lock';

export class IngestBusyError extends Error {
  constructor(caseDir: string) {
    super(`another ingest is running in case ${caseDir}; wait for it to finish`);
    this.name = 'IngestBusyError';
  }
}

export class IngestLock {
  private constructor(private db: Database.Database | null) {}

  /** Takes the lock, or returns null when another connection (this process or another) holds it. */
  static tryAcquire(caseDir: string): IngestLock | null {
    // timeout 0: a held lock is an answer, not something to wait for.
    const db = new Database(path.join(caseDir, INGEST_LOCK_FILE), { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
      return new IngestLock(db);
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED') return null;
      throw err;
    }
  }

  get held(): boolean {
    return this.db !== null;
  }

  release(): void {
    if (!this.db) return;
    try {
      this.db.exec('COMMIT');
    } finally {
      this.db.close();
      this.db = null;
    }
  }
}
