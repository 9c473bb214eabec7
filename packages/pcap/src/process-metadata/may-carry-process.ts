/**
 * A cheap test run on every frame before processFromFrame: false means the frame carries no process
 * metadata of any kind we read, so ingest skips the full decoding (and its allocations). True may
 * still yield no attribution. Most frames answer false after a few field reads.
 */
import { LINKTYPE_ETHERNET, LINKTYPE_PKTAP } from '../linktypes.js';
import type { FrameRecord } from '../types.js';
import { TCPSHARK_FCS_LEN, TCPSHARK_MIN_FRAME, TCPSHARK_TRAILER_MIN } from './tcpshark-trailer.js';

export function mayCarryProcess(f: FrameRecord): boolean {
  if (f.comments !== undefined || f.processId !== undefined || f.appleProcessIndex !== undefined) return true;
  if (f.linkType === LINKTYPE_PKTAP) return true;
  return f.linkType === LINKTYPE_ETHERNET && mayHaveTcpsharkTrailer(f.data);
}

/**
 * Whether an Ethernet frame has room for a tcpshark trailer behind its IP packet: at least
 * max(L3 end, 60) + 11 + 4 bytes. Ordinary frames end at their IP packet (or at 60 with padding).
 * VLAN-tagged frames are left to the full check.
 */
export function mayHaveTcpsharkTrailer(d: Uint8Array): boolean {
  const n = d.length;
  if (n < TCPSHARK_MIN_FRAME + TCPSHARK_TRAILER_MIN + TCPSHARK_FCS_LEN) return false;
  const type = (d[12] << 8) | d[13];
  let end: number;
  if (type === 0x0800) end = 14 + ((d[16] << 8) | d[17]);
  else if (type === 0x86dd) end = 54 + ((d[18] << 8) | d[19]);
  else if (type === 0x8100 || type === 0x88a8) return true;
  else return false;
  return n >= (end > TCPSHARK_MIN_FRAME ? end : TCPSHARK_MIN_FRAME) + TCPSHARK_TRAILER_MIN + TCPSHARK_FCS_LEN;
}
