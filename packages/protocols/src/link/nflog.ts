/**
 * Linux NFLOG (LINKTYPE_NFLOG): 4-byte header (family, version, resource id) then TLVs whose
 * length/type are in host byte order; TLV type 9 (NFULA_PAYLOAD) holds the IP packet.
 */
import { Cursor, markTruncated } from '../cursor.js';
import { summarizeIPv4, dissectIPv4 } from '../ipv4.js';
import { summarizeIPv6, dissectIPv6 } from '../ipv6.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';

const NFULA_PAYLOAD = 9;
/** A packet cannot hold more TLVs than this; the bound also guards against zero-length loops. */
const MAX_TLVS = 256;

/** Finds the payload TLV: returns [valueStart, valueEnd] or undefined. */
function findPayload(d: Uint8Array, o: number, cap: number): [number, number] | undefined {
  let p = o + 4;
  for (let i = 0; i < MAX_TLVS && p + 4 <= cap; i++) {
    let len = d[p] | (d[p + 1] << 8);
    let type = d[p + 2] | (d[p + 3] << 8);
    if (len < 4 || (len > 0xff && ((d[p] << 8) | d[p + 1]) >= 4 && ((d[p] << 8) | d[p + 1]) < len)) {
      // Implausible as little-endian: the capturing host was big-endian.
      len = (d[p] << 8) | d[p + 1];
      type = (d[p + 2] << 8) | d[p + 3];
    }
    if (len < 4) return undefined;
    if ((type & 0x7fff) === NFULA_PAYLOAD) return [p + 4, p + len];
    p += (len + 3) & ~3;
  }
  return undefined;
}

export function summarizeNflog(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols = 'nflog';
  s.protocol = 'NFLOG';
  if (o + 4 > c.cap) {
    markTruncated(s, c, o + 4, 'NFLOG');
    return;
  }
  const family = d[o];
  const pl = findPayload(d, o, c.cap);
  if (!pl) return;
  c.off = pl[0];
  if (pl[1] < c.rep) c.rep = pl[1];
  if (c.rep < c.cap) c.cap = c.rep;
  const v = c.off < c.cap ? d[c.off] >> 4 : 0;
  if (family === 2 || (family !== 10 && v === 4)) summarizeIPv4(s, c);
  else if (family === 10 || v === 6) summarizeIPv6(s, c);
  else if (c.off < c.rep) s.protocols += ':data';
}

export function dissectNflog(c: DCursor): void {
  const o = c.off;
  c.layer = 'NFLOG';
  const n = c.layerNode('Linux Netfilter NFLOG', 'nflog', o, 4);
  const family = c.u8(o);
  add(n, `Family: ${family === 2 ? 'IPv4' : family === 10 ? 'IPv6' : 'Unknown'} (${family})`, 'nflog.family', String(family), o, 1);
  add(n, `Version: ${c.u8(o + 1)}`, 'nflog.version', String(c.d[o + 1]), o + 1, 1);
  add(n, `Resource id: ${c.u16(o + 2)}`, 'nflog.res_id', String(c.u16(o + 2)), o + 2, 2);
  const pl = findPayload(c.d, o, c.cap);
  if (!pl) {
    addData(c, o + 4, c.rep);
    return;
  }
  n.length = pl[0] - o;
  c.off = pl[0];
  if (pl[1] < c.rep) c.rep = pl[1];
  if (c.rep < c.cap) c.cap = c.rep;
  const v = c.u8(c.off) >> 4;
  if (family === 2 || (family !== 10 && v === 4)) dissectIPv4(c);
  else if (family === 10 || v === 6) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}
