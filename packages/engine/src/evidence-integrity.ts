/**
 * Frame bytes come from the evidence file, so the engine must know the file is still the one it
 * hashed on import before it shows a single byte of it. Every read costs one fstat of the open file:
 * - its stamp (size, mtime, ctime, inode) equal to the one recorded when the import finished, or to
 *   the one last verified in this process: accepted. Content cannot change without changing ctime,
 *   and only root (by setting the clock) can set ctime back, so this cheap path is sound for
 *   everything short of a root attacker;
 * - a different size: refused at once;
 * - same size, other stamp (touched, copied, restored from a backup, case moved to another disk):
 *   the whole file is re-hashed through the open descriptor and must equal the import's SHA-256, else
 *   refused; when it matches, the new stamp is recorded so the next process takes the cheap path.
 *   An import that never finished has no hash to compare with, so it is refused then.
 * An evidence file still being imported (a live capture grows) is only checked not to shrink.
 */
import { createHash } from 'node:crypto';
import { fstatSync, readSync } from 'node:fs';
import { ApiError } from '@wirewho/contract';
import { fileStampOf, type EvidenceRow } from '@wirewho/index';

const HASH_CHUNK = 4 * 1024 * 1024;

export class EvidenceChangedError extends ApiError {
  constructor(readonly path: string, detail: string) {
    super('evidence-changed', `evidence file ${path} has changed since it was imported (${detail}); no bytes are shown from it`);
  }
}

/** SHA-256 of everything readable through `fd`, from offset 0. */
export function hashDescriptor(fd: number): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(HASH_CHUNK);
  let offset = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, HASH_CHUNK, offset);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    offset += n;
  }
  return hash.digest('hex');
}

export class EvidenceIntegrity {
  /** Stamp of each file when it was last verified, by path. */
  private readonly verified = new Map<string, string>();
  /** Full re-hashes done (the expensive path; tests and diagnostics read it). */
  rehashes = 0;

  /** `remember` records a re-verified stamp in the index (it may fail on a read-only index: fine). */
  constructor(private readonly remember: (e: EvidenceRow, stamp: string) => void = () => {}) {}

  /** Throws EvidenceChangedError unless the file open as `fd` is the evidence `e` was imported from. */
  check(fd: number, e: EvidenceRow): void {
    const st = fstatSync(fd, { bigint: true });
    const stamp = fileStampOf(st);
    if (this.verified.get(e.path) === stamp) return;
    if (e.status === 'ingesting') {
      if (st.size < BigInt(e.size)) throw new EvidenceChangedError(e.path, `${st.size} bytes now, ${e.size} when the import began`);
      return;
    }
    if (st.size !== BigInt(e.size)) throw new EvidenceChangedError(e.path, `${st.size} bytes now, ${e.size} bytes at import`);
    if (e.fileStamp !== stamp) {
      if (e.sha256 === null) throw new EvidenceChangedError(e.path, 'touched after an import that never finished hashing it');
      this.rehashes++;
      const now = hashDescriptor(fd);
      if (now !== e.sha256) throw new EvidenceChangedError(e.path, `SHA-256 ${now.slice(0, 16)}… now, ${e.sha256.slice(0, 16)}… at import`);
      try { this.remember(e, stamp); } catch { /* read-only index: re-hashed again next time */ }
    }
    this.verified.set(e.path, stamp);
  }

  forget(): void {
    this.verified.clear();
  }
}
