/**
 * Loads the libpcap addon (native/pcap_addon.cc, built by `pnpm install`) and types what it hands
 * over. Only this package touches libpcap.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeAddress { family: 'inet' | 'inet6'; address: string; netmask?: string }
export interface NativeInterface {
  name: string;
  description?: string;
  loopback: boolean;
  up: boolean;
  running: boolean;
  addresses: NativeAddress[];
}
export interface PcapStats { recv: number; drop: number; ifdrop: number }
export interface ReadResult {
  count: number;
  bytes: number;
  /** breakLoop() was called: no more reads. */
  ended: boolean;
  stats: PcapStats | null;
  /** The batch is good but the handle failed after it (e.g. the interface went away). */
  errorCode?: string;
  errorMessage?: string;
}
export interface OpenOptions {
  device: string;
  snaplen: number;
  promisc: boolean;
  bufferSize: number;
  /** Kernel block timeout (TPACKET_V3 retire time), ms. */
  timeoutMs: number;
  filter?: string;
  immediate?: boolean;
}
export interface PcapHandle {
  readonly linkType: number;
  readonly snaplen: number;
  readonly nanosecond: boolean;
  readonly warning?: string;
  read(buffer: Buffer, cb: (err: (Error & { code?: string }) | null, r: ReadResult) => void): void;
  stats(): PcapStats | null;
  breakLoop(): void;
  close(): void;
}
/** Kernel socket-ownership hooks (native/socket_tracer.cc); the constructor attaches them. */
export interface SocketTracerHandle {
  /** Attached hooks. */
  readonly hooks: number;
  /** 40-byte flow key → 40-byte owner record, or null. */
  lookup(key: Buffer): Buffer | null;
  close(): void;
}
export interface PcapAddon {
  listInterfaces(): NativeInterface[];
  compileFilter(linkType: number, snaplen: number, expr: string): string | null;
  libVersion(): string;
  PcapHandle: new (o: OpenOptions) => PcapHandle;
  SocketTracer: new (cgroup2Root: string) => SocketTracerHandle;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const ADDON_PATH = path.join(here, '..', 'build', 'Release', 'wirewho_pcap.node');

let addon: PcapAddon | undefined;

export class CaptureUnavailableError extends Error {
  readonly code = 'ENOADDON';
}

export function pcapAddon(): PcapAddon {
  if (addon !== undefined) return addon;
  if (!existsSync(ADDON_PATH)) {
    throw new CaptureUnavailableError('live capture is not built: install libpcap-dev (Debian/Ubuntu: sudo apt-get install libpcap-dev) and run pnpm install');
  }
  addon = createRequire(import.meta.url)(ADDON_PATH) as PcapAddon;
  return addon;
}
