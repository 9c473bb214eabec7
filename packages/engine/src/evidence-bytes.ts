/**
 * Reads frame bytes back from the evidence file by offset: the index never holds packet bytes.
 * Files are opened read-only and kept open (bounded) while the case is open.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const MAX_OPEN_FILES = 16;

export class EvidenceBytes {
  private readonly fds = new Map<string, number>();

  /** `guard` runs before every read with the open descriptor: it throws when the file must not be read. */
  constructor(private readonly guard?: (filePath: string, fd: number) => void) {}

  read(filePath: string, offset: number, length: number): Uint8Array {
    const fd = this.fd(filePath);
    this.guard?.(filePath, fd);
    const out = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new Error(`evidence ${filePath} ends before offset ${offset + length} (was it changed since import?)`);
      done += n;
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  private fd(filePath: string): number {
    let fd = this.fds.get(filePath);
    if (fd === undefined) {
      if (this.fds.size >= MAX_OPEN_FILES) this.closeAll();
      fd = openSync(filePath, 'r');
      this.fds.set(filePath, fd);
    }
    return fd;
  }

  closeAll(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}
