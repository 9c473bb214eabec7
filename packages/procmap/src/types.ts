/** Shared shapes of process attribution (PROCESS-METADATA.md §4). */

export type Proto = 'tcp' | 'udp';

/** A flow as seen from one end: `local*` is the socket whose owner we want. */
export interface FlowKey {
  proto: Proto;
  localAddr: string;
  localPort: number;
  remoteAddr: string;
  remotePort: number;
}

/** One process instance: (pid, startTimeNs) tells a reused PID apart. */
export interface ProcessInfo {
  pid: number;
  ppid?: number;
  uid?: number;
  user?: string;
  /** Kernel command name (Linux: ≤ 15 bytes). */
  comm?: string;
  exe?: string;
  /** Exact argv (Linux cmdline split at NULs; empty for zombies and kernel threads). */
  argv?: string[];
  /** argv joined by spaces, or the command line as the OS tool prints it. */
  args?: string;
  /** Start time, ns since the epoch (Linux: from boot ticks, so ± 1 tick and btime's 1 s). */
  startTimeNs?: bigint;
  /** Linux stat field 22 (clock ticks since boot): the exact identity used for PID reuse. */
  startTicks?: number;
}

/**
 * exact: the socket was in the kernel's table and its owner read at lookup time.
 * late: the socket or its process was gone by then; the answer comes from an earlier sighting.
 * unknown: no owner could be found.
 */
export type Confidence = 'exact' | 'late' | 'unknown';

/**
 * How the socket was matched to the flow. kernel: the kernel's socket hooks named the process that
 * created, connected or sent on the socket carrying the flow's exact tuple (Linux eBPF, live only).
 */
export type SocketMatch = 'tuple' | 'local' | 'wildcard' | 'listener' | 'kernel';

/** A socket's user as the kernel recorded it, in the process's own context, at a socket call. */
export interface KernelOwner {
  /** Thread-group id: the process. */
  pid: number;
  /** The thread that made the call. */
  tid: number;
  /** That thread's command name at the time of the call (after any execve). */
  comm: string;
  /** Wall-clock time of the call, ns since the epoch. */
  atNs: bigint;
}

export interface Attribution {
  confidence: Confidence;
  process?: ProcessInfo;
  match?: SocketMatch;
  /** Linux socket inode. */
  inode?: number;
}

/** A socket as the OS lists it, with its owner when the source gives one (lsof, netstat -ano). */
export interface SocketRow {
  proto: Proto;
  /** Canonical (see ip.ts): IPv4-mapped addresses are plain IPv4. */
  localAddr: string;
  localPort: number;
  /** '0.0.0.0' / '::' with port 0 when unconnected or listening. */
  remoteAddr: string;
  remotePort: number;
  listening: boolean;
  /** True when the row came from an IPv6 socket (tcp6/udp6, lsof IPv6): it may take IPv4 peers. */
  ipv6Socket: boolean;
}
