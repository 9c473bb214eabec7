/**
 * A pcap/pcapng byte stream (standard input of `wirewho ingest - --live`, the stdout of "Capture from
 * command…") copied byte for byte into a new file — that copy is the evidence — while the live ingest
 * reads the same file as it grows. The copy never alters a byte; a write failure (full disk) stops the
 * copy and keeps everything written before it.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { GrowingFileState } from './live-ingest.js';

/** `<dir>/<prefix>-YYYYMMDD-HHMMSS-<pid>[-n].cap`, created exclusively (never an existing file). */
export function liveStreamFile(dir: string, prefix: string, now = new Date()): { file: string; fd: number } {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  for (let n = 0; ; n++) {
    const file = path.join(dir, `${prefix}-${stamp}-${process.pid}${n === 0 ? '' : `-${n}`}.cap`);
    try {
      return { file, fd: openSync(file, 'wx') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw err;
    }
  }
}

export class StreamCopy {
  /** What the live ingest reads: grows with every chunk written, final when the stream ends. */
  readonly state = new GrowingFileState();
  size = 0;
  /** Set when a write failed (the copy stopped there). */
  error: Error | undefined;
  /** Resolves once the stream ended (or failed, or was stopped) and the file is closed. */
  readonly done: Promise<void>;
  private closed = false;

  constructor(readonly file: string, private readonly fd: number, private readonly stream: Readable, onData?: (size: number) => void) {
    this.done = new Promise<void>((resolve) => {
      const finish = () => {
        if (!this.closed) {
          this.closed = true;
          closeSync(fd);
          this.state.finish(this.size);
        }
        resolve();
      };
      stream.on('data', (chunk: Buffer) => {
        if (this.closed) return;
        let done = 0;
        try {
          while (done < chunk.length) done += writeSync(this.fd, chunk, done, chunk.length - done);
        } catch (err) {
          this.error = new Error(`${file}: ${(err as Error).message}; everything before it is kept and indexed`);
          this.size += done;
          stream.destroy();
          finish();
          return;
        }
        this.size += chunk.length;
        this.state.grow(this.size);
        onData?.(this.size);
      });
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', (err) => {
        this.error ??= err;
        finish();
      });
    });
  }

  /** Stops reading: what arrived so far is the whole evidence. */
  stop(): void {
    this.stream.destroy();
  }
}
