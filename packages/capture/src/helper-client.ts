/**
 * The unprivileged side of the helper pipe: spawns the capture helper, sends it commands, decodes
 * what it streams. The helper is a Node process running helper/main.ts; how it gets its rights is
 * the launcher's business (root, a Node binary with file capabilities, or pkexec — README.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProcessInfo } from '@wirewho/procmap';
import type { FlowEnd } from './attributor.js';
import {
  CONFIDENCE_CODES, MessageReader, MSG_END, MSG_ERROR, MSG_FLOW, MSG_FRAMES, MSG_HELLO, MSG_PROCESS, MSG_STATS, RECORD_HEADER_BYTES,
  TAG_BYTES, type EndMessage, type ErrorMessage, type HelloMessage, type StartCommand, type StatsMessage,
} from './helper/protocol.js';

export interface LiveFrame {
  /** Index into the helper's interface list (HELLO order). */
  iface: number;
  tsNs: bigint;
  data: Uint8Array;
  origLen: number;
  /** 0 when the frame has no attributed process. */
  pid: number;
  confidence: 'exact' | 'late' | 'unknown' | undefined;
}

export interface HelperEvents {
  hello(h: HelloMessage): void;
  frames(frames: LiveFrame[]): void;
  process(p: ProcessInfo): void;
  flow(f: FlowEnd): void;
  stats(s: StatsMessage): void;
  error(e: ErrorMessage): void;
  /** The helper is gone: after END, or killed/crashed (reason 'died', with its exit code or signal). */
  exit(info: { reason: EndMessage['reason'] | 'died'; code: number | null; signal: NodeJS.Signals | null; stderr: string }): void;
}

export interface HelperLaunch {
  /** Node binary for the helper (default: this one; WIREWHO_CAPTURE_NODE, e.g. a copy with file capabilities). */
  node?: string;
  /** A wrapper such as 'pkexec' (default: WIREWHO_CAPTURE_LAUNCHER). */
  launcher?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const HELPER_ENTRY = path.join(here, 'helper', 'main.ts');

function reviveProcess(p: ProcessInfo & { startTimeNs?: unknown }): ProcessInfo {
  return typeof p.startTimeNs === 'string' ? { ...p, startTimeNs: BigInt(p.startTimeNs) } : p;
}

export class HelperClient {
  readonly child: ChildProcess;
  private readonly reader = new MessageReader();
  private ended: EndMessage['reason'] | undefined;
  private stderr = '';

  constructor(private readonly on: HelperEvents, launch: HelperLaunch = {}) {
    const node = launch.node ?? process.env.WIREWHO_CAPTURE_NODE ?? process.execPath;
    const launcher = launch.launcher ?? process.env.WIREWHO_CAPTURE_LAUNCHER;
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const args = ['--import', tsx, HELPER_ENTRY];
    const [file, argv] = launcher ? [launcher, [node, ...args]] : [node, args];
    // Its own process group: a terminal's Ctrl-C reaches the CLI, which then stops the helper in order.
    this.child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdout!.on('data', (chunk: Buffer) => this.reader.push(chunk, (t, p) => this.message(t, p)));
    this.child.stderr!.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-4000); });
    this.child.stdin!.on('error', () => undefined); // a dead helper: reported by 'exit'
    this.child.on('error', (err) => this.on.error({ code: 'ESPAWN', message: `cannot start the capture helper: ${err.message}`, fatal: true }));
    this.child.on('close', (code, signal) => {
      this.on.exit({ reason: this.ended ?? 'died', code, signal, stderr: this.stderr });
    });
  }

  start(cmd: Omit<StartCommand, 'cmd'>): void {
    this.send({ cmd: 'start', ...cmd });
  }

  stop(): void {
    this.send({ cmd: 'stop' });
  }

  requestStats(): void {
    this.send({ cmd: 'stats' });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child.kill(signal);
  }

  private send(cmd: object): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
  }

  private message(type: number, p: Buffer): void {
    switch (type) {
      case MSG_FRAMES: this.on.frames(decodeFrames(p)); break;
      case MSG_HELLO: this.on.hello(JSON.parse(p.toString()) as HelloMessage); break;
      case MSG_PROCESS: this.on.process(reviveProcess(JSON.parse(p.toString()) as ProcessInfo)); break;
      case MSG_FLOW: {
        const f = JSON.parse(p.toString()) as FlowEnd & { firstTsNs: string };
        this.on.flow({ ...f, firstTsNs: BigInt(f.firstTsNs), process: f.process === undefined ? undefined : reviveProcess(f.process) });
        break;
      }
      case MSG_STATS: this.on.stats(JSON.parse(p.toString()) as StatsMessage); break;
      case MSG_ERROR: this.on.error(JSON.parse(p.toString()) as ErrorMessage); break;
      case MSG_END: this.ended = (JSON.parse(p.toString()) as EndMessage).reason; break;
      default: break;
    }
  }
}

export function decodeFrames(p: Buffer): LiveFrame[] {
  const iface = p.readUInt16LE(0);
  const count = p.readUInt32LE(4);
  const out: LiveFrame[] = new Array<LiveFrame>(count);
  let o = 8 + count * TAG_BYTES;
  for (let i = 0; i < count; i++) {
    const caplen = p.readUInt32LE(o + 8);
    const conf = CONFIDENCE_CODES[p[8 + i * TAG_BYTES + 4]];
    out[i] = {
      iface,
      tsNs: BigInt(p.readUInt32LE(o)) * 1_000_000_000n + BigInt(p.readUInt32LE(o + 4)),
      origLen: p.readUInt32LE(o + 12),
      data: p.subarray(o + RECORD_HEADER_BYTES, o + RECORD_HEADER_BYTES + caplen),
      pid: p.readUInt32LE(8 + i * TAG_BYTES),
      confidence: conf === 'none' ? undefined : conf,
    };
    o += RECORD_HEADER_BYTES + ((caplen + 3) & ~3);
  }
  return out;
}
