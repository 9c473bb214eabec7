/**
 * IPv6 (RFC 8200) with the extension headers that can precede the transport header: hop-by-hop (0),
 * routing (43), fragment (44), destination options (60), AH (51), mobility (135), HIP (139), shim6 (140).
 * Every extension header advances by at least 8 bytes and the walk is capped, so hostile chains
 * (loops of "next header" values, huge lengths) end quickly.
 */
import { Cursor, markTruncated } from './cursor.js';
import { HEX2, be16, be32, bitPicture, formatIPv6, hex32 } from './format.js';
import { dissectIpPayload, summarizeIpPayload } from './ipproto.js';
import { dscpLong, dscpShort, ecnLong, ecnShort } from './ipv4.js';
import { ipProtoName } from './names.js';
import { DCursor, add } from './tree.js';
import type { DetailNode, FrameSummary } from './types.js';

/** More extension headers than this is not a real packet (RFC 8200 allows each once, dst-opts twice). */
const MAX_EXT_HEADERS = 16;

/** frame.protocols names of the extension headers. */
function extProto(nxt: number): string {
  switch (nxt) {
    case 0: return ':ipv6.hopopts';
    case 43: return ':ipv6.routing';
    case 60: return ':ipv6.dstopts';
    case 51: return ':ah';
    case 135: return ':mipv6';
    case 139: return ':hip';
    default: return ':shim6';
  }
}

function isExtHeader(nxt: number): boolean {
  return nxt === 0 || nxt === 43 || nxt === 60 || nxt === 51 || nxt === 135 || nxt === 139 || nxt === 140;
}

/** Length in bytes of the extension header at p (AH counts 4-byte words, the others 8-byte units). */
function extLen(nxt: number, d: Uint8Array, p: number): number {
  return nxt === 51 ? (d[p + 1] + 2) << 2 : (d[p + 1] + 1) << 3;
}

export function summarizeIPv6(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols += ':ipv6';
  s.protocol = 'IPv6';
  s.info = '';
  if (o + 40 > c.cap) {
    markTruncated(s, c, o + 40, 'IPv6');
    return;
  }
  if (d[o] >> 4 !== 6) {
    s.info = `Bogus IPv6 version (${d[o] >> 4}, must be 6)`;
    s.malformed = s.info;
    return;
  }
  s.ipVersion = 6;
  s.ipSrc = formatIPv6(d, o + 8);
  s.ipDst = formatIPv6(d, o + 24);
  const plen = be16(d, o + 4);
  let nxt = d[o + 6];
  const hlim = d[o + 7];
  s.ipTtl = hlim;
  c.ttl = hlim;
  // Payload length 0 is a jumbogram or a GSO super-packet: use what the frame reports.
  if (plen !== 0 && o + 40 + plen < c.rep) c.rep = o + 40 + plen;
  if (c.cap > c.rep) c.cap = c.rep;
  let p = o + 40;
  for (let i = 0; i < MAX_EXT_HEADERS; i++) {
    if (nxt === 44) {
      s.protocols += ':ipv6.fraghdr';
      if (p + 8 > c.cap) {
        s.ipProto = nxt;
        markTruncated(s, c, p + 8, 'IPv6');
        return;
      }
      const fo = be16(d, p + 2);
      const fragOff = fo & 0xfff8, more = fo & 1;
      const ident = be32(d, p + 4);
      s.ipFragment = true;
      s.ipId = ident;
      nxt = d[p];
      p += 8;
      if (fragOff !== 0 || more !== 0) {
        const info = 'IPv6 fragment (off=' + fragOff + ' more=' + (more ? 'y' : 'n') + ' ident=' + hex32(ident) + ' nxt=' + nxt + ')';
        s.info = info;
        s.protocols += ':data';
        s.ipProto = nxt;
        if (fragOff === 0 && !isExtHeader(nxt)) {
          // First fragment: take ports from the transport header, keep Wireshark's fragment columns.
          const protocols = s.protocols, malformed = s.malformed;
          c.off = p;
          c.fragmented = true;
          summarizeIpPayload(s, c, nxt);
          s.protocol = 'IPv6';
          s.info = info;
          s.protocols = protocols;
          s.malformed = malformed;
        }
        return;
      }
      continue; // atomic fragment (RFC 6946): the payload is complete
    }
    if (!isExtHeader(nxt)) break;
    s.protocols += extProto(nxt);
    if (p + 2 > c.cap) {
      s.ipProto = nxt;
      markTruncated(s, c, p + 2, 'IPv6');
      return;
    }
    const len = extLen(nxt, d, p);
    if (p + len > c.cap) {
      s.ipProto = nxt;
      markTruncated(s, c, p + len, 'IPv6');
      return;
    }
    nxt = d[p];
    p += len;
  }
  s.ipProto = nxt;
  c.off = p;
  if (isExtHeader(nxt) || nxt === 44) {
    s.malformed = 'too many IPv6 extension headers';
    return;
  }
  summarizeIpPayload(s, c, nxt);
}

