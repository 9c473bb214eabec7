/** LINKTYPE_PPP: optional HDLC address/control (0xff 0x03), then the PPP protocol field. */
import { Cursor, markTruncated } from '../cursor.js';
import { be16, hex16 } from '../format.js';
import { summarizeIPv4, dissectIPv4 } from '../ipv4.js';
import { summarizeIPv6, dissectIPv6 } from '../ipv6.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';

const PPP_NAMES: Record<number, string> = {
  0x0021: 'Internet Protocol version 4', 0x0057: 'Internet Protocol version 6', 0xc021: 'Link Control Protocol',
  0x8021: 'Internet Protocol Control Protocol', 0x8057: 'IPv6 Control Protocol', 0xc023: 'Password Authentication Protocol',
  0xc223: 'Challenge Handshake Authentication Protocol',
};
const PPP_COLUMN: Record<number, string> = { 0xc021: 'PPP LCP', 0x8021: 'PPP IPCP', 0x8057: 'PPP IPV6CP', 0xc023: 'PPP PAP', 0xc223: 'PPP CHAP' };

export function pppProtocolName(p: number): string {
  return PPP_NAMES[p] ?? 'Unknown';
}

/** Continue after a PPP protocol field (shared with PPPoE). */
export function summarizePppProtocol(s: FrameSummary, c: Cursor, proto: number): void {
  if (proto === 0x0021) summarizeIPv4(s, c);
  else if (proto === 0x0057) summarizeIPv6(s, c);
  else {
    s.protocol = PPP_COLUMN[proto] ?? hex16(proto);
    s.info = PPP_COLUMN[proto] ? '' : `PPP Unknown (${hex16(proto)})`;
    if (c.off < c.rep) s.protocols += ':data';
  }
}

/** Offset after the optional 0xff03 and the (possibly 1-byte, RFC 1661 PFC) protocol field, and the protocol. */
function header(d: Uint8Array, o: number, cap: number): { off: number; proto: number; need: number; plen: number } {
  let p = o;
  if (p + 2 <= cap && d[p] === 0xff && d[p + 1] === 0x03) p += 2;
  if (p + 1 > cap) return { off: p, proto: -1, need: p + 1, plen: 0 };
  if (d[p] & 1) return { off: p + 1, proto: d[p], need: 0, plen: 1 };
  if (p + 2 > cap) return { off: p, proto: -1, need: p + 2, plen: 0 };
  return { off: p + 2, proto: be16(d, p), need: 0, plen: 2 };
}

export function summarizePpp(s: FrameSummary, c: Cursor): void {
  s.protocols = 'ppp';
  s.protocol = 'PPP';
  const h = header(c.d, c.off, c.cap);
  if (h.proto < 0) {
    markTruncated(s, c, h.need, 'PPP');
    return;
  }
  c.off = h.off;
  summarizePppProtocol(s, c, h.proto);
}

export function dissectPpp(c: DCursor): void {
  c.layer = 'PPP';
  const o = c.off;
  const h = header(c.d, o, c.cap);
  const n = c.layerNode('Point-to-Point Protocol', 'ppp', o, h.off - o);
  if (h.off - o >= 3 && c.d[o] === 0xff) {
    add(n, 'Address: 0xff', 'ppp.address', '0xff', o, 1);
    add(n, 'Control: 0x03', 'ppp.control', '0x03', o + 1, 1);
  }
  if (h.proto < 0) c.need(h.need - 1, 1);
  add(n, `Protocol: ${pppProtocolName(h.proto)} (${hex16(h.proto)})`, 'ppp.protocol', hex16(h.proto), h.off - h.plen, h.plen);
  c.off = h.off;
  if (h.proto === 0x0021) dissectIPv4(c);
  else if (h.proto === 0x0057) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}
