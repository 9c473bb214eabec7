/**
 * Writes a live capture as pcapng, optionally as a ring of files (by size and/or time, keeping the
 * last N). Frame bytes are written untouched; each attributed frame's EPB carries ptcpdump's comment
 * lines (frame.comment; `ptcpdump -r` reads them) and epb_processid_threadid, and a Wireshark
 * process-info block precedes a process's first frame in every file. Blocks are written whole, one
 * batch per write: a file cut by a full disk is truncated back to its last whole block.
 */
import { closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { hostname, release, type } from 'node:os';
import path from 'node:path';
import { formatPtcpdumpComments, PcapngWriter } from '@wirewho/pcap';
import type { ProcessInfo } from '@wirewho/procmap';
import type { LiveFrame } from './helper-client.js';
import type { HelloInterface } from './helper/protocol.js';

export interface RingOptions {
  dir: string;
  /** File name prefix (default 'capture'). */
  prefix?: string;
  /** Start a new file once the current one reaches this size. */
  maxFileBytes?: number;
  /** Start a new file once the current one is this old. */
  maxFileSeconds?: number;
  /** Keep only this many files (the oldest is deleted when a new one starts). */
  maxFiles?: number;
  interfaces: HelloInterface[];
  onFileOpened?: (file: string) => void;
  /** Bytes appended to the current file (its size so far). */
  onWritten?: (file: string, size: number) => void;
  onFileClosed?: (file: string, size: number, frames: number) => void;
  onFileRemoved?: (file: string) => void;
}

export interface InterfaceCounters { recv: number; drop: number; ifdrop: number }

interface OpenFile {
  path: string;
  fd: number;
  size: number;
  frames: number;
  openedAt: number;
  /** Process-info blocks written in this file, by pid → identity. */
  described: Map<number, string>;
  writer: PcapngWriter;
  startNs: bigint | undefined;
  lastNs: bigint | undefined;
}

export class DiskFullError extends Error {
  readonly code = 'ENOSPC';
}

export class RingWriter {
  private file: OpenFile | undefined;
  private seq = 0;
  private readonly closedFiles: string[] = [];
  private readonly processes = new Map<number, ProcessInfo>();
  private readonly options = new Map<number, Uint8Array>();
  readonly files: string[] = [];

  constructor(private readonly o: RingOptions) {
    mkdirSync(o.dir, { recursive: true });
  }

  private counters: readonly InterfaceCounters[] | undefined;

  /** The interfaces' latest pcap statistics (written as ISBs when a file closes). */
  updateCounters(c: readonly InterfaceCounters[]): void {
    this.counters = c;
  }

  /** Latest details for a pid, used by the frames that follow. */
  process(p: ProcessInfo): void {
    this.processes.set(p.pid, p);
    this.options.delete(p.pid);
  }

  /** ptcpdump comment lines and epb_processid_threadid, encoded once per process (the hot path writes them on every frame). */
  private optionsOf(p: ProcessInfo): Uint8Array {
    let c = this.options.get(p.pid);
    if (c === undefined) {
      c = PcapngWriter.encodeProcessOptions({ comments: ptcpdumpComments(p, this.processes.get(p.ppid ?? -1)), processId: p.pid });
      this.options.set(p.pid, c);
    }
    return c;
  }

  /** Opens the first file (headers only), so even a capture that sees nothing leaves a valid file. */
  open(): void {
    if (this.file === undefined) this.rotate();
  }

  /** Appends frames (one write). Throws DiskFullError after truncating the file to its last whole block. */
  write(frames: readonly LiveFrame[]): void {
    if (frames.length === 0) return;
    if (this.file === undefined || this.due(this.file)) this.rotate();
    const f = this.file!;
    // Hot path: the batch's EPBs are encoded straight into one buffer (no per-block allocations).
    const parts: Uint8Array[] = [];
    const opts: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(frames.length);
    let size = 0;
    for (let i = 0; i < frames.length; i++) {
      const fr = frames[i];
      const p = fr.pid > 0 ? this.processes.get(fr.pid) : undefined;
      if (p !== undefined) {
        const identity = `${p.startTicks ?? ''}:${p.argv?.join('\0') ?? ''}`;
        if (f.described.get(p.pid) !== identity) {
          f.described.set(p.pid, identity);
          parts.push(f.writer.processInfoBlock({
            pid: p.pid, name: p.comm, path: p.exe, argv: p.argv, ppid: p.ppid, uid: p.uid, user: p.user, startTimeNs: p.startTimeNs,
          }));
        }
        opts[i] = this.optionsOf(p);
      }
      size += epbSize(fr.data.length, opts[i]);
    }
    const epbs = Buffer.allocUnsafe(size);
    let o = 0;
    for (let i = 0; i < frames.length; i++) {
      const fr = frames[i];
      const micro = this.o.interfaces[fr.iface]?.nanosecond === false;
      o = encodeEpb(epbs, o, fr, micro ? fr.tsNs / 1000n : fr.tsNs, opts[i]);
    }
    f.startNs ??= frames[0].tsNs;
    f.lastNs = frames[frames.length - 1].tsNs;
    parts.push(epbs);
    this.append(f, parts.length === 1 ? epbs : Buffer.concat(parts));
    f.frames += frames.length;
  }

  /** Finalises the current file: interface statistics, fsync, close. */
  close(counters = this.counters): void {
    const f = this.file;
    if (f === undefined) return;
    this.file = undefined;
    try {
      if (counters !== undefined) {
        const now = BigInt(Date.now()) * 1_000_000n;
        const isbs = counters.map((c, i) => f.writer.interfaceStatistics({
          interfaceId: i, tsNs: f.lastNs ?? now, startNs: f.startNs, endNs: f.lastNs,
          received: BigInt(c.recv), dropped: BigInt(c.drop + c.ifdrop),
        }));
        this.append(f, Buffer.concat(isbs));
      }
    } catch { /* a full disk: the statistics are the only thing missing */ }
    try { fsyncSync(f.fd); } catch { /* best effort */ }
    closeSync(f.fd);
    this.o.onFileClosed?.(f.path, f.size, f.frames);
  }

  get currentFile(): string | undefined {
    return this.file?.path;
  }

  private due(f: OpenFile): boolean {
    if (this.o.maxFileBytes !== undefined && f.size >= this.o.maxFileBytes) return true;
    return this.o.maxFileSeconds !== undefined && performance.now() - f.openedAt >= this.o.maxFileSeconds * 1000;
  }

  private rotate(): void {
    if (this.file !== undefined) {
      this.close();
      this.closedFiles.push(this.files[this.files.length - 1]);
    }
    this.seq++;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '').slice(0, 14);
    const file = path.join(this.o.dir, `${this.o.prefix ?? 'capture'}_${String(this.seq).padStart(5, '0')}_${stamp}.pcapng`);
    const fd = openSync(file, 'wx');
    const writer = new PcapngWriter();
    const head = [writer.sectionHeader({ userAppl: 'Wirewho', os: `${type()} ${release()}`, hardware: hostname() })];
    for (const i of this.o.interfaces) {
      head.push(writer.interfaceDescription({
        linkType: i.linkType, snapLen: i.snaplen, name: i.name, filter: i.filter,
        tsResolution: { base: 10, exponent: i.nanosecond ? 9 : 6 },
      }));
    }
    const f: OpenFile = { path: file, fd, size: 0, frames: 0, openedAt: performance.now(), described: new Map(), writer, startNs: undefined, lastNs: undefined };
    this.file = f;
    this.files.push(file);
    this.o.onFileOpened?.(file);
    this.append(f, Buffer.concat(head));
    const keep = this.o.maxFiles;
    while (keep !== undefined && this.closedFiles.length + 1 > keep) {
      const old = this.closedFiles.shift()!;
      rmSync(old, { force: true });
      this.o.onFileRemoved?.(old);
    }
  }

  private append(f: OpenFile, bytes: Buffer): void {
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(f.fd, bytes, done, bytes.length - done);
    } catch (err) {
      // Keep the file valid: cut the partial block, so everything before it stays readable.
      try { ftruncateSync(f.fd, f.size); } catch { /* nothing more to do */ }
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EFBIG') {
        throw new DiskFullError(`${f.path}: disk full after ${f.frames} frames (${f.size} bytes); the file is complete up to there`);
      }
      throw err;
    }
    f.size += bytes.length;
    this.o.onWritten?.(f.path, f.size);
  }
}

