/**
 * Socket inode → owning process, the /proc way (as `ss -p`: readlink every /proc/<pid>/fd/<n> and
 * keep "socket:[N]"), but incremental and targeted. A known owner is confirmed with ONE readlink of
 * the fd it was seen on. On a miss, processes are scanned until the inode turns up, cheapest and
 * likeliest first:
 *   1. processes never scanned, newest first — a brand-new flow almost always belongs to a new
 *      process, and one that lives 50 ms must be found before it exits;
 *   2. known processes, only fd numbers they did not have at their last scan (a readdir each) —
 *      all of them for processes first scanned less than a second ago: one caught between fork
 *      and exec still showed its parent's fd numbers, which exec closes and the new image reuses;
 *   3. known processes in full (a closed fd number reused by a new socket), within a time budget
 *      per lookup and resumed by the next one, so a socket whose process has already exited
 *      cannot stall every lookup behind it for a full /proc walk.
 * Every socket seen on the way is indexed, so later lookups of long-lived processes are single
 * readlinks.
 */
import type { ProcFs } from './proc-fs.js';
import { socketInodeOfLink } from './proc-text.js';

export interface InodeOwner {
  pid: number;
  fd: number;
}

export interface FoundOwner extends InodeOwner {
  /** false: the owner was seen earlier but no live process holds the inode now. */
  live: boolean;
}

export interface ScanStats {
  scans: number;
  pidsScanned: number;
  fdLinksRead: number;
  /** Pass-3 walks stopped by the budget. */
  budgetStops: number;
}

export interface InodeOwnersOptions {
  /** Time allowed for pass 3 per lookup (default 25 ms); the next lookup resumes where it stopped. */
  fullScanBudgetMs?: number;
  /** Monotonic milliseconds (tests). */
  clockMs?: () => number;
}

/** Processes first scanned this recently get all their fd links re-read in pass 2. */
const YOUNG_MS = 1000;
/** Entries kept for "late" answers after a socket or process is gone. */
const INDEX_LIMIT = 200_000;

export class InodeOwners {
  private readonly owners = new Map<number, InodeOwner>();
  /** pid → fd names it had at its last scan, and when it was first scanned. */
  private readonly scannedPids = new Map<number, { names: Set<string>; firstMs: number }>();
  /** Where the budgeted full pass resumes (a pid; the walk is in descending pid order). */
  private fullPassCursor = Number.POSITIVE_INFINITY;
  private readonly budgetMs: number;
  private readonly clockMs: () => number;
  readonly stats: ScanStats = { scans: 0, pidsScanned: 0, fdLinksRead: 0, budgetStops: 0 };

  constructor(private readonly fs: ProcFs, options: InodeOwnersOptions = {}) {
    this.budgetMs = options.fullScanBudgetMs ?? 25;
    this.clockMs = options.clockMs ?? (() => performance.now());
  }

  find(inode: number): FoundOwner | undefined {
    const known = this.owners.get(inode);
    if (known !== undefined && this.holds(known, inode)) return { ...known, live: true };
    const found = this.scan(inode);
    if (found !== undefined) return { ...found, live: true };
    return known === undefined ? undefined : { ...known, live: false };
  }

  /** The last owner seen, without touching /proc. */
  lastKnown(inode: number): InodeOwner | undefined {
    return this.owners.get(inode);
  }

  /** Indexes every process's sockets (startup warm-up). */
  scanAll(): void {
    this.scan(undefined);
  }

  private holds(o: InodeOwner, inode: number): boolean {
    this.stats.fdLinksRead++;
    return this.fs.readlink(`/proc/${o.pid}/fd/${o.fd}`) === `socket:[${inode}]`;
  }

  /** Scans until `target` is found (everything, without a budget, when undefined). */
  private scan(target: number | undefined): InodeOwner | undefined {
    this.stats.scans++;
    const pids = (this.fs.readdir('/proc') ?? []).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => b - a);
    const alive = new Set(pids);
    for (const p of this.scannedPids.keys()) if (!alive.has(p)) this.scannedPids.delete(p);
    const known = pids.filter((p) => this.scannedPids.has(p));
    for (const pid of pids) {
      if (this.scannedPids.has(pid)) continue;
      const hit = this.scanPid(pid, target, false);
      if (hit !== undefined) return hit;
    }
    const youngSince = this.clockMs() - YOUNG_MS;
    for (const pid of known) {
      const hit = this.scanPid(pid, target, this.scannedPids.get(pid)!.firstMs < youngSince);
      if (hit !== undefined) return hit;
    }
    if (target === undefined) {
      for (const pid of known) this.scanPid(pid, undefined, false);
      return undefined;
    }
    return this.fullPass(known, target);
  }

  /** Pass 3: descending from the cursor, wrapping once, until found or out of budget. */
  private fullPass(known: number[], target: number): InodeOwner | undefined {
    if (known.length === 0) return undefined;
    const deadline = this.clockMs() + this.budgetMs;
    let start = known.findIndex((p) => p < this.fullPassCursor);
    if (start < 0) start = 0;
    for (let i = 0; i < known.length; i++) {
      const pid = known[(start + i) % known.length];
      this.fullPassCursor = pid;
      const hit = this.scanPid(pid, target, false);
      if (hit !== undefined) return hit;
      if (this.clockMs() > deadline && i < known.length - 1) {
        this.stats.budgetStops++;
        return undefined;
      }
    }
    this.fullPassCursor = Number.POSITIVE_INFINITY;
    return undefined;
  }

  /** Reads a process's fd links (only fd names new since its last scan when `onlyNew`). */
  private scanPid(pid: number, target: number | undefined, onlyNew: boolean): InodeOwner | undefined {
    this.stats.pidsScanned++;
    const fds = this.fs.readdir(`/proc/${pid}/fd`);
    const before = this.scannedPids.get(pid);
    this.scannedPids.set(pid, { names: new Set(fds ?? []), firstMs: before?.firstMs ?? this.clockMs() });
    if (fds === undefined) return undefined;
    let hit: InodeOwner | undefined;
    for (const name of fds) {
      if (onlyNew && before?.names.has(name) === true) continue;
      this.stats.fdLinksRead++;
      const link = this.fs.readlink(`/proc/${pid}/fd/${name}`);
      const inode = link === undefined ? undefined : socketInodeOfLink(link);
      if (inode === undefined) continue;
      const owner = { pid, fd: Number(name) };
      this.record(inode, owner);
      if (inode === target) hit ??= owner;
    }
    return hit;
  }

  /** Records an owner seen elsewhere (the young-process watcher). */
  record(inode: number, owner: InodeOwner): void {
    this.owners.delete(inode);
    this.owners.set(inode, owner);
    if (this.owners.size > INDEX_LIMIT) this.owners.delete(this.owners.keys().next().value!);
  }
}
