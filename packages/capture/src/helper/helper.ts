/**
 * The capture helper: the only privileged part. It opens the interfaces, reads frames with their
 * kernel timestamps, attributes flows to processes the moment they appear, and streams frames,
 * process details, flow attributions and statistics to its parent (protocol.ts). It obeys only
 * commands on its stdin, and stops when the parent goes away (stdin closes).
 */
import { setPriority } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import type { ProcessInfo } from '@wirewho/procmap';
import { LiveAttributor } from '../attributor.js';
import { KernelSocketOwners } from '../kernel-socket-owners.js';
import { pcapAddon, type PcapHandle, type ReadResult } from '../native.js';
import { permissionHint } from '../privileges.js';
import {
  CONFIDENCE_CODES, encodeJson, encodeMessage, MSG_END, MSG_ERROR, MSG_FLOW, MSG_FRAMES, MSG_HELLO, MSG_PROCESS, MSG_STATS,
  RECORD_HEADER_BYTES, TAG_BYTES, type EndMessage, type ErrorMessage, type HelloInterface, type HelloMessage, type HelperCommand, type StartCommand,
  type StatsMessage,
} from './protocol.js';

const READ_BUFFER_BYTES = 8 * 1024 * 1024;
const DEFAULT_KERNEL_BUFFER = 64 * 1024 * 1024;
const STATS_INTERVAL_MS = 1000;
/** Longest a batch waits for lookups of its new flows' local ends. */
const HOLD_MS = 250;

interface HeldBatch {
  msg: Buffer;
  linkType: number;
  offsets: number[];
  pending: number[];
  deadline: number;
  tagged?: ProcessInfo[];
}

/** DLT_* values returned by libpcap that differ from the LINKTYPE_* stored in files. */
function linkTypeOf(dlt: number): number {
  return dlt === 12 || dlt === 14 ? 101 : dlt;
}

interface Live {
  name: string;
  handle: PcapHandle;
  linkType: number;
  buffer: Buffer;
  frames: number;
  bytes: number;
  stats: { recv: number; drop: number; ifdrop: number };
  done: boolean;
}

export class CaptureHelper {
  private lives: Live[] = [];
  private attributor: LiveAttributor | undefined;
  private kernelOwners: KernelSocketOwners | undefined;
  private sentProcesses = new Set<string>();
  private sentObjects = new WeakSet<ProcessInfo>();
  private held: HeldBatch[] = [];
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private allDone = false;
  private stopping = false;
  private stoppedAt = 0;
  private limit = Infinity;
  private total = 0;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private endReason: EndMessage['reason'] = 'stopped';
  private finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(private readonly input: Readable, private readonly output: Writable) {
    this.finished = new Promise((r) => { this.resolveFinished = r; });
  }

