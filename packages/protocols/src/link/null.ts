/**
 * BSD loopback: LINKTYPE_NULL (4-byte address family in the capturing host's byte order) and
 * LINKTYPE_LOOP (the same, always big-endian). AF 2 is IPv4; 10/24/28/30 are IPv6 on
 * Linux/NetBSD-OpenBSD/FreeBSD/Darwin.
 */
import { Cursor, markTruncated } from '../cursor.js';
import { dissectEtherPayload, summarizeEtherPayload } from '../ethertype.js';
import { be32, le32 } from '../format.js';
import { summarizeIPv4, dissectIPv4 } from '../ipv4.js';
import { summarizeIPv6, dissectIPv6 } from '../ipv6.js';
import { AF_NAMES, etherTypeLabel } from '../names.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';
import { dissectPpp, summarizePpp } from './ppp.js';

/**
 * The address family (or, for odd writers, EtherType) value, undoing a foreign host byte order with
 * Wireshark's heuristics (packet-null.c): AF values are small, so set high bits mean "swapped" or
 * "a 16-bit value in the wrong half".
 */
export function nullFamily(d: Uint8Array, o: number, bigEndian: boolean): number {
  if (bigEndian) return be32(d, o);
  let v = le32(d, o);
  if ((v & 0xffff0000) !== 0) {
    // IRIX-style 16-bit AF in the first two bytes, else a big-endian writer.
    if ((v & 0xff000000) === 0 && (v & 0x00ff0000) < 0x00060000) v = v >>> 16;
    else v = be32(d, o);
  } else if ((v & 0xffff) !== 0 && (v & 0xff) === 0 && (v & 0xff00) < 0x0600) {
    v = v >>> 8; // a byte-swapped 16-bit AF
  }
  return v;
}

function isIPv6Family(af: number): boolean {
  return af === 10 || af === 24 || af === 28 || af === 30;
}

export function summarizeNull(s: FrameSummary, c: Cursor, bigEndian: boolean): void {
  const d = c.d, o = c.off;
  s.protocols = 'null';
  s.protocol = 'NULL';
  if (o + 2 <= c.cap && d[o] === 0xff && d[o + 1] === 0x03) {
    // PPP in HDLC-like framing captured on a BSD PPP interface.
    summarizePpp(s, c);
    s.protocols = 'null:' + s.protocols;
    return;
  }
  if (o + 4 > c.cap) {
    markTruncated(s, c, o + 4, 'NULL');
    return;
  }
  const af = nullFamily(d, o, bigEndian);
  c.off = o + 4;
  if (af > 1500) {
    // Some capture code wrote an EtherType instead of an AF; like Wireshark, only 16 bits count.
    summarizeEtherPayload(s, c, af & 0xffff, '', true);
  } else if (af === 2) summarizeIPv4(s, c);
  else if (isIPv6Family(af)) summarizeIPv6(s, c);
  else {
    s.info = `Unknown address family ${af}`;
    if (c.off < c.rep) s.protocols += ':data';
  }
}

export function dissectNull(c: DCursor, bigEndian: boolean): void {
  const o = c.off;
  c.layer = 'NULL';
  if (c.cap >= o + 2 && c.d[o] === 0xff && c.d[o + 1] === 0x03) {
    dissectPpp(c);
    return;
  }
  const n = c.layerNode('Null/Loopback', 'null', o, 4);
  c.need(o, 4);
  const af = nullFamily(c.d, o, bigEndian);
  c.off = o + 4;
  if (af > 1500) {
    add(n, `Type: ${etherTypeLabel(af & 0xffff)}`, 'null.type', String(af & 0xffff), o, 4);
    dissectEtherPayload(c, af & 0xffff, n);
    return;
  }
  add(n, `Family: ${AF_NAMES.get(af) ?? 'Unknown'} (${af})`, 'null.family', String(af), o, 4);
  if (af === 2) dissectIPv4(c);
  else if (isIPv6Family(af)) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}
