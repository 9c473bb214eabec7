/**
 * A live capture into a case: the capture session (helper + pcapng ring, @wirewho/capture) and the
 * live ingest of each ring file as it grows, one file after the other (frame numbers stay dense and
 * in capture order). The caller gets the session's events plus index progress.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaptureSession, type CaptureEvents, type CaptureOptions, type CaptureSummary } from '@wirewho/capture';
import type { CaseIndex } from '@wirewho/index';
import type { IngestResult } from './ingest.js';
import { GrowingFileState, ingestGrowingFile, type LiveIngestProgress } from './live-ingest.js';

export interface LiveCaptureEvents extends CaptureEvents {
  /** Frames of the current file now in the index (and the file). */
  indexed?(file: string, p: LiveIngestProgress): void;
  /** A ring file could not be indexed (e.g. removed by the ring before its turn). */
  indexError?(file: string, message: string): void;
}

export interface LiveCaptureResult {
  capture: CaptureSummary;
  ingests: IngestResult[];
}

export class LiveCapture {
  readonly done: Promise<LiveCaptureResult>;

  private constructor(readonly session: CaptureSession, ingestsDone: Promise<IngestResult[]>) {
    this.done = session.done.then(async (capture) => ({ capture, ingests: await ingestsDone }));
  }

  stop(): void {
    this.session.stop();
  }

  /** Starts capturing into `<case>/capture/` (unless `dir` is given) and indexing as frames arrive. */
  static async start(index: CaseIndex, options: Omit<CaptureOptions, 'dir'> & { dir?: string }, events: LiveCaptureEvents = {}): Promise<LiveCapture> {
    const states = new Map<string, GrowingFileState>();
    const results: IngestResult[] = [];
    let chain: Promise<void> = Promise.resolve();
    const session = await CaptureSession.start({ ...options, dir: options.dir ?? path.join(index.caseDir, 'capture') }, {
      ...events,
      fileOpened: (file) => {
        const state = new GrowingFileState();
        states.set(file, state);
        chain = chain.then(async () => {
          if (!existsSync(file)) {
            events.indexError?.(file, 'removed by the ring buffer before it could be indexed');
            return;
          }
          try {
            const r = await ingestGrowingFile(index, file, state, { onProgress: (p) => events.indexed?.(file, p) });
            results.push(r);
            await r.factIndex;
          } catch (err) {
            events.indexError?.(file, err instanceof Error ? err.message : String(err));
          } finally {
            states.delete(file);
          }
        });
        events.fileOpened?.(file);
      },
      written: (file, size) => {
        states.get(file)?.grow(size);
        events.written?.(file, size);
      },
      fileClosed: (file, size, frames) => {
        states.get(file)?.finish(size);
        events.fileClosed?.(file, size, frames);
      },
    });
    // `chain` grows as files open; wait for the capture to end, then for the last file's ingest.
    const ingestsDone = session.done.then(async () => {
      for (let seen: Promise<void> | undefined; seen !== chain;) {
        seen = chain;
        await chain;
      }
      return results;
    });
    return new LiveCapture(session, ingestsDone);
  }
}
