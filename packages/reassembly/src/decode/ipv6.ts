/** IPv6 header and extension chain, including the fragment header and jumbo payload option. */
import { u16, u32 } from '../bytes.js';
import type { IpHeader } from './ip-header.js';

const HOP_BY_HOP = 0, ROUTING = 43, FRAGMENT = 44, ESP = 50, AH = 51, NO_NEXT = 59, DEST_OPTS = 60;
const MOBILITY = 135, HIP = 139, SHIM6 = 140;

/** True for extension headers with the generic (next, length-in-8-octets) layout. */
function isGenericExtension(nh: number): boolean {
  return nh === HOP_BY_HOP || nh === ROUTING || nh === DEST_OPTS || nh === MOBILITY || nh === HIP || nh === SHIM6;
}

/** Jumbo Payload option (RFC 2675) inside a hop-by-hop header, or -1. */
function jumboLength(d: Uint8Array, o: number, end: number): number {
  for (let p = o + 2; p < end;) {
    const t = d[p];
    if (t === 0) { p++; continue; } // Pad1
    if (p + 2 > end) break;
    const len = d[p + 1];
    if (t === 0xc2 && len === 4 && p + 6 <= end) return u32(d, p + 2);
    p += 2 + len;
  }
  return -1;
}

/**
 * Walks extension headers from `o` (next header `nh`) up to `end` and returns the upper-layer
 * protocol and its offset in `h` (protocol/payloadOffset); stops at a fragment header and records it.
 * Used both on frames and on reassembled IPv6 payloads.
 */
export function walkIpv6Extensions(d: Uint8Array, o: number, end: number, nh: number, h: IpHeader): boolean {
  const lim = Math.min(end, d.length);
  for (let guard = 0; guard < 32; guard++) {
    if (isGenericExtension(nh) || nh === AH) {
      if (o + 2 > lim) { h.error = 'truncated'; return false; }
      const len = nh === AH ? (d[o + 1] + 2) * 4 : (d[o + 1] + 1) * 8;
      nh = d[o]!;
      o += len;
      continue;
    }
    if (nh === FRAGMENT) {
      if (o + 8 > lim) { h.error = 'truncated'; return false; }
      const f = u16(d, o + 2);
      h.isFragment = true;
      h.protocol = d[o]!;
      h.fragmentOffset = f & 0xfff8;
      h.moreFragments = (f & 1) !== 0;
      h.id = u32(d, o + 4);
      h.payloadOffset = o + 8;
      return true;
    }
    h.protocol = nh;
    h.payloadOffset = o;
    return nh !== ESP && nh !== NO_NEXT;
  }
  h.error = 'extension-chain';
  return false;
}

/**
 * Decodes the IPv6 header at `o`; `reported` is the on-wire length available from `o`.
 * Returns false (with `h.error`) when the header or its extension chain is unusable.
 */
export function decodeIpv6(d: Uint8Array, o: number, reported: number, h: IpHeader): boolean {
  h.family = 6;
  h.offset = o;
  h.isFragment = false;
  h.moreFragments = false;
  h.fragmentOffset = 0;
  h.id = 0;
  if (o + 40 > d.length) { h.error = 'truncated'; return false; }
  if (d[o] >> 4 !== 6) { h.error = 'version'; return false; }
  let plen = u16(d, o + 4);
  const nh = d[o + 6];
  if (plen === 0 && nh === HOP_BY_HOP && o + 48 <= d.length) {
    const j = jumboLength(d, o + 40, Math.min(d.length, o + 40 + (d[o + 41] + 1) * 8));
    plen = j >= 0 ? j : reported - 40; // tshark falls back to the captured length for GSO frames
  } else if (plen === 0) {
    plen = reported - 40;
  }
  h.lengthExceedsFrame = plen > reported - 40;
  if (plen > reported - 40) plen = Math.max(0, reported - 40);
  h.srcOffset = o + 8;
  h.dstOffset = o + 24;
  const end = o + 40 + plen;
  if (!walkIpv6Extensions(d, o + 40, end, nh, h)) return false;
  if (h.payloadOffset > end) { h.error = 'payload-length'; return false; }
  h.payloadLength = end - h.payloadOffset;
  h.payloadCaptured = Math.max(0, Math.min(d.length, end) - h.payloadOffset);
  h.error = '';
  return true;
}
