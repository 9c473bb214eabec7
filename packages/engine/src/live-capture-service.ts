/**
 * The contract's capture requests for one case: the Capture dialog's interface list, counters and
 * filter check, a live capture through the privileged helper (LiveCapture, the code `wirewho capture`
 * runs) and "Capture from command…" (CommandCapture, the code of `wirewho ingest - --live`). One
 * capture at a time per case; its status is pushed as it changes (at most every STATUS_MS) and can be
 * asked for. This process never needs capture rights: only the helper does.
 */
import {
  ApiError, type CaptureFilterCheckDto, type CaptureInterfacesDto, type CaptureStatusDto, type InterfaceCountersDto, type RequestArgs,
} from '@wirewho/contract';
import {
  CaptureFilterError, CaptureStartError, CaptureUnavailableError, listInterfaces, permissionHint, readInterfaceCounters, validateCaptureFilter, type StatsMessage,
} from '@wirewho/capture';
import type { CaseIndex } from '@wirewho/index';
import type { IngestResult } from './ingest.js';
import { LiveCapture } from './live-capture.js';
import { CommandCapture } from './live-command-capture.js';

/** Status pushes are coalesced to this interval (counters, stderr). */
export const STATUS_MS = 250;
const MAX_WARNINGS = 20;

export interface CaptureServiceHost {
  readonly index: CaseIndex;
  /** Before a capture writes to the index: throws ApiError('busy') while an ingest runs, waits for background work. */
  beforeStart(): Promise<void>;
  /** Frames were committed to the index. */
  indexed(): void;
  /** A capture ended: its evidence (custody log, caches). */
  finished(results: IngestResult[]): void;
  status(s: CaptureStatusDto): void;
}

export function idleCaptureStatus(): CaptureStatusDto {
  return {
    state: 'idle', kind: null, interfaces: [], filter: null, command: null, startedAt: null, endedAt: null,
    frames: 0, bytes: 0, indexed: 0, drops: 0, perInterface: [], attribution: null, kernelHooks: null, files: [],
    reason: null, message: null, hint: null, warnings: [], stderr: '', exitCode: null, exitSignal: null,
  };
}

/** A capture-start failure for the user: the message, and the permission hint apart when rights are missing. */
export function startFailure(err: unknown): { message: string; hint: string | null } {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const hint = permissionHint();
  if (code === 'EPERM' || message.includes(hint) || /permission|not permitted|EPERM/i.test(message)) {
    const bare = message.includes(hint) ? message.replace(hint, '').replace(/[\s.]+$/, '') : message;
    return { message: bare, hint };
  }
  return { message, hint: null };
}

function statsOf(s: StatsMessage): Pick<CaptureStatusDto, 'perInterface' | 'attribution' | 'drops'> {
  return {
    perInterface: s.interfaces.map((i) => ({ name: i.name, received: i.recv, dropped: i.drop, ifDropped: i.ifdrop, frames: i.frames, bytes: i.bytes })),
    attribution: { flows: s.attribution.flows, exact: s.attribution.exact, late: s.attribution.late, unknown: s.attribution.unknown },
    drops: s.interfaces.reduce((n, i) => n + i.drop + i.ifdrop, 0),
  };
}

export class CaptureService {
  private current: CaptureStatusDto = idleCaptureStatus();
  private live: LiveCapture | null = null;
  private command: CommandCapture | null = null;
  /** Resolves when the running capture has ended and its evidence is recorded. */
  private ending: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private starting = false;

  constructor(private readonly host: CaptureServiceHost) {}

  /** A capture is starting, running or finishing its files. */
  get running(): boolean {
    return this.starting || this.live !== null || this.command !== null;
  }

  status(): CaptureStatusDto {
    return { ...this.current };
  }

  listInterfaces(): CaptureInterfacesDto {
    try {
      return {
        unavailable: null,
        interfaces: listInterfaces().map((i) => ({
          name: i.name, description: i.description ?? null, loopback: i.loopback, up: i.up, running: i.running,
          addresses: i.addresses.map((a) => ({ address: a.address, netmask: a.netmask ?? null, family: a.family === 'inet' || a.family === 'inet6' ? a.family : 'other' })),
        })),
      };
    } catch (err) {
      if (err instanceof CaptureUnavailableError || (err as { code?: string }).code === 'EPCAP') return { interfaces: [], unavailable: (err as Error).message };
      throw err;
    }
  }

