/**
 * What every process-metadata source in a capture file boils down to (PROCESS-METADATA.md §1–§3).
 * Pure data; one shape for ptcpdump comments, tcpshark trailers, Apple PIBs/PKTAP and the standard
 * epb_processid_threadid + Wireshark process-info blocks.
 */

export type ProcessSource = 'ptcpdump' | 'tcpshark' | 'apple-pib' | 'pktap' | 'pcapng-standard';

export type PacketDirection = 'inbound' | 'outbound';

export interface ContainerInfo {
  id: string;
  name?: string;
  image?: string;
  labels?: Record<string, string>;
}

export interface PodInfo {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ProcessAttribution {
  /** Never 0: every source uses 0 for "unknown", which yields no attribution. */
  pid: number;
  ppid?: number;
  tid?: number;
  uid?: number;
  user?: string;
  /** Kernel command name (≤ 15 bytes on Linux, ≤ 16 on macOS). */
  comm?: string;
  /** Executable path. */
  exe?: string;
  /**
   * The command line as one string. ptcpdump and tcpshark store argv joined by single spaces, so
   * arguments that contain spaces cannot be told apart there; `argv` is set only when the source
   * keeps the boundaries.
   */
  args?: string;
  argv?: string[];
  /** Process start, ns since the epoch (tells a reused PID apart). */
  startTimeNs?: bigint;
  /** Process UUID (Apple, Wireshark PIB), lowercase hex with dashes. */
  uuid?: string;
  /** The parent as far as the source describes it (ptcpdump ParentPID/ParentCmd/ParentArgs). */
  parent?: { pid: number; exe?: string; args?: string };
  /** Apple: the process on whose behalf the sender acted (a daemon sending for an app). */
  effective?: { pid: number; comm?: string; uuid?: string };
  container?: ContainerInfo;
  pod?: PodInfo;
  /** The source capped a value (ptcpdump "..." suffix, a snapped tcpshark trailer). */
  truncated?: boolean;
  source: ProcessSource;
  direction?: PacketDirection;
}

/** epb_flags bits 0-1 → direction (01 inbound, 10 outbound). */
export function directionFromEpbFlags(flags: number | undefined): PacketDirection | undefined {
  if (flags === undefined) return undefined;
  const d = flags & 3;
  return d === 1 ? 'inbound' : d === 2 ? 'outbound' : undefined;
}

/** 16 bytes → 8-4-4-4-12 lowercase hex. */
export function formatUuid(b: Uint8Array): string {
  let h = '';
  for (const x of b) h += x.toString(16).padStart(2, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
