/** TCP and UDP headers: the fields reassembly and stream numbering read. */
import { u16, u32 } from '../bytes.js';

/** A decoded TCP header (reused record). */
export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** tcp.flags: low 12 bits of bytes 12-13 (FIN 0x01 ... CWR 0x80, NS 0x100). */
  flags: number;
  window: number;
  /** Header length in bytes (data offset * 4). */
  headerLength: number;
}

export function newTcpHeader(): TcpHeader {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0 };
}

/**
 * How much of a TCP header `avail` bytes give: 'none' (< 16 bytes: tshark assigns no stream),
 * 'partial' (ports/seq/flags/window readable: a stream number but no reassembly), 'full'.
 */
export type TcpHeaderState = 'none' | 'partial' | 'full';

/** Decodes the TCP header at `o`, `avail` captured bytes from there. */
export function decodeTcp(d: Uint8Array, o: number, avail: number, t: TcpHeader): TcpHeaderState {
  if (avail < 16) return 'none';
  t.srcPort = u16(d, o);
  t.dstPort = u16(d, o + 2);
  t.seq = u32(d, o + 4);
  t.ack = u32(d, o + 8);
  t.flags = u16(d, o + 12) & 0x0fff;
  t.window = u16(d, o + 14);
  t.headerLength = (d[o + 12] >> 4) * 4;
  if (t.headerLength < 20 || avail < t.headerLength) return 'partial';
  return 'full';
}

/** A decoded UDP header (reused record). */
export interface UdpHeader {
  srcPort: number;
  dstPort: number;
  /** The UDP Length field (header + payload). */
  length: number;
}

export function newUdpHeader(): UdpHeader {
  return { srcPort: 0, dstPort: 0, length: 0 };
}

/** Decodes the UDP header at `o`; false when fewer than 8 bytes are there. */
export function decodeUdp(d: Uint8Array, o: number, avail: number, u: UdpHeader): boolean {
  if (avail < 8) return false;
  u.srcPort = u16(d, o);
  u.dstPort = u16(d, o + 2);
  u.length = u16(d, o + 4);
  return true;
}

/**
 * Whether the options of the full TCP header at `o` (header length `hl`) include an AccECN option:
 * kind 172 / 174, or the experimental kind 254 with ExID 0xACC0 / 0xACC1 (what Wireshark 4.0
 * dissects as "Accurate ECN").
 */
export function hasAccEcnOption(d: Uint8Array, o: number, hl: number): boolean {
  const end = o + hl;
  let p = o + 20;
  while (p < end) {
    const kind = d[p];
    if (kind === 0) return false;
    if (kind === 1) { p++; continue; }
    if (p + 1 >= end) return false;
    const len = d[p + 1];
    if (len < 2 || p + len > end) return false;
    if (kind === 172 || kind === 174) return true;
    if (kind === 254 && len >= 4 && d[p + 2] === 0xac && (d[p + 3] === 0xc0 || d[p + 3] === 0xc1)) return true;
    p += len;
  }
  return false;
}
