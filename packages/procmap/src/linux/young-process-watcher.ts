/**
 * Catches the sockets of processes too short-lived for any lookup to reach: every tick (10 ms by
 * default) it lists /proc and reads the fd links of processes born in the last second. Each new socket is reported with its owner at once (the
 * process is still alive: its details can be read), and sockets not yet placed — created but not
 * bound or connected — are offered again on later ticks for a short while, so they can be placed
 * in the socket tables once they show there. A lookup that comes after the process
 * has exited then still finds it ("late").
 */
import type { InodeOwner } from './inode-owners.js';
import type { ProcFs } from './proc-fs.js';
import { socketInodeOfLink } from './proc-text.js';

export interface YoungProcessHooks {
  /** A process appeared (read its details while it lives). */
  onProcess(pid: number): void;
  /** A socket fd of a young process. */
  onSocket(inode: number, owner: InodeOwner): void;
  /** Sockets of young processes still to be placed in the socket tables; returns those placed. */
  placeSockets(inodes: ReadonlySet<number>): Set<number>;
}

export interface YoungProcessWatcherOptions {
  /** How long a process counts as young (default 1000 ms). */
  youngMs?: number;
  /** Least time between two placeSockets calls (each reads socket tables; default 20 ms). */
  placeEveryMs?: number;
  /**
   * How long a socket is offered for placement (default 250 ms): long enough for connect() after
   * socket(), short enough that Unix-domain and netlink sockets, which no inet table will ever
   * show, stop costing table reads.
   */
  placeWindowMs?: number;
  clockMs?: () => number;
}

interface Young {
  bornMs: number;
  /** Socket inodes already reported. All fd links are re-read each tick: a process first seen
   * between fork and exec still holds its parent's fd numbers, which exec closes and reuses. */
  sockets: Set<number>;
}

export class YoungProcessWatcher {
  private readonly known = new Set<number>();
  private readonly young = new Map<number, Young>();
  /** inode → when first seen, for sockets not yet placed. */
  private readonly unplaced = new Map<number, number>();
  private lastPlaceMs = Number.NEGATIVE_INFINITY;
  private primed = false;
  private readonly youngMs: number;
  private readonly placeEveryMs: number;
  private readonly placeWindowMs: number;
  private readonly clockMs: () => number;
  ticks = 0;

  constructor(private readonly fs: ProcFs, private readonly hooks: YoungProcessHooks, options: YoungProcessWatcherOptions = {}) {
    this.youngMs = options.youngMs ?? 1000;
    this.placeEveryMs = options.placeEveryMs ?? 20;
    this.placeWindowMs = options.placeWindowMs ?? 250;
    this.clockMs = options.clockMs ?? (() => performance.now());
  }

  tick(): void {
    this.ticks++;
    const now = this.clockMs();
    const pids = (this.fs.readdir('/proc') ?? []).filter((n) => /^\d+$/.test(n)).map(Number);
    const alive = new Set(pids);
    for (const pid of pids) {
      if (this.known.has(pid)) continue;
      this.known.add(pid);
      // Processes present at the first tick are not new: the resolver's scans cover them.
      if (!this.primed) continue;
      this.young.set(pid, { bornMs: now, sockets: new Set() });
      this.hooks.onProcess(pid);
    }
    this.primed = true;
    for (const pid of this.known) if (!alive.has(pid)) this.known.delete(pid);
    for (const [pid, y] of this.young) {
      if (!alive.has(pid) || now - y.bornMs > this.youngMs) {
        this.young.delete(pid);
        continue;
      }
      const fds = this.fs.readdir(`/proc/${pid}/fd`);
      if (fds === undefined) continue;
      for (const name of fds) {
        const link = this.fs.readlink(`/proc/${pid}/fd/${name}`);
        const inode = link === undefined ? undefined : socketInodeOfLink(link);
        if (inode === undefined || y.sockets.has(inode)) continue;
        y.sockets.add(inode);
        this.hooks.onSocket(inode, { pid, fd: Number(name) });
        this.unplaced.set(inode, now);
      }
    }
    for (const [inode, seen] of this.unplaced) if (now - seen > this.placeWindowMs) this.unplaced.delete(inode);
    if (this.unplaced.size > 0 && now - this.lastPlaceMs >= this.placeEveryMs) {
      this.lastPlaceMs = now;
      for (const inode of this.hooks.placeSockets(new Set(this.unplaced.keys()))) this.unplaced.delete(inode);
    }
  }
}
