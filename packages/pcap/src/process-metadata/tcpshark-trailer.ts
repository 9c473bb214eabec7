/**
 * tcpshark's Ethernet trailer (PROCESS-METADATA.md §1.2–§1.5): the rebuilt frame is
 * [Ethernet][L3 packet][zero padding up to 60 bytes][trailer][4 zero bytes of fake FCS], the trailer
 * being magic A1 BF F3 D4, PID u32, CmdLen u8, Cmd, ArgsLen u16, Args — all big-endian. It starts
 * at max(14 + L3 length, 60) (behind VLAN tags: max(end of the L3 packet, 60)), which tcpshark's
 * own Lua dissector gets wrong for short frames. Non-TCP/UDP frames carry 11 zero bytes instead
 * (magic 0): "tcpshark, no process".
 */
import { ethernetL3Extent } from './ethernet-l3.js';

export const TCPSHARK_MAGIC = 0xa1bff3d4;
/** Ethernet minimum frame size without FCS: tcpshark pads up to it before the trailer. */
export const TCPSHARK_MIN_FRAME = 60;
/** magic + pid + CmdLen + ArgsLen. */
export const TCPSHARK_TRAILER_MIN = 11;
export const TCPSHARK_FCS_LEN = 4;

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

export interface TcpsharkTrailer {
  /** 'process': magic present (pid may still be 0 = unknown); 'no-process': the all-zero form. */
  kind: 'process' | 'no-process';
  pid: number;
  cmd: string;
  args: string;
  /** End of the L3 packet: payload stops here, whatever follows. */
  l3End: number;
  /** First trailer byte (the magic); bytes in [l3End, start) are zero padding. */
  start: number;
  /** Just past Args (or the captured bytes, when truncated). */
  end: number;
  /** Just past the fake FCS when the 4 zero bytes are there, else = end. */
  frameEnd: number;
  /** The frame was snapped inside the trailer: Cmd/Args are what was captured. */
  truncated: boolean;
}

const latin1 = new TextDecoder('latin1');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** tcpshark writes comm/cmdline bytes as they are; decode as UTF-8 when valid, else byte-per-char. */
function text(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

/**
 * Finds and reads a tcpshark trailer in an Ethernet frame. `origLen` (the frame's original length)
 * tells a frame snapped inside the trailer from a malformed one; a trailer whose lengths run past
 * an unsnapped frame is rejected (undefined), as is anything that is not IPv4/IPv6/ARP.
 */
export function findTcpsharkTrailer(data: Uint8Array, origLen = data.length): TcpsharkTrailer | undefined {
  const l3 = ethernetL3Extent(data);
  if (l3 === undefined) return undefined;
  const start = Math.max(l3.end, TCPSHARK_MIN_FRAME);
  const snapped = data.length < origLen;
  if (start + 4 > data.length) return undefined;
  for (let i = l3.end; i < start; i++) if (data[i] !== 0) return undefined; // padding is zeros
  const magic = ((data[start] << 24) | (data[start + 1] << 16) | (data[start + 2] << 8) | data[start + 3]) >>> 0;
  if (magic === 0) return zeroTrailer(data, l3.end, start, l3.ipProtocol);
  if (magic !== TCPSHARK_MAGIC) return undefined;

  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const avail = data.length;
  const need = (n: number): boolean => n <= avail;
  const base = { kind: 'process' as const, l3End: l3.end, start };
  if (!need(start + 8)) return snapped ? { ...base, pid: 0, cmd: '', args: '', end: avail, frameEnd: avail, truncated: true } : undefined;
  const pid = view.getUint32(start + 4);
  if (!need(start + 9)) return snapped ? { ...base, pid, cmd: '', args: '', end: avail, frameEnd: avail, truncated: true } : undefined;
  const cmdLen = data[start + 8];
  const cmdEnd = start + 9 + cmdLen;
  if (!need(cmdEnd + 2)) {
    if (!snapped) return undefined;
    return { ...base, pid, cmd: text(data.subarray(start + 9, Math.min(cmdEnd, avail))), args: '', end: avail, frameEnd: avail, truncated: true };
  }
  const cmd = text(data.subarray(start + 9, cmdEnd));
  const argsLen = view.getUint16(cmdEnd);
  const argsEnd = cmdEnd + 2 + argsLen;
  if (!need(argsEnd)) {
    if (!snapped) return undefined;
    return { ...base, pid, cmd, args: text(data.subarray(cmdEnd + 2, avail)), end: avail, frameEnd: avail, truncated: true };
  }
  const args = text(data.subarray(cmdEnd + 2, argsEnd));
  return { ...base, pid, cmd, args, end: argsEnd, frameEnd: fcsEnd(data, argsEnd), truncated: false };
}

/**
 * The 11 zero bytes tcpshark appends to non-TCP/UDP frames. Zeros are also what ordinary padding
 * looks like, so this form is accepted only when the frame is exactly padding + 11 + 4 zero bytes
 * long and the L3 protocol is not TCP/UDP (which always get the magic).
 */
function zeroTrailer(data: Uint8Array, l3End: number, start: number, ipProtocol: number | undefined): TcpsharkTrailer | undefined {
  const end = start + TCPSHARK_TRAILER_MIN;
  if (ipProtocol === IPPROTO_TCP || ipProtocol === IPPROTO_UDP) return undefined;
  if (data.length !== end + TCPSHARK_FCS_LEN) return undefined;
  for (let i = start; i < data.length; i++) if (data[i] !== 0) return undefined;
  return { kind: 'no-process', pid: 0, cmd: '', args: '', l3End, start, end, frameEnd: data.length, truncated: false };
}

function fcsEnd(data: Uint8Array, end: number): number {
  if (end + TCPSHARK_FCS_LEN > data.length) return end;
  for (let i = end; i < end + TCPSHARK_FCS_LEN; i++) if (data[i] !== 0) return end;
  return end + TCPSHARK_FCS_LEN;
}