  /** Runs until stopped; resolves with the process exit code. */
  async run(): Promise<number> {
    let text = '';
    let started = false;
    this.input.setEncoding('utf8');
    this.input.on('data', (chunk: string) => {
      text += chunk;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        const line = text.slice(0, nl);
        text = text.slice(nl + 1);
        let cmd: HelperCommand;
        try { cmd = JSON.parse(line) as HelperCommand; } catch { this.error({ code: 'EPROTO', message: 'malformed command', fatal: false }); continue; }
        if (cmd.cmd === 'start' && !started) { started = true; this.start(cmd); } else if (cmd.cmd === 'stop') this.stop('stopped');
        else if (cmd.cmd === 'stats') this.sendStats();
      }
    });
    this.input.on('end', () => { if (started) this.stop('parent-gone'); else this.resolveFinished(); });
    this.input.on('error', () => this.stop('parent-gone'));
    await this.finished;
    return this.endReason === 'error' ? 1 : 0;
  }

  private start(cmd: StartCommand): void {
    const addon = pcapAddon();
    // Attribution races short-lived processes: run ahead of ordinary work when allowed (root/CAP_SYS_NICE).
    try { setPriority(-10); } catch { /* not permitted: normal priority */ }
    if (cmd.count !== undefined) this.limit = cmd.count;
    const hello: HelloInterface[] = [];
    try {
      for (const o of cmd.interfaces) {
        const handle = new addon.PcapHandle({
          device: o.name, snaplen: o.snaplen ?? 262_144, promisc: o.promisc ?? true, bufferSize: o.bufferSize ?? DEFAULT_KERNEL_BUFFER,
          // Immediate mode: each frame is handed over as it arrives, so a new flow is looked up while
          // its process (often alive for milliseconds) still exists. Under load batches grow by themselves.
          timeoutMs: 10, filter: o.filter, immediate: true,
        });
        const linkType = linkTypeOf(handle.linkType);
        this.lives.push({
          name: o.name, handle, linkType, buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), frames: 0, bytes: 0, stats: { recv: 0, drop: 0, ifdrop: 0 }, done: false,
        });
        hello.push({ name: o.name, linkType, snaplen: handle.snaplen, nanosecond: handle.nanosecond, filter: o.filter, warning: handle.warning });
      }
    } catch (err) {
      const e = err as Error & { code?: string };
      const code = e.code ?? 'EPCAP';
      this.error({ code, message: code === 'EPERM' ? `${e.message}. ${permissionHint()}` : e.message, fatal: true });
      for (const l of this.lives) l.handle.close();
      this.lives = [];
      this.endReason = 'error';
      this.end();
      return;
    }
    // The kernel's socket hooks name even a 5 ms process; without them /proc lookups race its exit.
    let kernelHooks: HelloMessage['kernelHooks'] = { active: false, reason: `not used with --attribution ${cmd.attribution}` };
    if (cmd.attribution === 'targeted') {
      const opened = KernelSocketOwners.open();
      if ('owners' in opened) this.kernelOwners = opened.owners;
      kernelHooks = 'owners' in opened ? { active: true } : { active: false, reason: opened.reason };
    }
    const owners = this.kernelOwners;
    this.attributor = new LiveAttributor({
      mode: cmd.attribution, compareTcpshark: cmd.compareTcpshark,
      kernelOwner: owners === undefined ? undefined : (flow) => owners.lookup(flow),
      onFlowEnd: (f) => this.output.write(encodeJson(MSG_FLOW, f)),
    });
    this.attributor.start();
    const helloMessage: HelloMessage = { pid: process.pid, libpcap: addon.libVersion(), interfaces: hello, kernelHooks };
    this.output.write(encodeJson(MSG_HELLO, helloMessage));
    this.statsTimer = setInterval(() => this.sendStats(), STATS_INTERVAL_MS);
    for (const l of this.lives) this.readLoop(l);
  }

  private readLoop(l: Live): void {
    l.handle.read(l.buffer, (err, r) => {
      if (err !== null) {
        this.error({ code: err.code ?? 'EPCAP', message: `${l.name}: ${err.message}`, interface: l.name, fatal: false });
        return this.ifaceDone(l, 'error');
      }
      if (r.stats !== null) l.stats = r.stats;
      if (r.count > 0) this.forward(l, r);
      if (r.errorMessage !== undefined) {
        this.error({ code: r.errorCode ?? 'EPCAP', message: `${l.name}: ${r.errorMessage}`, interface: l.name, fatal: false });
        return this.ifaceDone(l, 'error');
      }
      // After a stop, reads go on until the kernel ring is drained (breakLoop's wake-up is seen only
      // when nothing is left), or for at most a second under a flood.
      if (r.ended || (this.stopping && (r.count === 0 || performance.now() - this.stoppedAt > 1000))) return this.ifaceDone(l, 'stopped');
      // Backpressure: the kernel ring keeps (and counts drops) while the parent catches up.
      if (this.output.writableNeedDrain) this.output.once('drain', () => this.readLoop(l));
      else this.readLoop(l);
    });
  }

  /**
   * Tags each record with its process and sends the batch. A frame whose flow has a local end not
   * found yet holds its batch (and those after it, to keep capture order) for up to HOLD_MS while
   * the lookup is retried: a process that lived 50 ms is then still named in the frame itself.
   */
  private forward(l: Live, r: ReadResult): void {
    const count = Math.min(r.count, this.limit - this.total);
    if (count <= 0) return;
    const buf = l.buffer;
    let o = 0;
    let bytes = 0;
    const offsets: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      offsets[i] = o;
      const caplen = buf.readUInt32LE(o + 8);
      o += RECORD_HEADER_BYTES + ((caplen + 3) & ~3);
      bytes += caplen;
    }
    if (count < r.count) this.endReason = 'count';
    // One copy: the read buffer is reused by the next read.
    const msg = Buffer.allocUnsafe(8 + count * TAG_BYTES + o);
    msg.fill(0, 0, 8 + count * TAG_BYTES);
    msg.writeUInt16LE(this.lives.indexOf(l), 0);
    msg.writeUInt32LE(count, 4);
    buf.copy(msg, 8 + count * TAG_BYTES, 0, o);
    const batch: HeldBatch = { msg, linkType: l.linkType, offsets, pending: [], deadline: performance.now() + HOLD_MS };
    for (let i = 0; i < count; i++) if (!this.tag(batch, i)) batch.pending.push(i);
    this.held.push(batch);
    this.flushHeld();
    l.frames += count;
    l.bytes += bytes;
    this.total += count;
    if (this.total >= this.limit) this.stop('count');
  }

  /** Tags record i of a batch; false while its flow awaits a lookup. */
  private tag(b: HeldBatch, i: number): boolean {
    const rec = 8 + b.offsets.length * TAG_BYTES + b.offsets[i];
    const caplen = b.msg.readUInt32LE(rec + 8);
    const tsNs = BigInt(b.msg.readUInt32LE(rec)) * 1_000_000_000n + BigInt(b.msg.readUInt32LE(rec + 4));
    const data = b.msg.subarray(rec + RECORD_HEADER_BYTES, rec + RECORD_HEADER_BYTES + caplen);
    const tag = this.attributor?.frame(b.linkType, data, tsNs);
    if (tag !== undefined) {
      b.msg.writeUInt32LE(tag.process.pid, 8 + i * TAG_BYTES);
      b.msg[8 + i * TAG_BYTES + 4] = CONFIDENCE_CODES.indexOf(tag.confidence);
      b.tagged ??= [];
      b.tagged.push(tag.process);
    }
    return tag !== undefined || this.attributor?.pending !== true;
  }

  /** Sends held batches in order, as far as their lookups are settled or their time is up. */
  private flushHeld(): void {
    const now = performance.now();
    while (this.held.length > 0) {
      const b = this.held[0];
      if (b.pending.length > 0 && now < b.deadline && !this.stopping) {
        b.pending = b.pending.filter((i) => !this.tag(b, i));
        if (b.pending.length > 0) break;
      }
      this.held.shift();
      for (const p of b.tagged ?? []) this.sendProcess(p);
      this.output.write(encodeMessage(MSG_FRAMES, b.msg));
    }
    if (this.held.length > 0 && this.holdTimer === undefined) {
      this.holdTimer = setTimeout(() => { this.holdTimer = undefined; this.flushHeld(); this.maybeEnd(); }, 10);
    }
  }

  private sendProcess(p: ProcessInfo): void {
    if (this.sentObjects.has(p)) return; // the resolver hands out the same object per process: skip the key
    this.sentObjects.add(p);
    const key = `${p.pid}:${p.startTicks ?? ''}:${p.argv?.join('\0') ?? p.comm ?? ''}`;
    if (this.sentProcesses.has(key)) return;
    this.sentProcesses.add(key);
    this.output.write(encodeJson(MSG_PROCESS, p));
  }

  private sendStats(): void {
    const msg: StatsMessage = {
      interfaces: this.lives.map((l) => ({ name: l.name, ...l.stats, frames: l.frames, bytes: l.bytes })),
      attribution: this.attributor?.counts ?? { flows: 0, lookups: 0, exact: 0, late: 0, unknown: 0 },
    };
    this.output.write(encodeJson(MSG_STATS, msg));
  }

  private error(e: ErrorMessage): void {
    this.output.write(encodeJson(MSG_ERROR, e));
  }

  stop(reason: EndMessage['reason']): void {
    if (this.stopping) return;
    this.stopping = true;
    this.stoppedAt = performance.now();
    if (this.endReason === 'stopped') this.endReason = reason;
    if (this.lives.length === 0) return this.end();
    for (const l of this.lives) if (!l.done) l.handle.breakLoop();
  }

  private ifaceDone(l: Live, why: 'stopped' | 'error'): void {
    if (l.done) return;
    l.done = true;
    const s = l.handle.stats();
    if (s !== null) l.stats = s;
    l.handle.close();
    if (why === 'error' && !this.stopping && this.lives.some((x) => !x.done)) return; // the others go on
    if (why === 'error' && !this.stopping) { this.endReason = 'error'; this.stopping = true; }
    if (this.lives.every((x) => x.done)) { this.allDone = true; this.maybeEnd(); } else for (const x of this.lives) if (!x.done) x.handle.breakLoop();
  }

  /** Ends once every interface is closed and no batch is held. */
  private maybeEnd(): void {
    if (!this.allDone) return;
    this.flushHeld();
    if (this.held.length === 0 && !this.ended) this.end();
  }

  private ended = false;

  private end(): void {
    this.ended = true;
    if (this.statsTimer !== undefined) clearInterval(this.statsTimer);
    this.attributor?.stop();
    this.kernelOwners?.close();
    if (this.lives.length > 0) this.sendStats();
    this.output.write(encodeJson(MSG_END, { reason: this.endReason }), () => this.resolveFinished());
  }
}
