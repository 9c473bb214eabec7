/** PPPoE session stage (EtherType 0x8864) and the PPP protocol field it carries. */
import { Cursor, markTruncated } from '../cursor.js';
import { be16, hex16 } from '../format.js';
import { dissectIPv4 } from '../ipv4.js';
import { dissectIPv6 } from '../ipv6.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';
import { pppProtocolName, summarizePppProtocol } from './ppp.js';

export function summarizePppoe(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols += ':pppoes';
  s.protocol = 'PPPoES';
  s.info = '';
  if (o + 8 > c.cap) {
    markTruncated(s, c, o + 8, 'PPPoE');
    return;
  }
  const len = be16(d, o + 4); // covers the PPP protocol field and payload
  const end = o + 6 + len;
  if (end < c.rep) c.rep = end;
  if (c.rep < c.cap) c.cap = c.rep;
  s.protocols += ':ppp';
  const proto = be16(d, o + 6);
  c.off = o + 8;
  summarizePppProtocol(s, c, proto);
}

export function dissectPppoe(c: DCursor): void {
  const o = c.off;
  c.layer = 'PPPoES';
  const n = c.layerNode('PPP-over-Ethernet Session', 'pppoes', o, 6);
  const vt = c.u8(o);
  add(n, `${(vt >> 4).toString(2).padStart(4, '0')} .... = Version: ${vt >> 4}`, 'pppoe.version', String(vt >> 4), o, 1);
  add(n, `.... ${(vt & 15).toString(2).padStart(4, '0')} = Type: ${vt & 15}`, 'pppoe.type', String(vt & 15), o, 1);
  const code = c.u8(o + 1);
  add(n, `Code: Session Data (0x${code.toString(16).padStart(2, '0')})`, 'pppoe.code', '0x' + code.toString(16).padStart(2, '0'), o + 1, 1);
  const sid = c.u16(o + 2);
  add(n, `Session ID: ${hex16(sid)}`, 'pppoe.session_id', hex16(sid), o + 2, 2);
  const len = c.u16(o + 4);
  add(n, `Payload Length: ${len}`, 'pppoe.payload_length', String(len), o + 4, 2);
  const end = o + 6 + len;
  if (end < c.rep) c.rep = end;
  if (c.rep < c.cap) c.cap = c.rep;
  c.layer = 'PPP';
  const p = c.layerNode('Point-to-Point Protocol', 'ppp', o + 6, 2);
  const proto = c.u16(o + 6);
  add(p, `Protocol: ${pppProtocolName(proto)} (${hex16(proto)})`, 'ppp.protocol', hex16(proto), o + 6, 2);
  c.off = o + 8;
  if (proto === 0x0021) dissectIPv4(c);
  else if (proto === 0x0057) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}
