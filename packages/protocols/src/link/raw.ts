/**
 * Raw IP link types: LINKTYPE_RAW (101, and the historic DLT_RAW values 12/14) picks IPv4 or IPv6
 * by the version nibble; LINKTYPE_IPV4 (228) and LINKTYPE_IPV6 (229) are fixed.
 */
import { Cursor, markTruncated } from '../cursor.js';
import { summarizeIPv4, dissectIPv4 } from '../ipv4.js';
import { summarizeIPv6, dissectIPv6 } from '../ipv6.js';
import { DCursor, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';

export function summarizeRaw(s: FrameSummary, c: Cursor): void {
  s.protocols = 'raw';
  s.protocol = 'Raw';
  if (c.off + 1 > c.cap) {
    markTruncated(s, c, c.off + 1, 'Raw');
    return;
  }
  const v = c.d[c.off] >> 4;
  if (v === 4) summarizeIPv4(s, c);
  else if (v === 6) summarizeIPv6(s, c);
  else {
    s.info = 'Raw packet data';
    s.protocols += ':data';
  }
}

export function dissectRaw(c: DCursor): void {
  c.layer = 'Raw';
  c.layerNode('Raw packet data', 'raw', c.off, 0);
  const v = c.u8(c.off) >> 4;
  if (v === 4) dissectIPv4(c);
  else if (v === 6) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}

/** LINKTYPE_IPV4 / LINKTYPE_IPV6: the frame is the IP packet, no link layer at all. */
export function summarizeRawFixed(s: FrameSummary, c: Cursor, version: 4 | 6): void {
  s.protocols = '';
  if (version === 4) summarizeIPv4(s, c);
  else summarizeIPv6(s, c);
}

export function dissectRawFixed(c: DCursor, version: 4 | 6): void {
  if (version === 4) dissectIPv4(c);
  else dissectIPv6(c);
}
