/**
 * Flow → process on Linux without eBPF (PROCESS-METADATA.md §4.1–§4.2), looked up the moment a
 * flow appears rather than on a poll: read the protocol's two socket tables (IPv4 and IPv6 — IPv4
 * peers of dual-stack sockets only show in the v6 one), match the flow (socket-match.ts), then find
 * the inode's owner (inode-owners.ts) and read the process (process-reader.ts). Answers are kept
 * per flow, so a flow whose socket is already gone can still be answered — as "late" — when it was
 * seen alive while the flow existed.
 */
import { endianness, networkInterfaces } from 'node:os';
import { canonicalIp, isIPv6, isLoopback, isWildcard } from '../ip.js';
import { matchSocket } from '../socket-match.js';
import type { Attribution, FlowKey, KernelOwner, ProcessInfo, Proto, SocketMatch } from '../types.js';
import { parseBtime, systemClkTck, type BootClock } from './boot-clock.js';
import { InodeOwners, type FoundOwner } from './inode-owners.js';
import { nodeProcFs, type ProcFs } from './proc-fs.js';
import { parseProcNet, parseSocketInodes, type ProcNetSocket } from './proc-net.js';
import { parsePasswd } from './passwd.js';
import { ProcessReader } from './process-reader.js';
import { YoungProcessWatcher } from './young-process-watcher.js';

export interface LinuxResolverOptions {
  fs?: ProcFs;
  /** Byte order of /proc/net addresses (the host's; default os.endianness()). */
  littleEndian?: boolean;
  /** Clock ticks per second for stat's start time (default: `getconf CLK_TCK`, else 100). */
  clkTck?: number;
  /** Wall clock in ns since the epoch. */
  now?: () => bigint;
  /** Monotonic milliseconds for scan budgets and the watcher's pacing (default performance.now). */
  monotonicMs?: () => number;
  /** How long a flow's earlier answer stays usable when the caller gives no flow start (default 10 s). */
  lateWindowNs?: bigint;
  /** Time a lookup may spend re-reading known processes' fds in full (default 25 ms; see inode-owners.ts). */
  fullScanBudgetMs?: number;
  /** How long another lookup's table read may answer for an exact tuple (default 50 ms). */
  snapshotMaxAgeMs?: number;
  /** How long the young-process watcher keeps reading a new process's fds (default 1000 ms). */
  youngProcessMs?: number;
  /** Addresses of this host besides loopback (default: os.networkInterfaces(), re-read every 30 s). */
  localAddresses?: () => Iterable<string>;
  /**
   * The kernel's record of the flow's local socket user (live capture with eBPF socket hooks):
   * asked first; /proc then only adds the details of that same process instance.
   */
  kernelOwner?: (flow: FlowKey) => KernelOwner | undefined;
}

export interface LookupOptions {
  /** When the flow's first packet was seen: an earlier answer counts only if its socket was alive then. */
  flowStartNs?: bigint;
}

export interface ResolverStats {
  lookups: number;
  tableReads: number;
  exact: number;
  late: number;
  unknown: number;
}

interface Found {
  owner: FoundOwner;
  match: SocketMatch;
  inode: number;
}

interface FlowMemory {
  attribution: Attribution;
  /** Last time the socket was seen alive with an owner. */
  lastSeenNs: bigint;
}

const FLOW_MEMORY_LIMIT = 100_000;
/** A cached socket seen this long after a flow's start is assumed to be the flow's own. */
const START_GRACE_NS = 2_000_000_000n;
const LOCAL_ADDRESS_TTL_NS = 30_000_000_000n;
/** Slack when comparing a process's start time (boot ticks + btime's whole second) with a kernel call time. */
const START_TIME_SLACK_NS = 2_000_000_000n;
/** A table read this long after a flow's first packet (kernel time vs. wall clock) certainly shows its live sockets. */
const SNAPSHOT_AFTER_NS = 1_000_000n;

const wallClockNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

export class LinuxResolver {
  readonly stats: ResolverStats = { lookups: 0, tableReads: 0, exact: 0, late: 0, unknown: 0 };
  private readonly fs: ProcFs;
  private readonly le: boolean;
  private readonly now: () => bigint;
  private readonly lateWindowNs: bigint;
  private readonly owners: InodeOwners;
  private readonly processes: ProcessReader;
  private readonly flows = new Map<string, FlowMemory>();
  /** Unconnected UDP sockets seen by the watcher, by "proto addr port". */
  private readonly endpoints = new Map<string, FlowMemory>();
  private watcher: YoungProcessWatcher | undefined;
  private readonly monotonicMs: () => number;
  private readonly snapshots = new Map<string, { at: bigint; rows: ProcNetSocket[] }>();
  private readonly snapshotMaxAgeNs: bigint;
  private readonly localAddressSource: () => Iterable<string>;
  private readonly youngProcessMs: number | undefined;
  private readonly kernelOwner: ((flow: FlowKey) => KernelOwner | undefined) | undefined;
  private localAddressCache: { at: bigint; set: Set<string> } | undefined;

