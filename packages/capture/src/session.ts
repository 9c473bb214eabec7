/**
 * One live capture, seen from the unprivileged side: validates the request, starts the helper,
 * writes what it streams into the pcapng ring, logs each flow's attribution (with its confidence),
 * and ends cleanly whatever happens — stop, count, duration, the helper dying, an interface going
 * away, a full disk: the files hold everything received up to then and are closed properly.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AttributionMode, FlowEnd } from './attributor.js';
import { validateCaptureFilter } from './filter.js';
import { HelperClient, type HelperLaunch, type LiveFrame } from './helper-client.js';
import type { ErrorMessage, HelloMessage, StatsMessage } from './helper/protocol.js';
import { pcapAddon } from './native.js';
import { DiskFullError, RingWriter } from './ring-writer.js';

export interface CaptureOptions {
  interfaces: string[];
  filter?: string;
  snaplen?: number;
  promisc?: boolean;
  /** Folder for the pcapng files and the attribution log. */
  dir: string;
  prefix?: string;
  ringFileBytes?: number;
  ringFileSeconds?: number;
  ringFiles?: number;
  durationSeconds?: number;
  count?: number;
  attribution?: AttributionMode;
  /** Record what tcpshark's 1 s poll would have said, next to each flow's attribution. */
  compareTcpshark?: boolean;
  launch?: HelperLaunch;
}

export type EndReason = 'stopped' | 'count' | 'duration' | 'error' | 'helper-died' | 'disk-full' | 'parent-gone';

export interface CaptureSummary {
  reason: EndReason;
  /** What went wrong, for the user (when reason is an error). */
  message?: string;
  frames: number;
  bytes: number;
  files: string[];
  stats: StatsMessage | undefined;
  drops: number;
}

export interface CaptureEvents {
  fileOpened?(file: string): void;
  written?(file: string, size: number): void;
  fileClosed?(file: string, size: number, frames: number): void;
  fileRemoved?(file: string): void;
  stats?(s: StatsMessage): void;
  /** Non-fatal trouble (one interface gone while others go on, ...). */
  warning?(e: ErrorMessage): void;
  flow?(f: FlowEnd): void;
}

export class CaptureStartError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

export class CaptureSession {
  readonly done: Promise<CaptureSummary>;
  readonly attributionLog: string;
  private helper!: HelperClient;
  private ring: RingWriter | undefined;
  private frames = 0;
  private bytes = 0;
  private stats: StatsMessage | undefined;
  private reason: EndReason | undefined;
  private message: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private killTimer: ReturnType<typeof setTimeout> | undefined;
  private logFailed = false;
  hello: HelloMessage | undefined;

