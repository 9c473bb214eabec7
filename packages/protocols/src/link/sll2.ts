/**
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20-byte header): protocol u16, reserved u16,
 * interface index u32, ARPHRD type u16, packet type u8, address length u8, address 8.
 */
import { Cursor, markTruncated } from '../cursor.js';
import { etherTypeLabel } from '../ethertype.js';
import { be16, hex16, hexColon, hexPlain } from '../format.js';
import { DCursor, add } from '../tree.js';
import type { FrameSummary } from '../types.js';
import { dissectSllPayload, hatypeLabel, pktTypeLabel, sllAddress, summarizeSllPayload } from './sll.js';

export function summarizeSll2(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols = 'sll';
  s.protocol = 'SLL';
  if (o + 20 > c.cap) {
    markTruncated(s, c, o + 20, 'SLL2');
    return;
  }
  const proto = be16(d, o);
  const hatype = be16(d, o + 8);
  s.pktType = d[o + 10];
  c.off = o + 20;
  summarizeSllPayload(s, c, hatype, proto, 'SLL');
}

export function dissectSll2(c: DCursor): void {
  const o = c.off;
  c.layer = 'SLL';
  const n = c.layerNode('Linux cooked capture v2', 'sll', o, 20);
  const proto = c.u16(o);
  if (proto <= 1536) add(n, `Protocol: ${hex16(proto)}`, 'sll.ltype', hex16(proto), o, 2);
  else add(n, `Protocol: ${etherTypeLabel(proto)}`, 'sll.etype', hex16(proto), o, 2);
  const rsv = c.u16(o + 2);
  if (rsv !== 0) add(n, `Reserved: ${hexPlain(c.d, o + 2, 2)}`, 'sll.reserved', hexColon(c.d, o + 2, 2), o + 2, 2);
  const ifindex = c.u32(o + 4);
  add(n, `Interface index: ${ifindex}`, 'sll.ifindex', String(ifindex), o + 4, 4);
  const hatype = c.u16(o + 8);
  add(n, `Link-layer address type: ${hatypeLabel(hatype)}`, 'sll.hatype', String(hatype), o + 8, 2);
  const pt = c.u8(o + 10);
  add(n, `Packet type: ${pktTypeLabel(pt)}`, 'sll.pkttype', String(pt), o + 10, 1);
  const halen = c.u8(o + 11);
  add(n, `Link-layer address length: ${halen}`, 'sll.halen', String(halen), o + 11, 1);
  sllAddress(n, c, o + 12, hatype, halen);
  c.off = o + 20;
  dissectSllPayload(c, hatype, proto, n);
}