  constructor(options: LinuxResolverOptions = {}) {
    this.fs = options.fs ?? nodeProcFs;
    this.le = options.littleEndian ?? endianness() === 'LE';
    this.now = options.now ?? wallClockNs;
    this.lateWindowNs = options.lateWindowNs ?? 10_000_000_000n;
    this.snapshotMaxAgeNs = BigInt(Math.round((options.snapshotMaxAgeMs ?? 50) * 1e6));
    this.localAddressSource = options.localAddresses ?? hostAddresses;
    this.youngProcessMs = options.youngProcessMs;
    this.kernelOwner = options.kernelOwner;
    const clock: BootClock = { btimeSeconds: parseBtime(this.fs.readFile('/proc/stat') ?? '') ?? 0, clkTck: options.clkTck ?? systemClkTck() };
    let users: Map<number, string> | undefined;
    const userOf = (uid: number): string | undefined => (users ??= parsePasswd(this.fs.readFile('/etc/passwd') ?? '')).get(uid);
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.owners = new InodeOwners(this.fs, { fullScanBudgetMs: options.fullScanBudgetMs, clockMs: this.monotonicMs });
    this.processes = new ProcessReader(this.fs, clock, userOf);
  }

  get scanStats(): InodeOwners['stats'] {
    return this.owners.stats;
  }

  /** Indexes every current socket owner and its process (call once at start). */
  prime(): void {
    this.owners.scanAll();
  }

  /** The process owning the flow's local end. */
  lookup(flow: FlowKey, options: LookupOptions = {}): Attribution {
    this.stats.lookups++;
    const f = canonicalFlow(flow);
    if (f === undefined) return this.count({ confidence: 'unknown' });
    const key = flowKeyString(f);
    const kernel = this.kernelOwner?.(f);
    if (kernel !== undefined) {
      const a: Attribution = { confidence: 'exact', match: 'kernel', process: this.processOfKernelOwner(kernel) };
      this.rememberFlow(key, a);
      return this.count(a);
    }
    let found = this.fromSnapshot(f);
    if (found === undefined) {
      const covered = this.fromCoveringSnapshots(f, options.flowStartNs);
      // null: recent tables hold no socket of the flow — it is gone; only memory can answer.
      found = covered === null ? undefined : covered ?? this.fromFreshTables(f);
    }
    if (found !== undefined) {
      const live = found.owner.live ? this.processes.read(found.owner.pid) : undefined;
      const process = live ?? this.processes.cached(found.owner.pid) ?? { pid: found.owner.pid };
      const a: Attribution = { confidence: live !== undefined ? 'exact' : 'late', match: found.match, inode: found.inode, process };
      if (live !== undefined) this.rememberFlow(key, a);
      return this.count(a);
    }
    for (const memory of [this.flows.get(key), ...this.endpointMemories(f)]) {
      if (memory !== undefined && this.usable(memory, options.flowStartNs)) return this.count({ ...memory.attribution, confidence: 'late' });
    }
    return this.count({ confidence: 'unknown' });
  }

  /**
   * The process the kernel named, with the details /proc holds for that same instance and image —
   * read now, or earlier by the young-process watcher. A read of another instance (PID reused) or
   * of the image before an execve (`sh -c "exec curl …"` read while still sh) is not used: the
   * kernel's PID and command stand alone then, without arguments rather than with someone else's.
   */
  private processOfKernelOwner(k: KernelOwner): ProcessInfo {
    const matches = (p: ProcessInfo | undefined): p is ProcessInfo =>
      p !== undefined && (p.argv?.length ?? 0) > 0
      && (p.startTimeNs === undefined || p.startTimeNs <= k.atNs + START_TIME_SLACK_NS)
      // A thread may carry its own name (prctl): only the main thread's name must be the process's.
      && (k.tid !== k.pid || p.comm === undefined || p.comm === k.comm);
    const live = this.processes.read(k.pid);
    if (matches(live)) return live;
    const cached = this.processes.cached(k.pid);
    if (matches(cached)) return cached;
    return { pid: k.pid, comm: k.comm };
  }

