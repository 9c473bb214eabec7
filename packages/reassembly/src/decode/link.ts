/**
 * Link layers down to the network header. Only what reassembly needs: where the IPv4/IPv6 header
 * starts. Link types are the LINKTYPE_* values stored in files.
 */
import { u16, u16le, u32, u32le } from '../bytes.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MC = 0x8848;

/** Where the network layer starts: `family` 4 or 6, or 0 when the frame carries no IP. */
export interface NetworkLocation {
  family: 0 | 4 | 6;
  offset: number;
}

/** Maps an ethertype to an IP family (0 when not IP). */
export function familyOfEthertype(t: number): 0 | 4 | 6 {
  return t === ETHERTYPE_IPV4 ? 4 : t === ETHERTYPE_IPV6 ? 6 : 0;
}

/** First nibble of the header decides (raw IP link types, MPLS payloads). */
function byVersion(d: Uint8Array, o: number, out: NetworkLocation): NetworkLocation {
  if (o < d.length) {
    const v = d[o] >> 4;
    if (v === 4 || v === 6) {
      out.family = v;
      out.offset = o;
      return out;
    }
  }
  out.family = 0;
  return out;
}

/** After an ethertype at `o - 2`: VLAN tags, PPPoE, MPLS and LLC/SNAP are walked through. */
export function walkEthertype(d: Uint8Array, type: number, o: number, out: NetworkLocation): NetworkLocation {
  for (let guard = 0; guard < 16; guard++) {
    if (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
      if (o + 4 > d.length) break;
      type = u16(d, o + 2);
      o += 4;
      continue;
    }
    if (type === ETHERTYPE_PPPOE_SESSION) {
      if (o + 8 > d.length) break;
      const p = u16(d, o + 6);
      out.family = p === 0x0021 ? 4 : p === 0x0057 ? 6 : 0;
      out.offset = o + 8;
      return out;
    }
    if (type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MC) {
      while (o + 4 <= d.length && (d[o + 2] & 1) === 0) o += 4; // until bottom of stack
      return byVersion(d, o + 4, out);
    }
    const f = familyOfEthertype(type);
    out.family = f;
    out.offset = o;
    return out;
  }
  out.family = 0;
  return out;
}

function ethernet(d: Uint8Array, out: NetworkLocation): NetworkLocation {
  if (d.length < 14) { out.family = 0; return out; }
  const t = u16(d, 12);
  if (t >= 0x600) return walkEthertype(d, t, 14, out);
  // 802.3 length field: only LLC/SNAP (AA AA 03, OUI 0) can carry IP.
  if (d.length >= 22 && d[14] === 0xaa && d[15] === 0xaa && d[16] === 0x03 && d[17] === 0 && d[18] === 0 && d[19] === 0) {
    return walkEthertype(d, u16(d, 20), 22, out);
  }
  out.family = 0;
  return out;
}

/** BSD AF_INET6 differs per OS: 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS); Linux uses 10. */
function afFamily(v: number): 0 | 4 | 6 {
  if (v === 2) return 4;
  if (v === 24 || v === 28 || v === 30 || v === 10) return 6;
  return 0;
}

function nflog(d: Uint8Array, out: NetworkLocation): NetworkLocation {
  out.family = 0;
  if (d.length < 4) return out;
  const fam = d[0] === 2 ? 4 : d[0] === 10 ? 6 : 0;
  // TLVs with host-order (little-endian in practice) length and type, padded to 4 bytes.
  for (let o = 4; o + 4 <= d.length;) {
    const len = u16le(d, o);
    const type = u16le(d, o + 2) & 0x7fff;
    if (len < 4) return out;
    if (type === 9) { // NFULA_PAYLOAD
      if (fam === 0) return byVersion(d, o + 4, out);
      out.family = fam;
      out.offset = o + 4;
      return out;
    }
    o += (len + 3) & ~3;
  }
  return out;
}

/** Locates the network header of a frame of link type `linkType`. */
export function locateNetwork(linkType: number, d: Uint8Array, out: NetworkLocation): NetworkLocation {
  switch (linkType) {
    case 1: return ethernet(d, out);
    case 101: case 12: case 14: return byVersion(d, 0, out);
    case 228: out.family = 4; out.offset = 0; return out;
    case 229: out.family = 6; out.offset = 0; return out;
    case 0: { // NULL: AF_ value in the capturing host's byte order; some writers store an ethertype
      if (d.length < 4) break;
      let v = u32le(d, 0);
      if ((v & 0xffff0000) !== 0) v = u32(d, 0);
      out.family = v > 1500 ? familyOfEthertype(v & 0xffff) : afFamily(v);
      out.offset = 4;
      return out;
    }
    case 108: { // LOOP: network byte order
      if (d.length < 4) break;
      out.family = afFamily(u32(d, 0));
      out.offset = 4;
      return out;
    }
    case 113: // Linux SLL: protocol at 14
      if (d.length < 16) break;
      return walkEthertype(d, u16(d, 14), 16, out);
    case 276: // Linux SLL2: protocol at 0
      if (d.length < 20) break;
      return walkEthertype(d, u16(d, 0), 20, out);
    case 9: { // PPP, optionally with HDLC address/control bytes
      let o = 0;
      if (d.length >= 2 && d[0] === 0xff && d[1] === 0x03) o = 2;
      if (o + 2 > d.length) break;
      const p = u16(d, o);
      out.family = p === 0x0021 ? 4 : p === 0x0057 ? 6 : 0;
      out.offset = o + 2;
      return out;
    }
    case 239: return nflog(d, out);
    case 258: { // PKTAP: header length, then the inner DLT
      if (d.length < 8) break;
      const hl = u32le(d, 0);
      const dlt = u32le(d, 4);
      if (hl < 8 || hl > d.length || dlt === 258) break;
      const r = locateNetwork(dlt === 0 ? 0 : dlt, d.subarray(hl), out);
      out.offset += hl;
      return r;
    }
    default: break;
  }
  out.family = 0;
  return out;
}