  interfaceCounters(): InterfaceCountersDto {
    return readInterfaceCounters();
  }

  validateFilter(filter: string): CaptureFilterCheckDto {
    if (filter.trim() === '') return { ok: true, message: null };
    try {
      validateCaptureFilter(filter);
      return { ok: true, message: null };
    } catch (err) {
      if (err instanceof CaptureFilterError) return { ok: false, message: err.reason };
      if (err instanceof CaptureUnavailableError) return { ok: false, message: err.message };
      throw err;
    }
  }

  async startCapture(a: RequestArgs<'startCapture'>): Promise<CaptureStatusDto> {
    if (a.durationSeconds !== undefined && a.count !== undefined) throw new ApiError('invalid-argument', 'startCapture: give either durationSeconds or count, not both');
    if (a.ringFiles !== undefined && a.ringFileMegabytes === undefined && a.ringFileSeconds === undefined) {
      throw new ApiError('invalid-argument', 'startCapture: ringFiles needs ringFileMegabytes or ringFileSeconds');
    }
    const filter = a.filter?.trim() ? a.filter : undefined;
    if (filter !== undefined) {
      const check = this.validateFilter(filter);
      if (!check.ok) throw new ApiError('invalid-argument', `invalid capture filter "${filter}": ${check.message}`);
    }
    await this.claim();
    this.begin({ kind: 'interfaces', interfaces: [...a.interfaces], filter: filter ?? null });
    const indexed = new Map<string, number>();
    const warn = (m: string) => { this.current.warnings = [...this.current.warnings, m].slice(-MAX_WARNINGS); this.schedule(); };
    let live: LiveCapture;
    try {
      live = await LiveCapture.start(this.host.index, {
        interfaces: a.interfaces, filter, snaplen: a.snaplen, promisc: a.promiscuous ?? true, durationSeconds: a.durationSeconds, count: a.count,
        ringFileBytes: a.ringFileMegabytes === undefined ? undefined : Math.round(a.ringFileMegabytes * 1_000_000),
        ringFileSeconds: a.ringFileSeconds, ringFiles: a.ringFiles, attribution: 'targeted',
      }, {
        fileOpened: (f) => { this.current.files = [...this.current.files, f]; this.schedule(); },
        fileRemoved: (f) => { this.current.files = this.current.files.filter((x) => x !== f); warn(`ring buffer removed ${f}`); },
        warning: (w) => warn(w.message),
        indexError: (f, m) => warn(`${f} not indexed: ${m}`),
        indexed: (f, p) => {
          indexed.set(f, p.frames);
          this.current.indexed = [...indexed.values()].reduce((n, x) => n + x, 0);
          this.host.indexed();
          this.schedule();
        },
        stats: (s) => {
          Object.assign(this.current, statsOf(s));
          this.current.frames = s.interfaces.reduce((n, i) => n + i.frames, 0);
          this.current.bytes = s.interfaces.reduce((n, i) => n + i.bytes, 0);
          this.schedule();
        },
      });
    } catch (err) {
      this.starting = false;
      if (!(err instanceof CaptureStartError || err instanceof CaptureUnavailableError || err instanceof CaptureFilterError)) {
        this.fail(err instanceof Error ? err.message : String(err), null);
        throw err;
      }
      const f = startFailure(err);
      this.fail(f.message, f.hint);
      return this.status();
    }
    this.live = live;
    this.starting = false;
    const hooks = live.session.hello?.kernelHooks;
    this.current.kernelHooks = hooks ? { active: hooks.active, reason: hooks.reason ?? null } : null;
    this.push();
    this.ending = live.done.then((r) => {
      const c = r.capture;
      this.live = null;
      this.host.finished(r.ingests);
      Object.assign(this.current, c.stats ? statsOf(c.stats) : {}, {
        state: c.reason === 'stopped' || c.reason === 'count' || c.reason === 'duration' || c.reason === 'parent-gone' ? 'finished' : 'failed',
        reason: c.reason, message: c.message ?? null, frames: c.frames, bytes: c.bytes, drops: c.drops, files: c.files,
        indexed: r.ingests.reduce((n, x) => n + x.frames, 0), endedAt: new Date().toISOString(),
      } satisfies Partial<CaptureStatusDto>);
      this.push();
    }, (err: unknown) => {
      this.live = null;
      this.fail(err instanceof Error ? err.message : String(err), null);
    });
    return this.status();
  }

