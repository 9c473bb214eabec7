/**
 * Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16-byte header) and the shared SLL helpers.
 * Header: packet type u16, ARPHRD type u16, address length u16, address 8 (zero padded), protocol u16.
 */
import { Cursor, markTruncated } from '../cursor.js';
import { dissectEtherPayload, etherTypeLabel, summarizeEtherPayload } from '../ethertype.js';
import { be16, formatMac, hexColon, hexPlain, hex16 } from '../format.js';
import { ARPHRD_NAMES, SLL_PKTTYPE } from '../names.js';
import { DCursor, add, addData } from '../tree.js';
import type { DetailNode, FrameSummary } from '../types.js';
import { dissectLlc, summarizeLlc } from './llc.js';

const ARPHRD_NETLINK = 824;
const ARPHRD_IPGRE = 778;
/** Linux's "this is not an EtherType" protocol values (<= 1536) that mean 802.2 LLC. */
const LINUX_SLL_P_802_2 = 0x0004;

export function pktTypeLabel(t: number): string {
  return `${SLL_PKTTYPE[t] ?? 'Unknown'} (${t})`;
}

export function hatypeLabel(t: number): string {
  return `${ARPHRD_NAMES.get(t) ?? 'Unknown'} (${t})`;
}

/** Continue after the SLL/SLL2 header given its ARPHRD type and protocol field. */
export function summarizeSllPayload(s: FrameSummary, c: Cursor, hatype: number, proto: number, linkName: string): void {
  if (hatype === ARPHRD_NETLINK) {
    s.protocol = 'Netlink';
    s.info = '';
    s.protocols += ':netlink';
    return;
  }
  if (hatype === ARPHRD_IPGRE) {
    s.protocol = 'GRE';
    s.info = '';
    s.protocols += ':gre';
    return;
  }
  if (proto <= 1536) {
    if (proto === LINUX_SLL_P_802_2) {
      s.protocols += ':llc';
      const t = summarizeLlc(s, c);
      if (t >= 0) summarizeEtherPayload(s, c, t, '');
      return;
    }
    s.protocol = linkName;
    s.info = '';
    if (c.off < c.rep) s.protocols += ':data';
    return;
  }
  summarizeEtherPayload(s, c, proto, '');
}

export function dissectSllPayload(c: DCursor, hatype: number, proto: number, carrier: DetailNode): void {
  if (hatype === ARPHRD_NETLINK || hatype === ARPHRD_IPGRE || (proto <= 1536 && proto !== LINUX_SLL_P_802_2)) {
    addData(c, c.off, c.rep);
    return;
  }
  if (proto === LINUX_SLL_P_802_2) {
    const t = dissectLlc(c);
    if (t >= 0) dissectEtherPayload(c, t, carrier);
    return;
  }
  dissectEtherPayload(c, proto, carrier);
}

/** The link-layer address line (sll.src.eth for 6-byte Ethernet addresses). */
export function sllAddress(n: DetailNode, c: DCursor, off: number, hatype: number, halen: number): void {
  const len = Math.min(halen, 8);
  if (len === 0) return;
  c.need(off, len);
  if (len === 6 && (hatype === 1 || hatype === 772)) {
    const mac = formatMac(c.d, off);
    add(n, `Source: ${mac}`, 'sll.src.eth', mac, off, 6);
  } else {
    add(n, `Source: ${hexPlain(c.d, off, len)}`, 'sll.src.other', hexColon(c.d, off, len), off, len);
  }
  if (len < 8) add(n, `Unused: ${hexPlain(c.d, off + len, 8 - len)}`, 'sll.unused', hexColon(c.d, off + len, 8 - len), off + len, 8 - len);
}

export function summarizeSll(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols = 'sll';
  s.protocol = 'SLL';
  if (o + 16 > c.cap) {
    markTruncated(s, c, o + 16, 'SLL');
    return;
  }
  s.pktType = be16(d, o);
  const hatype = be16(d, o + 2);
  const proto = be16(d, o + 14);
  c.off = o + 16;
  summarizeSllPayload(s, c, hatype, proto, 'SLL');
}

export function dissectSll(c: DCursor): void {
  const o = c.off;
  c.layer = 'SLL';
  const n = c.layerNode('Linux cooked capture v1', 'sll', o, 16);
  const pt = c.u16(o);
  add(n, `Packet type: ${pktTypeLabel(pt)}`, 'sll.pkttype', String(pt), o, 2);
  const hatype = c.u16(o + 2);
  add(n, `Link-layer address type: ${hatypeLabel(hatype)}`, 'sll.hatype', String(hatype), o + 2, 2);
  const halen = c.u16(o + 4);
  add(n, `Link-layer address length: ${halen}`, 'sll.halen', String(halen), o + 4, 2);
  sllAddress(n, c, o + 6, hatype, halen);
  const proto = c.u16(o + 14);
  if (hatype === ARPHRD_NETLINK) add(n, `Protocol: ${proto}`, 'sll.netlink_protocol', String(proto), o + 14, 2);
  else if (proto <= 1536) add(n, `Protocol: ${hex16(proto)}`, 'sll.ltype', hex16(proto), o + 14, 2);
  else add(n, `Protocol: ${etherTypeLabel(proto)}`, 'sll.etype', hex16(proto), o + 14, 2);
  c.off = o + 16;
  dissectSllPayload(c, hatype, proto, n);
}
