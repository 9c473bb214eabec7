/**
 * The pipe between the capture helper (privileged) and its parent. Helper → parent on stdout:
 * messages [type u8][0 u8 ×3][length u32 LE][payload]; JSON payloads are UTF-8 (bigints as decimal
 * strings), FRAMES is binary. Parent → helper on stdin: one JSON command per line — the helper reads
 * nothing else, so only the process that spawned it can command it.
 */
import type { AttributionMode } from '../attributor.js';

export const MSG_HELLO = 1;
export const MSG_FRAMES = 2;
export const MSG_PROCESS = 3;
export const MSG_FLOW = 4;
export const MSG_STATS = 5;
export const MSG_ERROR = 6;
export const MSG_END = 7;

export const HEADER_BYTES = 8;
/**
 * FRAMES payload: [iface u16][0 u16][count u32][count × tag: pid u32, confidence u8, 0 u8 ×3]
 * [records as the addon packs them: sec u32, nsec u32, caplen u32, origlen u32, data padded to 4].
 */
export const TAG_BYTES = 8;
export const RECORD_HEADER_BYTES = 16;
export const CONFIDENCE_CODES = ['none', 'exact', 'late', 'unknown'] as const;

export interface HelperInterfaceOptions {
  name: string;
  filter?: string;
  snaplen?: number;
  promisc?: boolean;
  bufferSize?: number;
}

export interface StartCommand {
  cmd: 'start';
  interfaces: HelperInterfaceOptions[];
  attribution: AttributionMode;
  compareTcpshark?: boolean;
  /** Stop by itself after this many frames (all interfaces). */
  count?: number;
}
export type HelperCommand = StartCommand | { cmd: 'stop' } | { cmd: 'stats' };

export interface HelloInterface {
  name: string;
  /** LINKTYPE_* as stored in files. */
  linkType: number;
  snaplen: number;
  nanosecond: boolean;
  filter?: string;
  warning?: string;
}
export interface HelloMessage {
  pid: number;
  libpcap: string;
  interfaces: HelloInterface[];
  /** Whether the kernel's socket hooks (eBPF) attribute flows, or why not (then /proc lookups alone). */
  kernelHooks?: { active: boolean; reason?: string };
}
export interface StatsMessage {
  interfaces: { name: string; recv: number; drop: number; ifdrop: number; frames: number; bytes: number }[];
  attribution: { flows: number; lookups: number; exact: number; late: number; unknown: number };
}
export interface ErrorMessage {
  /** EPERM (no capture rights), ENODEV (interface gone), EFILTER, EPCAP, ... */
  code: string;
  message: string;
  interface?: string;
  fatal: boolean;
}
export interface EndMessage { reason: 'stopped' | 'count' | 'error' | 'parent-gone' }

export function encodeMessage(type: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out.writeUInt32LE(type, 0);
  out.writeUInt32LE(payload.length, 4);
  out.set(payload, HEADER_BYTES);
  return out;
}

export function encodeJson(type: number, value: unknown): Buffer {
  return encodeMessage(type, Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))));
}

/** Splits a byte stream into messages (chunk-boundary safe). */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer, onMessage: (type: number, payload: Buffer) => void): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let o = 0;
    while (buf.length - o >= HEADER_BYTES) {
      const type = buf.readUInt32LE(o) & 0xff;
      const len = buf.readUInt32LE(o + 4);
      if (buf.length - o - HEADER_BYTES < len) break;
      onMessage(type, buf.subarray(o + HEADER_BYTES, o + HEADER_BYTES + len));
      o += HEADER_BYTES + len;
    }
    buf = buf.subarray(o);
    // Copy the tail: the chunk it views may be reused by the stream.
    this.pending = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
  }

  get buffered(): number {
    return this.pending.length;
  }
}
