/**
 * Writes frames the way tcpshark does (PROCESS-METADATA.md §1.2–§1.3), for tcpshark.lua users who
 * ask for it: this alters frame bytes, so it is never the default export. Two deliberate departures,
 * both to keep the result readable: Cmd is capped at 255 bytes and Args at 65535 (tcpshark stores
 * the length mod 256 / mod 65536 but writes every byte, which leaves an unparseable trailer).
 */
import { ethernetL3Extent } from './ethernet-l3.js';
import { TCPSHARK_FCS_LEN, TCPSHARK_MAGIC, TCPSHARK_MIN_FRAME, TCPSHARK_TRAILER_MIN } from './tcpshark-trailer.js';

export interface TcpsharkTrailerInfo {
  pid: number;
  /** Process name (tcpshark -v 1/2); empty for -v 0. */
  cmd?: string;
  /** Command line joined by spaces (tcpshark -v 2). */
  args?: string;
}

const encoder = new TextEncoder();
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/** UTF-8 bytes of s, cut to at most max bytes without splitting a character. */
function cappedUtf8(s: string, max: number): Uint8Array {
  const b = encoder.encode(s);
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end] & 0xc0) === 0x80) end--; // back to a character boundary
  return b.subarray(0, end);
}

/** The trailer struct alone; undefined info gives tcpshark's 11 zero bytes. */
export function encodeTcpsharkTrailer(info: TcpsharkTrailerInfo | undefined): Uint8Array {
  if (info === undefined) return new Uint8Array(TCPSHARK_TRAILER_MIN);
  if (!Number.isInteger(info.pid) || info.pid < 0 || info.pid > 0xffffffff) throw new RangeError(`pid must be a u32, got ${info.pid}`);
  const cmd = cappedUtf8(info.cmd ?? '', 0xff);
  const args = cappedUtf8(info.args ?? '', 0xffff);
  const out = new Uint8Array(TCPSHARK_TRAILER_MIN + cmd.length + args.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, TCPSHARK_MAGIC);
  dv.setUint32(4, info.pid);
  out[8] = cmd.length;
  out.set(cmd, 9);
  dv.setUint16(9 + cmd.length, args.length);
  out.set(args, 11 + cmd.length);
  return out;
}

/**
 * The frame as tcpshark writes it: cut at the end of the L3 packet (dropping any original padding
 * or FCS), zero-padded to 60 bytes, trailer, 4 zero bytes. `info` null means "no process known":
 * TCP/UDP frames then carry the magic with PID 0 and the rest the all-zero trailer, as in tcpshark.
 * Throws for frames whose L3 packet can't be delimited or isn't fully captured.
 */
export function buildTcpsharkFrame(frame: Uint8Array, info: TcpsharkTrailerInfo | null): Uint8Array {
  const l3 = ethernetL3Extent(frame);
  if (l3 === undefined) throw new RangeError('not an Ethernet frame with an IPv4, IPv6 or ARP packet');
  if (l3.end > frame.length) throw new RangeError(`L3 packet ends at ${l3.end}, past the ${frame.length} captured bytes`);
  const transport = l3.ipProtocol === IPPROTO_TCP || l3.ipProtocol === IPPROTO_UDP;
  const trailer = encodeTcpsharkTrailer(info ?? (transport ? { pid: 0 } : undefined));
  const start = Math.max(l3.end, TCPSHARK_MIN_FRAME);
  const out = new Uint8Array(start + trailer.length + TCPSHARK_FCS_LEN); // zero-filled: padding and fake FCS
  out.set(frame.subarray(0, l3.end), 0);
  out.set(trailer, start);
  return out;
}
