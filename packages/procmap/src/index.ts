/**
 * @wirewho/procmap — which local process owns a flow (PROCESS-METADATA.md §4). Linux: targeted
 * /proc lookups the moment a flow appears, plus a young-process watcher; macOS/Windows: lsof and
 * netstat + tasklist snapshots. The only package that reads /proc or runs OS tools.
 */
export * from './types.js';
export { canonicalIp, formatIp, parseIPv4, parseIPv6, isLoopback, isWildcard, isIPv6 } from './ip.js';
export { matchSocket, type Matched } from './socket-match.js';
export { parseEndpoint, type Endpoint } from './endpoint-text.js';
export type { OwnedSocket } from './owned-socket.js';
export { SnapshotResolver, type SnapshotResolverOptions } from './snapshot-resolver.js';

export { LinuxResolver, type LinuxResolverOptions, type LookupOptions, type ResolverStats } from './linux/linux-resolver.js';
export { TcpsharkPoller, type TcpsharkPollerOptions } from './linux/tcpshark-poller.js';
export { nodeProcFs, type ProcFs } from './linux/proc-fs.js';
export {
  parseProcNet, decodeProcNetAddress, parseSocketInodes, TCP_ESTABLISHED, TCP_LISTEN, TCP_SYN_RECV, TCP_TIME_WAIT, type ProcNetSocket,
} from './linux/proc-net.js';
export { parseProcStat, type ProcStat } from './linux/proc-stat.js';
export { parseProcNetDev, readInterfaceCounters, PROC_NET_DEV, type InterfaceCounters } from './linux/net-dev.js';
export { parseProcStatus, type ProcStatus } from './linux/proc-status.js';
export { parseCmdline, parseComm, socketInodeOfLink } from './linux/proc-text.js';
export { parseBtime, ticksToEpochNs, systemClkTck, type BootClock } from './linux/boot-clock.js';
export { parsePasswd } from './linux/passwd.js';
export { ProcessReader } from './linux/process-reader.js';
export { InodeOwners, type InodeOwner, type FoundOwner, type ScanStats, type InodeOwnersOptions } from './linux/inode-owners.js';
export { YoungProcessWatcher, type YoungProcessHooks, type YoungProcessWatcherOptions } from './linux/young-process-watcher.js';

export { parseLsof, LSOF_ARGS } from './macos/lsof.js';
export { lsofSocketOwners } from './macos/socket-owners.js';
export { parseNetstatAno, type NetstatRow } from './windows/netstat.js';
export { parseTasklistCsv, parseCsvLine, type Task } from './windows/tasklist.js';
export { joinWindowsSockets, windowsSocketOwners } from './windows/socket-owners.js';