const OPT_NAMES: Record<number, string> = {
  0x00: 'Pad1', 0x01: 'PadN', 0x05: 'Router Alert', 0xc2: 'Jumbo Payload', 0x04: 'Tunnel Encapsulation Limit',
  0xc9: 'Home Address Option', 0x26: 'Quick-Start', 0x63: 'RPL Option', 0x8b: 'ILNP Nonce', 0x6d: 'MPL Option',
  0x31: 'IOAM', 0x3e: 'Minimum Path MTU',
};

function dissectOptionsHeader(parent: DetailNode, c: DCursor, p: number, len: number, title: string, field: string, nxtName: string): void {
  const h = add(parent, title, field, undefined, p, len);
  const nxt = c.u8(p);
  add(h, `Next Header: ${nxtName} (${nxt})`, `${field}.nxt`, String(nxt), p, 1);
  const l = c.u8(p + 1);
  add(h, `Length: ${l}`, `${field}.len`, String(l), p + 1, 1);
  add(h, `[Length: ${len} bytes]`, `${field}.len_oct`, String(len), p + 1, 1);
  let q = p + 2;
  const end = p + len;
  for (let i = 0; i < 64 && q < end; i++) {
    const t = c.u8(q);
    const name = OPT_NAMES[t] ?? `Unknown IPv6 Option (0x${HEX2[t]})`;
    if (t === 0) {
      const o = add(h, name, 'ipv6.opt', undefined, q, 1);
      add(o, `Type: ${name} (0x00)`, 'ipv6.opt.type', '0x00', q, 1);
      q += 1;
      continue;
    }
    const ol = c.u8(q + 1);
    const olen = Math.min(2 + ol, end - q);
    const o = add(h, name, 'ipv6.opt', undefined, q, olen);
    add(o, `Type: ${name} (0x${HEX2[t]})`, 'ipv6.opt.type', '0x' + HEX2[t], q, 1);
    add(o, `Length: ${ol}`, 'ipv6.opt.length', String(ol), q + 1, 1);
    if (t === 0x05 && ol === 2) {
      const v = c.u16(q + 2);
      add(o, `Router Alert: ${v === 0 ? 'MLD' : v === 2 ? 'Active Networks' : v === 1 ? 'RSVP' : 'Unknown'} (${v})`, 'ipv6.opt.router_alert', String(v), q + 2, 2);
    } else if (t === 0xc2 && ol === 4) {
      const v = c.u32(q + 2);
      add(o, `Payload Length: ${v}`, 'ipv6.opt.jumbo', String(v), q + 2, 4);
    }
    q += 2 + ol;
  }
}

const ROUTING_TYPES: Record<number, string> = {
  0: 'Source Route', 2: 'Type 2 Routing', 3: 'RPL Source Route', 4: 'Segment Routing', 1: 'Nimrod',
};

