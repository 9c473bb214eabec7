/**
 * Live capture in the API (issue 5): the Capture dialog lists interfaces (with addresses and packet
 * counters for its sparklines), checks a BPF capture filter, starts and stops a capture through the
 * privileged helper, and "Capture from command…" runs a user-given command whose standard output is a
 * pcap/pcapng stream (e.g. `ssh host tcpdump -U -w -`). Spread into api.ts's request lists like the
 * casework requests; progress reaches the UI as the `captureStatus` event.
 *
 * Schemas stay plain objects (the fuzz suite reads their shapes); rules across fields (duration or
 * count, ring files need a size or a time) are checked by the engine with the same typed error.
 */
import { z } from 'zod';

const noNul = (s: string) => !s.includes('\0');
/** Interface names: libpcap's (Linux IFNAMSIZ is 16; Windows NPF names are longer). */
const interfaceName = z.string().min(1).max(256).refine(noNul, 'interface name contains NUL');
/** BPF capture filter text (tcpdump syntax); libpcap compiles it. */
const bpfFilter = z.string().max(8192).refine(noNul, 'filter contains NUL');

export const captureRequestSchemas = {
  /** libpcap's interfaces with their addresses. */
  listInterfaces: z.object({}).strict(),
  /** Packets each interface has sent and received so far (the dialog's sparklines take differences). */
  interfaceCounters: z.object({}).strict(),
  /** Compiles a BPF capture filter with libpcap, without capturing. */
  validateCaptureFilter: z.object({ filter: bpfFilter }).strict(),
  /** Starts a live capture into the case (`wirewho capture`): a pcapng ring indexed as it grows. */
  startCapture: z.object({
    interfaces: z.array(interfaceName).min(1).max(64),
    filter: bpfFilter.optional(),
    snaplen: z.number().int().min(16).max(262_144).optional(),
    promiscuous: z.boolean().optional(),
    /** Ring: a new file after this many MB (10^6 bytes) ... */
    ringFileMegabytes: z.number().positive().max(1_000_000).optional(),
    /** ... or after this many seconds ... */
    ringFileSeconds: z.number().positive().max(31_536_000).optional(),
    /** ... keeping at most this many files (the oldest are removed). */
    ringFiles: z.number().int().min(1).max(100_000).optional(),
    /** Stop after this many seconds, or after this many frames. */
    durationSeconds: z.number().positive().max(31_536_000).optional(),
    count: z.number().int().min(1).max(2 ** 40).optional(),
  }).strict(),
  /** Stops the running capture (or command); the files are finalised and fully indexed. */
  stopCapture: z.object({}).strict(),
  /** The running (or last) capture. */
  captureStatus: z.object({}).strict(),
  /**
   * Runs `command` through /bin/sh and indexes its standard output as a pcap/pcapng stream (like
   * `wirewho ingest - --live`); its standard error is shown. Ends when the command exits.
   */
  startCommandCapture: z.object({ command: z.string().min(1).max(8192).refine(noNul, 'command contains NUL') }).strict(),
} as const;

export type StartCaptureArgs = z.infer<typeof captureRequestSchemas.startCapture>;

export interface CaptureAddressDto {
  address: string;
  netmask: string | null;
  family: 'inet' | 'inet6' | 'other';
}

export interface CaptureInterfaceDto {
  name: string;
  description: string | null;
  loopback: boolean;
  up: boolean;
  running: boolean;
  addresses: CaptureAddressDto[];
}

export interface CaptureInterfacesDto {
  interfaces: CaptureInterfaceDto[];
  /** Why live capture is not possible here (no libpcap support built), or null. */
  unavailable: string | null;
}

export interface InterfaceCountersDto {
  /** When the counters were read (ms since the epoch). */
  at: number;
  /** Where they come from ('/proc/net/dev'), or null when this OS offers no cheap counter. */
  source: string | null;
  counters: { name: string; rxPackets: number; txPackets: number }[];
}

export interface CaptureFilterCheckDto {
  ok: boolean;
  /** libpcap's error, e.g. `syntax error`. */
  message: string | null;
}

export type CaptureKind = 'interfaces' | 'command';
export type CaptureState = 'idle' | 'running' | 'stopping' | 'finished' | 'failed';

export interface CaptureInterfaceStatsDto {
  name: string;
  /** libpcap's ps_recv / ps_drop / ps_ifdrop. */
  received: number;
  dropped: number;
  ifDropped: number;
  frames: number;
  bytes: number;
}

/** The running (or last finished) capture, as the dialog and the status bar show it. */
export interface CaptureStatusDto {
  state: CaptureState;
  kind: CaptureKind | null;
  interfaces: string[];
  filter: string | null;
  command: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** Frames received (written to the ring, or parsed from the command's output). */
  frames: number;
  bytes: number;
  /** Frames now in the case index. */
  indexed: number;
  /** Dropped by the kernel or the interface (sum over interfaces). */
  drops: number;
  perInterface: CaptureInterfaceStatsDto[];
  /** Live attribution: flows seen and how they were attributed. */
  attribution: { flows: number; exact: number; late: number; unknown: number } | null;
  /** Whether the kernel's socket hooks (eBPF) name processes, or why not. */
  kernelHooks: { active: boolean; reason: string | null } | null;
  files: string[];
  /** Why it ended: stopped, count, duration, exited, error, helper-died, disk-full. */
  reason: string | null;
  /** What went wrong, for the user. */
  message: string | null;
  /** What to do about it (missing capture rights: how to grant them). */
  hint: string | null;
  warnings: string[];
  /** The command's standard error (its last 32 KiB). */
  stderr: string;
  exitCode: number | null;
  exitSignal: string | null;
}

export interface CaptureResults {
  listInterfaces: CaptureInterfacesDto;
  interfaceCounters: InterfaceCountersDto;
  validateCaptureFilter: CaptureFilterCheckDto;
  startCapture: CaptureStatusDto;
  stopCapture: CaptureStatusDto;
  captureStatus: CaptureStatusDto;
  startCommandCapture: CaptureStatusDto;
}
