/**
 * The few file operations attribution needs, synchronous on purpose: a lookup is a burst of tiny
 * /proc reads (two socket tables, a handful of readlinks) that must finish before a short-lived
 * process exits, and sync calls avoid a thread-pool round trip per file. Every error (ENOENT when
 * a process exits mid-scan, EACCES without root) reads as "absent".
 */
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';

export interface ProcFs {
  readFile(path: string): string | undefined;
  readdir(path: string): string[] | undefined;
  readlink(path: string): string | undefined;
}

/**
 * One reusable 1 MiB buffer, so a /proc file comes in few read() calls: each read() of
 * /proc/net/tcp* resumes a walk of the kernel's whole connection hash (≈ 2-5 ms on a host with a
 * large hash, however few sockets exist), and readFileSync's small chunks for size-0 /proc files
 * cost about twice as much. A short read is not the end (seq_file may stop at a page), so reading
 * goes on until read() returns 0.
 */
let buffer = Buffer.allocUnsafe(1 << 20);

function readWhole(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let len = 0;
    for (;;) {
      if (len === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, len);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, len, buffer.length - len, null);
      if (n === 0) break;
      len += n;
    }
    return buffer.toString('latin1', 0, len); // bytes as they are: argv need not be UTF-8
  } finally {
    closeSync(fd);
  }
}

export const nodeProcFs: ProcFs = {
  readFile(path) {
    try {
      return readWhole(path);
    } catch {
      return undefined;
    }
  },
  readdir(path) {
    try {
      return readdirSync(path);
    } catch {
      return undefined;
    }
  },
  readlink(path) {
    try {
      return readlinkSync(path, 'latin1');
    } catch {
      return undefined;
    }
  },
};
