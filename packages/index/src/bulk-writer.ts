/**
 * Bulk frame writers. The worker variant commits on its own thread (the ingest hot path only builds
 * batches); the inline variant does the same work synchronously, for small jobs and environments that
 * cannot start a worker. Both bound how many batches are in flight, so memory stays flat.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyWriterPragmas, createBatchInserter } from './frame-columns.mjs';
import { transferList, type FrameBatch } from './frame-batch.js';

export interface BulkWriter {
  /** Queues a batch; resolves once the number of uncommitted batches is below the bound. */
  write(batch: FrameBatch): Promise<void>;
  /** Resolves when every queued batch is committed (rejects with the first write error). */
  flush(): Promise<void>;
  /**
   * Runs statements (CREATE INDEX after a load) on the writer's connection, after every queued batch:
   * on the worker's thread, so the caller's event loop (the UI's engine) stays free meanwhile.
   */
  exec(statements: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const MAX_IN_FLIGHT = 2;
const WRITER_HEAP_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

export const writerWorkerPath = fileURLToPath(new URL('./writer-worker.mjs', import.meta.url));

export function createBulkWriter(dbPath: string, mode: 'worker' | 'inline' = 'worker'): BulkWriter {
  if (mode === 'worker' && existsSync(writerWorkerPath)) return new WorkerBulkWriter(dbPath);
  return new InlineBulkWriter(dbPath);
}

class InlineBulkWriter implements BulkWriter {
  private readonly db: Database.Database;
  private readonly insert: (b: FrameBatch) => void;
  constructor(dbPath: string) {
    this.db = new Database(dbPath);
    this.db.pragma('busy_timeout = 10000');
    applyWriterPragmas(this.db);
    this.insert = createBatchInserter(this.db);
  }
  async write(batch: FrameBatch): Promise<void> { this.insert(batch); }
  async flush(): Promise<void> {}
  async exec(statements: readonly string[]): Promise<void> { for (const sql of statements) this.db.exec(sql); }
  async close(): Promise<void> { this.db.close(); }
}

class WorkerBulkWriter implements BulkWriter {
  private readonly worker: Worker;
  private seq = 0;
  private committed = 0;
  private failure: Error | null = null;
  private waiters: { until: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private closed: Promise<void> | null = null;

  constructor(dbPath: string) {
    // The writer's heap only ever holds the batch it is writing; a small old generation makes V8 collect
    // the copies of finished batches instead of growing (tens of MB of RSS on large ingests).
    this.worker = new Worker(writerWorkerPath, { workerData: { dbPath }, resourceLimits: WRITER_HEAP_LIMITS });
    this.worker.on('message', (msg: { type: string; seq?: number; message?: string }) => {
      if (msg.type === 'committed') this.committed = msg.seq ?? this.committed;
      else if (msg.type === 'error') this.failure = new Error(`index write failed: ${msg.message}`);
      this.wake();
    });
    this.worker.on('error', (err) => { this.failure = err; this.wake(); });
    this.worker.on('exit', (code) => {
      if (code !== 0 && !this.failure) this.failure = new Error(`index writer exited with code ${code}`);
      this.wake();
    });
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (this.failure) w.reject(this.failure);
      else if (this.committed >= w.until) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  private waitFor(until: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.committed >= until) return Promise.resolve();
    return new Promise((resolve, reject) => { this.waiters.push({ until, resolve, reject }); });
  }

  async write(batch: FrameBatch): Promise<void> {
    if (this.failure) throw this.failure;
    const seq = ++this.seq;
    this.worker.postMessage({ type: 'batch', seq, batch }, transferList(batch));
    await this.waitFor(seq - MAX_IN_FLIGHT + 1);
  }

  flush(): Promise<void> { return this.waitFor(this.seq); }

  async exec(statements: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure;
    const seq = ++this.seq;
    this.worker.postMessage({ type: 'exec', seq, statements });
    await this.waitFor(seq);
  }

  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('message', (m: { type: string }) => { if (m.type === 'closed') void this.worker.terminate(); });
      this.worker.postMessage({ type: 'close' });
    });
    return this.closed;
  }
}