  /**
   * Starts the young-process watcher (young-process-watcher.ts): every `intervalMs` it indexes the
   * sockets of processes born in the last second, so flows of processes that exit before their
   * lookup are still answered ("late"). Returns a function that stops it.
   */
  watch(intervalMs = 10): () => void {
    const watcher = this.youngWatcher();
    watcher.tick();
    const timer = setInterval(() => watcher.tick(), intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }

  /** One watcher tick, for callers that drive their own loop (and tests). */
  watchTick(): void {
    this.youngWatcher().tick();
  }

  private youngWatcher(): YoungProcessWatcher {
    this.watcher ??= new YoungProcessWatcher(this.fs, {
      onProcess: (pid) => { this.processes.read(pid); },
      onSocket: (inode, owner) => {
        this.owners.record(inode, owner);
        this.processes.read(owner.pid);
      },
      placeSockets: (inodes) => this.placeSockets(inodes),
    }, { clockMs: this.monotonicMs, youngMs: this.youngProcessMs });
    return this.watcher;
  }

  /**
   * Finds young sockets in the tables and remembers them: connected ones by flow, unconnected UDP
   * ones by local endpoint (kept unplaced: they may still connect). Returns the placed inodes.
   */
  private placeSockets(inodes: ReadonlySet<number>): Set<number> {
    const placed = new Set<number>();
    const now = this.now();
    const todo = new Set(inodes);
    // Unix-domain and netlink sockets never show in the inet tables: settle them first, cheaply.
    for (const [file, column] of [['unix', 6], ['netlink', 9]] as const) {
      for (const inode of parseSocketInodes(this.fs.readFile(`/proc/net/${file}`) ?? '', column)) {
        if (todo.delete(inode)) placed.add(inode);
      }
    }
    // Cheapest tables first (the UDP hash is small, tcp6 the slowest walk); stop once all are found.
    for (const file of ['udp', 'udp6', 'tcp', 'tcp6']) {
      if (todo.size === 0) break;
      for (const row of this.readTable(file)) {
        if (!todo.delete(row.inode)) continue;
        const owner = this.owners.lastKnown(row.inode);
        if (owner === undefined) continue;
        const process = this.processes.cached(owner.pid) ?? { pid: owner.pid };
        if (row.remotePort !== 0) {
          const flow: FlowKey = { proto: row.proto, localAddr: row.localAddr, localPort: row.localPort, remoteAddr: row.remoteAddr, remotePort: row.remotePort };
          this.rememberFlow(flowKeyString(flow), { confidence: 'exact', match: 'tuple', inode: row.inode, process }, now);
          placed.add(row.inode);
        } else if (row.listening) {
          placed.add(row.inode);
        } else if (row.proto === 'udp' && row.localPort !== 0) {
          const match = isWildcard(row.localAddr) ? 'wildcard' : 'local';
          remember(this.endpoints, `udp ${row.localAddr} ${row.localPort}`, { attribution: { confidence: 'exact', match, inode: row.inode, process }, lastSeenNs: now });
        }
      }
    }
    return placed;
  }

  private endpointMemories(f: FlowKey): (FlowMemory | undefined)[] {
    if (f.proto !== 'udp') return [];
    const any = isIPv6(f.localAddr) ? ['::'] : ['0.0.0.0', '::'];
    return [f.localAddr, ...any].map((a) => this.endpoints.get(`udp ${a} ${f.localPort}`));
  }

  /**
   * Both ends of a flow; the remote end only when its address belongs to this host (loopback or
   * an interface address), so a remote peer's port never lands on a local wildcard socket.
   */
  lookupBothEnds(flow: FlowKey, options: LookupOptions = {}): { local: Attribution; remote: Attribution | null } {
    const local = this.lookup(flow, options);
    const remoteAddr = canonicalIp(flow.remoteAddr);
    if (remoteAddr === undefined || !this.isLocalAddress(remoteAddr)) return { local, remote: null };
    const reversed: FlowKey = { proto: flow.proto, localAddr: flow.remoteAddr, localPort: flow.remotePort, remoteAddr: flow.localAddr, remotePort: flow.localPort };
    return { local, remote: this.lookup(reversed, options) };
  }

  /** The last answer for a flow, without touching /proc. */
  peek(flow: FlowKey): Attribution | undefined {
    const f = canonicalFlow(flow);
    return f === undefined ? undefined : this.flows.get(flowKeyString(f))?.attribution;
  }

  /** The last details read for a pid (it may have exited since). */
  processInfo(pid: number): ProcessInfo | undefined {
    return this.processes.cached(pid);
  }

  isLocalAddress(canonical: string): boolean {
    if (isLoopback(canonical)) return true;
    const now = this.now();
    if (this.localAddressCache === undefined || now - this.localAddressCache.at > LOCAL_ADDRESS_TTL_NS) {
      const set = new Set<string>();
      for (const a of this.localAddressSource()) {
        const c = canonicalIp(a);
        if (c !== undefined) set.add(c);
      }
      this.localAddressCache = { at: now, set };
    }
    return this.localAddressCache.set.has(canonical);
  }

  /**
   * A socket table read moments ago (another lookup's) answers when it holds the flow's exact
   * tuple and its owner is still live — a burst of new flows then costs one read, not one each.
   */
  private fromSnapshot(f: FlowKey): Found | undefined {
    const now = this.now();
    for (const file of tableFiles(f)) {
      const snap = this.snapshots.get(file);
      if (snap === undefined || now - snap.at > this.snapshotMaxAgeNs) continue;
      const m = matchSocket(snap.rows, f, (r) => r.inode !== 0);
      if (m?.match !== 'tuple') continue;
      const owner = this.owners.find(m.row.inode);
      if (owner?.live === true) return { owner, match: m.match, inode: m.row.inode };
    }
    return undefined;
  }

  /**
   * Tables read after the flow's first packet (by another lookup, moments ago) hold its sockets if
   * they still exist: match against them instead of reading again. A burst of new flows then costs
   * one read per table, and a flow whose process is already gone does not pay a read that cannot
   * find it — which under load would delay every lookup queued behind it.
   */
  private fromCoveringSnapshots(f: FlowKey, flowStartNs: bigint | undefined): Found | undefined | null {
    if (flowStartNs === undefined) return undefined;
    const now = this.now();
    const rows: ProcNetSocket[] = [];
    for (const file of tableFiles(f)) {
      const snap = this.snapshots.get(file);
      if (snap === undefined || now - snap.at > this.snapshotMaxAgeNs || snap.at < flowStartNs + SNAPSHOT_AFTER_NS) return undefined;
      rows.push(...snap.rows);
    }
    return this.matchRows(f, rows) ?? null;
  }

  /**
   * Fresh reads, as few as possible: each /proc/net/tcp* read walks the kernel's whole connection
   * hash (≈ 10 ms on a large-memory host, however few sockets exist), so an IPv4 flow reads the v4
   * table first and the v6 one (dual-stack sockets with v4-mapped peers) only without an exact match.
   */
  private fromFreshTables(f: FlowKey): Found | undefined {
    const rows: ProcNetSocket[] = [];
    for (const file of tableFiles(f)) {
      rows.push(...this.readTable(file));
      if (matchSocket(rows, f, (r) => r.inode !== 0)?.match === 'tuple') break;
    }
    return this.matchRows(f, rows);
  }

  private matchRows(f: FlowKey, rows: ProcNetSocket[]): Found | undefined {
    // Best match first; when its owner can't be found (e.g. an accepted socket in a busy server
    // beyond this lookup's scan budget), the next one — typically the listener — still answers.
    const failed = new Set<ProcNetSocket>();
    for (;;) {
      const m = matchSocket(rows, f, (r) => r.inode !== 0 && !failed.has(r));
      if (m === undefined) return undefined;
      const owner = this.owners.find(m.row.inode);
      if (owner !== undefined) return { owner, match: m.match, inode: m.row.inode };
      failed.add(m.row);
    }
  }

  private readTable(file: string): ProcNetSocket[] {
    this.stats.tableReads++;
    const proto: Proto = file.startsWith('tcp') ? 'tcp' : 'udp';
    const rows = parseProcNet(this.fs.readFile(`/proc/net/${file}`) ?? '', proto, file.endsWith('6'), this.le);
    this.snapshots.set(file, { at: this.now(), rows });
    return rows;
  }

  private usable(m: FlowMemory, flowStartNs: bigint | undefined): boolean {
    if (flowStartNs !== undefined) return m.lastSeenNs + START_GRACE_NS >= flowStartNs;
    return this.now() - m.lastSeenNs <= this.lateWindowNs;
  }

  private rememberFlow(key: string, a: Attribution, at = this.now()): void {
    remember(this.flows, key, { attribution: a, lastSeenNs: at });
  }

  private count(a: Attribution): Attribution {
    this.stats[a.confidence]++;
    return a;
  }
}

/** Insert-or-refresh with a size cap; the oldest entry goes first. */
function remember(map: Map<string, FlowMemory>, key: string, m: FlowMemory): void {
  map.delete(key);
  map.set(key, m);
  if (map.size > FLOW_MEMORY_LIMIT) map.delete(map.keys().next().value!);
}

function canonicalFlow(flow: FlowKey): FlowKey | undefined {
  const localAddr = canonicalIp(flow.localAddr);
  const remoteAddr = canonicalIp(flow.remoteAddr);
  if (localAddr === undefined || remoteAddr === undefined) return undefined;
  return { proto: flow.proto, localAddr, localPort: flow.localPort, remoteAddr, remotePort: flow.remotePort };
}

/** The tables that can hold the flow's socket, likeliest first. */
function tableFiles(f: FlowKey): string[] {
  return isIPv6(f.localAddr) ? [`${f.proto}6`] : [f.proto, `${f.proto}6`];
}

function flowKeyString(f: FlowKey): string {
  return `${f.proto} ${f.localAddr} ${f.localPort} ${f.remoteAddr} ${f.remotePort}`;
}

function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}
