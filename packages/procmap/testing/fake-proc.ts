/**
 * Test support: an in-memory /proc whose processes and sockets tests add, remove and reuse, with
 * the kernel's text formats, and a count of every access (to check lookups stay targeted).
 */
import type { ProcFs } from '../src/linux/proc-fs.js';

export interface FakeSocket {
  proto: 'tcp' | 'udp';
  v6?: boolean;
  local: [string, number];
  remote?: [string, number];
  state?: number;
  inode: number;
  uid?: number;
}

export interface FakeProcess {
  pid: number;
  comm: string;
  argv: string[];
  exe?: string;
  ppid?: number;
  uid?: number;
  startTicks: number;
  /** fd number → link target. */
  fds: Map<number, string>;
}

/** Host-order (little-endian) %08X words, as /proc/net prints them on x86. */
function hexAddr(addr: string, v6: boolean): string {
  const word = (b: number[]): string => b.slice().reverse().map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase();
  if (!v6) return word(addr.split('.').map(Number));
  let bytes: number[];
  if (addr.includes('.')) bytes = [...new Array(10).fill(0), 0xff, 0xff, ...addr.replace(/^::ffff:/, '').split('.').map(Number)];
  else {
    const [h, t] = addr.split('::');
    const g = (s: string | undefined): number[] => (s ? s.split(':').map((x) => parseInt(x, 16)) : []);
    const head = g(h);
    const tailG = g(t);
    const groups = [...head, ...new Array(8 - head.length - tailG.length).fill(0), ...tailG];
    bytes = groups.flatMap((x) => [x >> 8, x & 0xff]);
  }
  return [0, 4, 8, 12].map((i) => word(bytes.slice(i, i + 4))).join('');
}

export class FakeProc implements ProcFs {
  readonly processes = new Map<number, FakeProcess>();
  readonly sockets: FakeSocket[] = [];
  btime = 1_700_000_000;
  reads: string[] = [];

  addProcess(p: Omit<FakeProcess, 'fds'> & { fds?: Map<number, string> }): FakeProcess {
    const full = { ...p, fds: p.fds ?? new Map<number, string>() };
    this.processes.set(p.pid, full);
    return full;
  }

  /** Adds a socket and, when `owner` is given, an fd for it in that process. */
  addSocket(s: FakeSocket, owner?: number): FakeSocket {
    this.sockets.push(s);
    if (owner !== undefined) {
      const p = this.processes.get(owner)!;
      p.fds.set(3 + p.fds.size, `socket:[${s.inode}]`);
    }
    return s;
  }

  removeSocket(inode: number): void {
    const i = this.sockets.findIndex((s) => s.inode === inode);
    if (i >= 0) this.sockets.splice(i, 1);
    for (const p of this.processes.values()) for (const [fd, t] of p.fds) if (t === `socket:[${inode}]`) p.fds.delete(fd);
  }

  exit(pid: number): void {
    this.processes.delete(pid);
  }

  private table(proto: 'tcp' | 'udp', v6: boolean): string {
    const lines = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'];
    this.sockets.filter((s) => s.proto === proto && (s.v6 ?? false) === v6).forEach((s, i) => {
      const r = s.remote ?? [v6 ? '::' : '0.0.0.0', 0];
      const st = s.state ?? (s.remote ? 1 : proto === 'tcp' ? 0x0a : 7);
      lines.push(`${String(i).padStart(4)}: ${hexAddr(s.local[0], v6)}:${s.local[1].toString(16).toUpperCase().padStart(4, '0')} ` +
        `${hexAddr(r[0], v6)}:${r[1].toString(16).toUpperCase().padStart(4, '0')} ${st.toString(16).toUpperCase().padStart(2, '0')} ` +
        `00000000:00000000 00:00000000 00000000 ${String(s.uid ?? 0).padStart(5)}        0 ${s.inode} 1 0000000000000000`);
    });
    return `${lines.join('\n')}\n`;
  }

  readFile(path: string): string | undefined {
    this.reads.push(path);
    const net = /^\/proc\/net\/(tcp|udp)(6?)$/.exec(path);
    if (net) return this.table(net[1] as 'tcp' | 'udp', net[2] === '6');
    if (path === '/proc/stat') return `cpu 1 2 3\nbtime ${this.btime}\n`;
    if (path === '/etc/passwd') return 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n';
    const m = /^\/proc\/(\d+)\/(stat|status|cmdline|comm)$/.exec(path);
    const p = m ? this.processes.get(Number(m[1])) : undefined;
    if (!m || !p) return undefined;
    switch (m[2]) {
      case 'stat': return `${p.pid} (${p.comm}) S ${p.ppid ?? 1} 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${p.startTicks} 1000 100\n`;
      case 'status': return `Name:\t${p.comm}\nPPid:\t${p.ppid ?? 1}\nUid:\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\t${p.uid ?? 0}\n`;
      case 'cmdline': return p.argv.length ? `${p.argv.join('\0')}\0` : '';
      default: return `${p.comm}\n`;
    }
  }

  readdir(path: string): string[] | undefined {
    this.reads.push(path);
    if (path === '/proc') return ['self', 'net', 'stat', ...[...this.processes.keys()].map(String)];
    const m = /^\/proc\/(\d+)\/fd$/.exec(path);
    const p = m ? this.processes.get(Number(m[1])) : undefined;
    return p ? [...p.fds.keys()].map(String) : undefined;
  }

  readlink(path: string): string | undefined {
    this.reads.push(path);
    const fd = /^\/proc\/(\d+)\/fd\/(\d+)$/.exec(path);
    if (fd) return this.processes.get(Number(fd[1]))?.fds.get(Number(fd[2]));
    const exe = /^\/proc\/(\d+)\/exe$/.exec(path);
    if (exe) return this.processes.get(Number(exe[1]))?.exe;
    return undefined;
  }
}