  private constructor(private readonly o: CaptureOptions, private readonly events: CaptureEvents, ready: (e?: Error) => void) {
    this.attributionLog = path.join(o.dir, `${o.prefix ?? 'capture'}-attribution.jsonl`);
    let resolveDone!: (s: CaptureSummary) => void;
    this.done = new Promise((r) => { resolveDone = r; });
    let started = false;
    let fatal: ErrorMessage | undefined;
    this.helper = new HelperClient({
      hello: (h) => {
        started = true;
        this.hello = h;
        this.ring = new RingWriter({
          dir: o.dir, prefix: o.prefix, maxFileBytes: o.ringFileBytes, maxFileSeconds: o.ringFileSeconds, maxFiles: o.ringFiles,
          interfaces: h.interfaces,
          onFileOpened: (f) => events.fileOpened?.(f), onWritten: (f, s) => events.written?.(f, s),
          onFileClosed: (f, s, n) => events.fileClosed?.(f, s, n), onFileRemoved: (f) => events.fileRemoved?.(f),
        });
        try {
          this.ring.open();
        } catch (err) {
          this.helper.kill('SIGKILL');
          ready(new CaptureStartError(`cannot write the capture file in ${o.dir}: ${(err as Error).message}`, 'EWRITE'));
          return;
        }
        if (o.durationSeconds !== undefined) this.timer = setTimeout(() => this.end('duration'), o.durationSeconds * 1000);
        ready();
      },
      frames: (f) => this.onFrames(f),
      process: (p) => this.ring?.process(p),
      flow: (f) => {
        if (!this.logFailed) {
          try {
            appendFileSync(this.attributionLog, `${JSON.stringify(f, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
          } catch (err) {
            // A full disk must not end the capture's orderly stop; the frames carry their processes anyway.
            this.logFailed = true;
            events.warning?.({ code: 'EWRITE', message: `attribution log ${this.attributionLog}: ${(err as Error).message}`, fatal: false });
          }
        }
        events.flow?.(f);
      },
      stats: (s) => {
        this.stats = s;
        this.ring?.updateCounters(s.interfaces);
        events.stats?.(s);
      },
      error: (e) => {
        if (e.fatal) fatal = e;
        else if (e.code === 'ENODEV' && this.message === undefined) this.message = e.message;
        if (!e.fatal) events.warning?.(e);
      },
      exit: (x) => {
        if (this.timer !== undefined) clearTimeout(this.timer);
        if (this.killTimer !== undefined) clearTimeout(this.killTimer);
        if (!started) {
          const msg = fatal?.message ?? `the capture helper exited before starting (${x.signal ?? `code ${x.code}`})${x.stderr ? `: ${x.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
          ready(new CaptureStartError(msg, fatal?.code ?? 'EHELPER'));
        }
        if (this.reason === undefined) {
          if (x.reason === 'died') {
            this.reason = 'helper-died';
            this.message = `the capture helper died (${x.signal ?? `exit code ${x.code}`}); the capture files hold every frame received before that`;
          } else if (x.reason === 'error') {
            this.reason = 'error';
            this.message ??= 'capture failed';
          } else {
            this.reason = x.reason;
          }
        }
        try { this.ring?.close(); } catch (err) { this.message ??= (err as Error).message; }
        const drops = (this.stats?.interfaces ?? []).reduce((n, i) => n + i.drop + i.ifdrop, 0);
        resolveDone({ reason: this.reason, message: this.message, frames: this.frames, bytes: this.bytes, files: this.ring?.files ?? [], stats: this.stats, drops });
      },
    }, o.launch);
    this.helper.start({
      interfaces: o.interfaces.map((name) => ({ name, filter: o.filter, snaplen: o.snaplen, promisc: o.promisc })),
      attribution: o.attribution ?? 'targeted', compareTcpshark: o.compareTcpshark, count: o.count,
    });
  }

  /** Starts a capture; rejects with a clear message when it cannot (no rights, no such interface, bad filter). */
  static async start(o: CaptureOptions, events: CaptureEvents = {}): Promise<CaptureSession> {
    if (o.interfaces.length === 0) throw new CaptureStartError('no capture interface given', 'EINVAL');
    pcapAddon(); // fails clearly when libpcap support is not built
    if (o.filter !== undefined && o.filter.trim() !== '') validateCaptureFilter(o.filter);
    mkdirSync(o.dir, { recursive: true });
    let session!: CaptureSession;
    await new Promise<void>((resolve, reject) => {
      session = new CaptureSession(o, events, (e) => (e === undefined ? resolve() : reject(e)));
    });
    return session;
  }

  get helperPid(): number | undefined {
    return this.helper.child.pid;
  }

  /** Stops the capture; `done` resolves once the files are closed. */
  stop(): void {
    this.end('stopped');
  }

  private end(reason: EndReason, message?: string): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    if (message !== undefined) this.message = message;
    this.helper.stop();
    // A helper that does not finish in time is killed; what it sent is already on disk.
    this.killTimer = setTimeout(() => this.helper.kill('SIGKILL'), 5000);
  }

  private onFrames(frames: LiveFrame[]): void {
    if (this.ring === undefined || frames.length === 0) return;
    if (this.reason === 'disk-full') return;
    try {
      this.ring.write(frames);
    } catch (err) {
      if (!(err instanceof DiskFullError)) throw err;
      this.end('disk-full', err.message);
      return;
    }
    this.frames += frames.length;
    for (const f of frames) this.bytes += f.data.length;
  }
}
