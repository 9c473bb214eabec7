/**
 * tcpshark's method, kept as a mode for comparison benchmarks (PROCESS-METADATA.md §1.7): once a
 * second (the first fill only after the first second) rebuild a map from /proc/net/tcp and udp —
 * IPv4 only, as tcpshark reads them — walking every /proc/<pid>/fd, keyed by (local port, remote
 * port) alone; a packet is looked up by (source port, destination port), so only the sender's side
 * can match and unconnected UDP (remote port 0) never does. The name is comm from stat.
 */
import { endianness } from 'node:os';
import type { Attribution, FlowKey } from '../types.js';
import { nodeProcFs, type ProcFs } from './proc-fs.js';
import { parseProcNet } from './proc-net.js';
import { parseProcStat } from './proc-stat.js';
import { socketInodeOfLink } from './proc-text.js';

export interface TcpsharkPollerOptions {
  fs?: ProcFs;
  littleEndian?: boolean;
  intervalMs?: number;
  /** Also read tcp6/udp6 (tcpshark does not; off by default to measure it faithfully). */
  includeIpv6?: boolean;
}

interface Entry {
  pid: number;
  comm: string;
}

export class TcpsharkPoller {
  private map = new Map<string, Entry>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly fs: ProcFs;
  private readonly le: boolean;
  private readonly intervalMs: number;
  private readonly includeIpv6: boolean;
  polls = 0;

  constructor(options: TcpsharkPollerOptions = {}) {
    this.fs = options.fs ?? nodeProcFs;
    this.le = options.littleEndian ?? endianness() === 'LE';
    this.intervalMs = options.intervalMs ?? 1000;
    this.includeIpv6 = options.includeIpv6 ?? false;
  }

  start(): void {
    this.timer ??= setInterval(() => this.pollOnce(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One full rebuild of the port-pair map. */
  pollOnce(): void {
    this.polls++;
    const files = ['tcp', 'udp', ...(this.includeIpv6 ? ['tcp6', 'udp6'] : [])];
    const rows = files.flatMap((f) => parseProcNet(this.fs.readFile(`/proc/net/${f}`) ?? '', f.startsWith('tcp') ? 'tcp' : 'udp', f.endsWith('6'), this.le));
    const owners = new Map<number, Entry>();
    for (const name of this.fs.readdir('/proc') ?? []) {
      if (!/^\d+$/.test(name)) continue;
      const fds = this.fs.readdir(`/proc/${name}/fd`);
      if (fds === undefined) continue;
      let entry: Entry | undefined;
      for (const fd of fds) {
        const link = this.fs.readlink(`/proc/${name}/fd/${fd}`);
        const inode = link === undefined ? undefined : socketInodeOfLink(link);
        if (inode === undefined) continue;
        entry ??= { pid: Number(name), comm: parseProcStat(this.fs.readFile(`/proc/${name}/stat`) ?? '')?.comm ?? '' };
        owners.set(inode, entry);
      }
    }
    const map = new Map<string, Entry>();
    for (const r of rows) {
      const owner = r.inode === 0 ? undefined : owners.get(r.inode);
      if (owner !== undefined) map.set(`${r.localPort}:${r.remotePort}`, owner);
    }
    this.map = map;
  }

  /** tcpshark's lookup of a packet: (source port, destination port). */
  lookupPorts(srcPort: number, dstPort: number): Entry | undefined {
    return this.map.get(`${srcPort}:${dstPort}`);
  }

  /** The same, shaped like the resolver's answer (a snapshot up to a second old: "late"). */
  lookup(flow: FlowKey): Attribution {
    const e = this.lookupPorts(flow.localPort, flow.remotePort);
    return e === undefined ? { confidence: 'unknown' } : { confidence: 'late', process: { pid: e.pid, comm: e.comm } };
  }
}
