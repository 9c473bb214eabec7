/**
 * A file that appears complete or not at all: bytes go to a hidden ".partial" file in the target's
 * folder (same file system, so the final rename is atomic), hashed as they are written, and only
 * commit() renames it to the target. abort() — or any failure — removes it; a killed process leaves
 * at most the ".partial" file, which no one takes for the export.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '@wirewho/contract';

const BUFFER = 1024 * 1024;

export class OutputExistsError extends ApiError {
  constructor(readonly target: string) {
    super('invalid-argument', `${target} already exists (use --force to replace it)`);
  }
}

export function partialPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
}

export class AtomicFile {
  readonly target: string;
  readonly tempPath: string;
  private fd: number | null;
  private readonly hash = createHash('sha256');
  private buf = Buffer.allocUnsafe(BUFFER);
  private used = 0;
  private total = 0;

  constructor(target: string, options: { force?: boolean } = {}) {
    this.target = path.resolve(target);
    if (!options.force && existsSync(this.target)) throw new OutputExistsError(this.target);
    this.tempPath = partialPathFor(this.target);
    this.fd = openSync(this.tempPath, 'wx', 0o644);
  }

  get bytesWritten(): number {
    return this.total;
  }

  write(bytes: Uint8Array): void {
    if (this.fd === null) throw new Error('write after the file was finished');
    this.hash.update(bytes);
    this.total += bytes.length;
    if (bytes.length > BUFFER) {
      this.flush();
      writeAll(this.fd, bytes);
      return;
    }
    if (this.used + bytes.length > BUFFER) this.flush();
    this.buf.set(bytes, this.used);
    this.used += bytes.length;
  }

  private flush(): void {
    if (this.used > 0 && this.fd !== null) writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }

  /** Flushes, syncs and renames onto the target; returns the SHA-256 (hex) and size of what was written. */
  commit(options: { force?: boolean } = {}): { sha256: string; bytes: number } {
    try {
      this.flush();
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = null;
      // Checked again: the target may have appeared while we wrote.
      if (!options.force && existsSync(this.target)) throw new OutputExistsError(this.target);
      renameSync(this.tempPath, this.target);
    } catch (e) {
      this.abort();
      throw e;
    }
    return { sha256: this.hash.digest('hex'), bytes: this.total };
  }

  /** Drops the partial file (idempotent). */
  abort(): void {
    if (this.fd !== null) {
      try { closeSync(this.fd); } catch { /* already closed */ }
      this.fd = null;
    }
    try { unlinkSync(this.tempPath); } catch { /* already gone */ }
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}
