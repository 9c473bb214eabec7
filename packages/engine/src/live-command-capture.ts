/**
 * "Capture from command…": a user-given command line (typically a pipeline such as
 * `ssh host tcpdump -U -w -`) runs through /bin/sh; its standard output is a pcap/pcapng stream,
 * copied into `<case>/live/` and indexed as it grows (exactly `wirewho ingest - --live`), its
 * standard error is kept for the user. The capture ends when the command's output ends; stopping
 * terminates the command's whole process group (the pipeline), keeping everything received.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { CaseIndex } from '@wirewho/index';
import type { IngestResult } from './ingest.js';
import { ingestGrowingFile, type LiveIngestProgress } from './live-ingest.js';
import { liveStreamFile, StreamCopy } from './live-stream-copy.js';

/** How much of the command's standard error is kept (its tail). */
export const STDERR_KEEP = 32 * 1024;
/** After SIGTERM, how long the command gets before SIGKILL. */
const KILL_AFTER_MS = 3000;

export interface CommandCaptureEvents {
  /** Standard error grew (the kept tail). */
  stderr?(text: string): void;
  /** Bytes of output received so far. */
  received?(bytes: number): void;
  indexed?(p: LiveIngestProgress): void;
}

export interface CommandCaptureResult {
  /** Null when the command wrote nothing (no evidence was made; the empty file is removed). */
  ingest: IngestResult | null;
  file: string;
  bytes: number;
  exitCode: number | null;
  signal: string | null;
  /** The command could not be run, or its output could not be written. */
  error: string | null;
  stderr: string;
  stopped: boolean;
}

export class CommandCapture {
  readonly done: Promise<CommandCaptureResult>;
  readonly file: string;
  stderr = '';
  private readonly child: ChildProcess;
  private readonly copy: StreamCopy;
  private stopped = false;
  private killTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(index: CaseIndex, readonly command: string, events: CommandCaptureEvents = {}, shell = '/bin/sh') {
    const { file, fd } = liveStreamFile(path.join(index.caseDir, 'live'), 'command');
    this.file = file;
    // Its own process group, so Stop reaches every process of the pipeline.
    this.child = spawn(shell, ['-c', command], { cwd: index.caseDir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let ingest: Promise<IngestResult> | null = null;
    const copy = this.copy = new StreamCopy(file, fd, this.child.stdout!, (size) => {
      // The evidence starts with the first byte: a command that prints nothing leaves no evidence row.
      ingest ??= ingestGrowingFile(index, file, copy.state, { onProgress: (p) => events.indexed?.(p) });
      events.received?.(size);
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEEP);
      events.stderr?.(this.stderr);
    });
    let spawnError: string | null = null;
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      this.child.on('error', (err) => {
        spawnError = `cannot run ${shell}: ${err.message}`;
        copy.stop();
        resolve({ code: null, signal: null });
      });
      this.child.on('exit', (code, signal) => {
        resolve({ code, signal });
      });
    });
    this.done = (async () => {
      await copy.done;
      // The output ended; a command still running (stdout closed early) is waited for, not killed.
      const x = await exit;
      if (this.killTimer !== undefined) clearTimeout(this.killTimer);
      let ingestError: string | null = null;
      const started = ingest as Promise<IngestResult> | null;
      const result = started === null ? null : await started.catch((err: unknown) => {
        ingestError = err instanceof Error ? err.message : String(err);
        return null;
      });
      if (result !== null) await result.factIndex;
      if (started === null) rmSync(file, { force: true });
      return {
        ingest: result, file, bytes: copy.size, exitCode: x.code, signal: x.signal,
        error: spawnError ?? copy.error?.message ?? ingestError, stderr: this.stderr, stopped: this.stopped,
      };
    })();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Terminates the command (its process group); what it wrote so far is indexed. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.signal('SIGTERM');
    // Whatever still holds the output open after that is killed, and reading stops.
    this.killTimer = setTimeout(() => {
      this.signal('SIGKILL');
      this.copy.stop();
    }, KILL_AFTER_MS);
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try { this.child.kill(sig); } catch { /* already gone */ }
    }
  }
}