/** ptcpdump's comment lines for a frame's process (Cmd is the executable, as ptcpdump writes it). */
export function ptcpdumpComments(p: ProcessInfo, parent: ProcessInfo | undefined): string[] {
  return formatPtcpdumpComments({
    pid: p.pid, cmd: p.exe ?? p.comm, args: p.argv ?? (p.args === undefined ? undefined : [p.args]), uid: p.uid,
    parent: p.ppid === undefined ? undefined : { pid: p.ppid, cmd: parent?.exe ?? parent?.comm, args: parent?.argv },
  });
}

const BT_EPB = 6;

function epbSize(caplen: number, options: Uint8Array | undefined): number {
  return 32 + ((caplen + 3) & ~3) + (options === undefined || options.length === 0 ? 0 : options.length + 4);
}

/**
 * One Enhanced Packet Block (pcapng §4.3, little-endian): frame bytes verbatim, zero padding, the
 * pre-encoded options and opt_endofopt. Returns the offset after it.
 */
function encodeEpb(b: Buffer, o: number, fr: LiveFrame, units: bigint, options: Uint8Array | undefined): number {
  const caplen = fr.data.length;
  const total = epbSize(caplen, options);
  b.writeUInt32LE(BT_EPB, o);
  b.writeUInt32LE(total, o + 4);
  b.writeUInt32LE(fr.iface, o + 8);
  b.writeUInt32LE(Number(units >> 32n), o + 12);
  b.writeUInt32LE(Number(units & 0xffffffffn), o + 16);
  b.writeUInt32LE(caplen, o + 20);
  b.writeUInt32LE(fr.origLen, o + 24);
  b.set(fr.data, o + 28);
  let p = o + 28 + caplen;
  const padded = o + 28 + ((caplen + 3) & ~3);
  if (padded > p) b.fill(0, p, padded);
  p = padded;
  if (options !== undefined && options.length > 0) {
    b.set(options, p);
    p += options.length;
    b.writeUInt32LE(0, p); // opt_endofopt
    p += 4;
  }
  b.writeUInt32LE(total, p);
  return p + 4;
}