  async startCommandCapture(a: RequestArgs<'startCommandCapture'>): Promise<CaptureStatusDto> {
    if (a.command.trim() === '') throw new ApiError('invalid-argument', 'startCommandCapture: the command is empty');
    await this.claim();
    this.begin({ kind: 'command', command: a.command });
    let command: CommandCapture;
    try {
      command = new CommandCapture(this.host.index, a.command, {
        stderr: (text) => { this.current.stderr = text; this.schedule(); },
        received: (bytes) => { this.current.bytes = bytes; this.schedule(); },
        indexed: (p) => {
          this.current.frames = p.frames;
          this.current.indexed = p.frames;
          this.host.indexed();
          this.schedule();
        },
      });
    } catch (err) {
      this.starting = false;
      this.fail(err instanceof Error ? err.message : String(err), null);
      return this.status();
    }
    this.command = command;
    this.starting = false;
    this.current.files = [command.file];
    this.push();
    this.ending = command.done.then((r) => {
      this.command = null;
      if (r.ingest) this.host.finished([r.ingest]);
      const e = r.ingest?.evidence;
      const how = r.signal !== null ? `ended by ${r.signal}` : `exited with code ${r.exitCode}`;
      let message = r.error;
      if (message === null && r.ingest === null) message = `the command wrote nothing to its standard output (${how})`;
      else if (message === null && e && e.status !== 'complete') message = e.error;
      const failed = message !== null && (r.ingest === null || e?.status === 'failed');
      Object.assign(this.current, {
        state: failed ? 'failed' : 'finished', reason: r.stopped ? 'stopped' : 'exited', message,
        exitCode: r.exitCode, exitSignal: r.signal, stderr: r.stderr, bytes: r.bytes,
        frames: r.ingest?.frames ?? 0, indexed: r.ingest?.frames ?? 0, files: r.ingest ? [r.file] : [], endedAt: new Date().toISOString(),
      } satisfies Partial<CaptureStatusDto>);
      this.push();
    }, (err: unknown) => {
      this.command = null;
      this.fail(err instanceof Error ? err.message : String(err), null);
    });
    return this.status();
  }

  /** Stops the running capture; resolves once its files are finalised and indexed. */
  async stop(): Promise<CaptureStatusDto> {
    if (!this.live && !this.command) return this.status();
    this.current.state = 'stopping';
    this.push();
    this.live?.stop();
    this.command?.stop();
    await this.ending;
    return this.status();
  }

  async close(): Promise<void> {
    await this.stop().catch(() => {});
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async claim(): Promise<void> {
    if (this.running) throw new ApiError('busy', `a capture is already running (${this.current.command ?? this.current.interfaces.join(', ')}); stop it first`);
    this.starting = true;
    try {
      await this.host.beforeStart();
    } catch (err) {
      this.starting = false;
      throw err;
    }
  }

  private begin(what: Partial<CaptureStatusDto>): void {
    this.current = { ...idleCaptureStatus(), ...what, state: 'running', startedAt: new Date().toISOString() };
  }

  private fail(message: string, hint: string | null): void {
    Object.assign(this.current, { state: 'failed', reason: 'error', message, hint, endedAt: new Date().toISOString() } satisfies Partial<CaptureStatusDto>);
    this.push();
  }

  /** Pushes the status now (state changes). */
  private push(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.host.status(this.status());
  }

  /** Pushes the status soon (counters). */
  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.host.status(this.status());
    }, STATUS_MS);
  }
}