export function dissectIPv6(c: DCursor): void {
  const d = c.d, o = c.off;
  c.layer = 'IPv6';
  const n = c.layerNode('Internet Protocol Version 6', 'ipv6', o, Math.max(0, Math.min(40, c.cap - o)));
  const b0 = c.u8(o);
  add(n, `${bitPicture(b0, 0xf0, 8)} = Version: ${b0 >> 4}`, 'ipv6.version', String(b0 >> 4), o, 1);
  const w = c.u32(o);
  const tclass = (w >>> 20) & 0xff;
  const tc = add(n, `${bitPicture(w, 0x0ff00000, 32)} = Traffic Class: 0x${HEX2[tclass]} (DSCP: ${dscpShort(tclass >> 2)}, ECN: ${ecnShort(tclass)})`,
    'ipv6.tclass', '0x' + (tclass >>> 0).toString(16).padStart(8, '0'), o, 4);
  add(tc, `${bitPicture(w, 0x0fc00000, 32)} = Differentiated Services Codepoint: ${dscpLong(tclass >> 2)} (${tclass >> 2})`, 'ipv6.tclass.dscp', String(tclass >> 2), o, 4);
  add(tc, `${bitPicture(w, 0x00300000, 32)} = Explicit Congestion Notification: ${ecnLong(tclass)} (${tclass & 3})`, 'ipv6.tclass.ecn', String(tclass & 3), o, 4);
  const flow = w & 0xfffff;
  add(n, `${bitPicture(w & 0xffffff, 0x0fffff, 24)} = Flow Label: 0x${flow.toString(16)}`, 'ipv6.flow', '0x' + flow.toString(16).padStart(6, '0'), o + 1, 3);
  const plen = c.u16(o + 4);
  add(n, `Payload Length: ${plen}`, 'ipv6.plen', String(plen), o + 4, 2);
  let nxt = c.u8(o + 6);
  add(n, `Next Header: ${ipProtoName(nxt)} (${nxt})`, 'ipv6.nxt', String(nxt), o + 6, 1);
  const hlim = c.u8(o + 7);
  add(n, `Hop Limit: ${hlim}`, 'ipv6.hlim', String(hlim), o + 7, 1);
  c.need(o + 8, 16);
  const src = formatIPv6(d, o + 8);
  add(n, `Source Address: ${src}`, 'ipv6.src', src, o + 8, 16);
  c.need(o + 24, 16);
  const dst = formatIPv6(d, o + 24);
  add(n, `Destination Address: ${dst}`, 'ipv6.dst', dst, o + 24, 16);
  n.label = `Internet Protocol Version 6, Src: ${src}, Dst: ${dst}`;
  if (plen !== 0 && o + 40 + plen < c.rep) c.rep = o + 40 + plen;
  if (c.cap > c.rep) c.cap = c.rep;
  c.l3End = Math.min(c.rep, c.cap);
  c.ttl = hlim;
  let p = o + 40;
  for (let i = 0; i < MAX_EXT_HEADERS; i++) {
    if (nxt === 44) {
      const h = add(n, 'Fragment Header for IPv6', 'ipv6.fraghdr', undefined, p, 8);
      const fn = c.u8(p);
      add(h, `Next header: ${ipProtoName(fn)} (${fn})`, 'ipv6.fraghdr.nxt', String(fn), p, 1);
      add(h, `Reserved octet: 0x${HEX2[c.u8(p + 1)]}`, 'ipv6.fraghdr.reserved_octet', '0x' + HEX2[d[p + 1]], p + 1, 1);
      const fo = c.u16(p + 2);
      add(h, `${bitPicture(fo, 0xfff8, 16)} = Offset: ${fo >> 3} (${fo & 0xfff8} bytes)`, 'ipv6.fraghdr.offset', String(fo >> 3), p + 2, 2);
      add(h, `${bitPicture(fo, 0x0006, 16)} = Reserved bits: ${(fo >> 1) & 3}`, 'ipv6.fraghdr.reserved_bits', String((fo >> 1) & 3), p + 2, 2);
      add(h, `${bitPicture(fo, 0x0001, 16)} = More Fragments: ${fo & 1 ? 'Yes' : 'No'}`, 'ipv6.fraghdr.more', String(fo & 1), p + 2, 2);
      const ident = c.u32(p + 4);
      add(h, `Identification: ${hex32(ident)}`, 'ipv6.fraghdr.ident', hex32(ident), p + 4, 4);
      nxt = fn;
      p += 8;
      n.length = p - o;
      if ((fo & 0xfff8) !== 0) {
        c.off = p;
        c.fragmented = true;
        dissectIpPayload(c, -1);
        return;
      }
      if (fo & 1) {
        c.fragmented = true;
        if (c.fragmentsAsData) {
          c.off = p;
          dissectIpPayload(c, -1);
          return;
        }
      }
      continue;
    }
    if (!isExtHeader(nxt)) break;
    c.need(p, 2);
    const len = extLen(nxt, d, p);
    const nxtName = ipProtoName(d[p]);
    if (nxt === 0) dissectOptionsHeader(n, c, p, len, 'IPv6 Hop-by-Hop Option', 'ipv6.hopopts', nxtName);
    else if (nxt === 60) dissectOptionsHeader(n, c, p, len, 'Destination Options for IPv6', 'ipv6.dstopts', nxtName);
    else if (nxt === 43) {
      c.need(p, 4);
      const type = d[p + 2];
      const h = add(n, `Routing Header for IPv6 (${ROUTING_TYPES[type] ?? 'Unknown'})`, 'ipv6.routing', undefined, p, len);
      add(h, `Next Header: ${nxtName} (${d[p]})`, 'ipv6.routing.nxt', String(d[p]), p, 1);
      add(h, `Length: ${d[p + 1]}`, 'ipv6.routing.len', String(d[p + 1]), p + 1, 1);
      add(h, `[Length: ${len} bytes]`, 'ipv6.routing.len_oct', String(len), p + 1, 1);
      add(h, `Type: ${ROUTING_TYPES[type] ?? 'Unknown'} (${type})`, 'ipv6.routing.type', String(type), p + 2, 1);
      add(h, `Segments Left: ${d[p + 3]}`, 'ipv6.routing.segleft', String(d[p + 3]), p + 3, 1);
    } else if (nxt === 51) {
      const h = add(n, 'Authentication Header', 'ah', undefined, p, len);
      add(h, `Next header: ${nxtName} (${d[p]})`, 'ah.next_header', String(d[p]), p, 1);
      add(h, `Length: ${len}`, 'ah.length', String(d[p + 1]), p + 1, 1);
      const spi = c.u32(p + 4);
      add(h, `AH SPI: ${hex32(spi)}`, 'ah.spi', hex32(spi), p + 4, 4);
    } else {
      const h = add(n, `${ipProtoName(nxt)}`, undefined, undefined, p, len);
      add(h, `Next Header: ${nxtName} (${d[p]})`, undefined, undefined, p, 1);
    }
    c.need(p, len);
    nxt = d[p];
    p += len;
    n.length = p - o;
  }
  c.off = p;
  if (isExtHeader(nxt) || nxt === 44) {
    add(n, '[Too many extension headers]', undefined, undefined, p, 0);
    return;
  }
  dissectIpPayload(c, nxt);
}
