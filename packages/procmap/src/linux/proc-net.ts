/**
 * /proc/net/{tcp,tcp6,udp,udp6} (PROCESS-METADATA.md §4.1; kernel proc_net_tcp.rst). Columns are
 * whitespace-separated after the header: 1 local ADDR:PORT, 2 remote, 3 state (hex), 7 uid, 9 inode
 * (decimal; 0 for TIME_WAIT and request sockets). Ports are plain hex. Addresses are 32-bit words
 * printed with %08X in host order: on little-endian hosts each 4-byte group comes out reversed
 * (0100007F = 127.0.0.1; ::1 = 00000000000000000000000001000000), so bytes are reversed within
 * each 8-digit group, never across the 16 bytes.
 */
import { formatIp } from '../ip.js';
import type { Proto, SocketRow } from '../types.js';

export const TCP_ESTABLISHED = 0x01;
export const TCP_SYN_RECV = 0x03;
export const TCP_TIME_WAIT = 0x06;
export const TCP_LISTEN = 0x0a;

export interface ProcNetSocket extends SocketRow {
  state: number;
  uid: number;
  /** 0 when no file holds the socket (TIME_WAIT, not yet accepted, orphaned). */
  inode: number;
}

/** ADDR hex (8 or 32 digits) → bytes in network order. */
export function decodeProcNetAddress(hex: string, littleEndian: boolean): Uint8Array | undefined {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let g = 0; g < hex.length; g += 8) {
    for (let i = 0; i < 4; i++) {
      const byte = parseInt(hex.slice(g + 2 * i, g + 2 * i + 2), 16);
      out[g / 2 + (littleEndian ? 3 - i : i)] = byte;
    }
  }
  return out;
}

function endpoint(s: string, le: boolean): [string, number] | undefined {
  const colon = s.indexOf(':');
  if (colon < 0) return undefined;
  const addr = decodeProcNetAddress(s.slice(0, colon), le);
  const portHex = s.slice(colon + 1);
  if (addr === undefined || !/^[0-9A-Fa-f]{1,4}$/.test(portHex)) return undefined;
  return [formatIp(addr), parseInt(portHex, 16)];
}

/** Parses one file's text; malformed lines are skipped. `ipv6` marks tcp6/udp6. */
export function parseProcNet(text: string, proto: Proto, ipv6: boolean, littleEndian: boolean): ProcNetSocket[] {
  const out: ProcNetSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const cols = lines[i].trim().split(/\s+/);
    if (cols.length < 10) continue;
    const local = endpoint(cols[1], littleEndian);
    const remote = endpoint(cols[2], littleEndian);
    const state = parseInt(cols[3], 16);
    const uid = Number(cols[7]);
    const inode = Number(cols[9]);
    if (local === undefined || remote === undefined || !Number.isFinite(state) || !Number.isInteger(uid) || !Number.isInteger(inode)) continue;
    out.push({
      proto, localAddr: local[0], localPort: local[1], remoteAddr: remote[0], remotePort: remote[1],
      listening: proto === 'tcp' && state === TCP_LISTEN, ipv6Socket: ipv6, state, uid, inode,
    });
  }
  return out;
}

/**
 * Inodes listed in a non-inet socket table: /proc/net/unix (column 6) or /proc/net/netlink
 * (column 9). Used to stop looking for such sockets in the TCP/UDP tables.
 */
export function parseSocketInodes(text: string, column: number): Set<number> {
  const out = new Set<number>();
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const n = Number(lines[i].trim().split(/\s+/)[column]);
    if (Number.isSafeInteger(n) && n > 0) out.add(n);
  }
  return out;
}
