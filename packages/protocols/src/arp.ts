/** ARP / RARP over Ethernet (RFC 826). Only Ethernet/IPv4 ARP gets address text; others show opcode names. */
import { Cursor, markTruncated } from './cursor.js';
import { be16, formatIPv4, formatMac, hex16, hexColon, hexPlain } from './format.js';
import { ARPHRD_NAMES, ETHERTYPE_NAMES } from './names.js';
import { DCursor, add } from './tree.js';
import type { FrameSummary } from './types.js';

const OPCODES: Record<number, string> = {
  1: 'request', 2: 'reply', 3: 'reverse request', 4: 'reverse reply', 8: 'inverse request', 9: 'inverse reply',
};

function isZero(d: Uint8Array, off: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (d[off + i] !== 0) return false;
  return true;
}

function sameBytes(d: Uint8Array, a: number, b: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (d[a + i] !== d[b + i]) return false;
  return true;
}

export function summarizeArp(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocol = 'ARP';
  s.protocols += ':arp';
  s.info = '';
  if (o + 8 > c.cap) {
    markTruncated(s, c, o + 8, 'ARP');
    return;
  }
  const hln = d[o + 4], pln = d[o + 5], op = be16(d, o + 6);
  const end = o + 8 + 2 * (hln + pln);
  if (end > c.cap) {
    markTruncated(s, c, end, 'ARP');
    return;
  }
  if (hln !== 6 || pln !== 4 || be16(d, o + 2) !== 0x0800) {
    s.info = `${OPCODES[op] ? OPCODES[op][0].toUpperCase() + OPCODES[op].slice(1) : 'Unknown ARP opcode ' + hex16(op)}`;
    return;
  }
  const sha = o + 8, spa = o + 14, tha = o + 18, tpa = o + 24;
  const tpaStr = formatIPv4(d, tpa);
  switch (op) {
    case 1: {
      const gratuitous = sameBytes(d, spa, tpa, 4);
      if (isZero(d, spa, 4)) s.info = 'Who has ' + tpaStr + '? (ARP Probe)';
      else if (gratuitous && isZero(d, tha, 6)) s.info = 'ARP Announcement for ' + tpaStr;
      else if (gratuitous) s.info = 'Gratuitous ARP for ' + tpaStr + ' (Request)';
      else s.info = 'Who has ' + tpaStr + '? Tell ' + formatIPv4(d, spa);
      break;
    }
    case 2:
      if (sameBytes(d, spa, tpa, 4)) s.info = 'Gratuitous ARP for ' + tpaStr + ' (Reply)';
      else s.info = formatIPv4(d, spa) + ' is at ' + formatMac(d, sha);
      break;
    case 3:
      s.protocol = 'RARP';
      s.info = 'Who is ' + formatMac(d, tha) + '? Tell ' + formatMac(d, sha);
      break;
    case 4:
      s.protocol = 'RARP';
      s.info = formatMac(d, tha) + ' is at ' + tpaStr;
      break;
    default:
      s.info = 'Unknown ARP opcode ' + hex16(op);
  }
}

export function dissectArp(c: DCursor): void {
  const d = c.d, o = c.off;
  c.layer = 'ARP';
  const n = c.layerNode('Address Resolution Protocol', 'arp', o, 8);
  const hrd = c.u16(o);
  add(n, `Hardware type: ${ARPHRD_NAMES.get(hrd) ?? 'Unknown'} (${hrd})`, 'arp.hw.type', String(hrd), o, 2);
  const pro = c.u16(o + 2);
  add(n, `Protocol type: ${ETHERTYPE_NAMES.get(pro) ?? 'Unknown'} (${hex16(pro)})`, 'arp.proto.type', hex16(pro), o + 2, 2);
  const hln = c.u8(o + 4);
  add(n, `Hardware size: ${hln}`, 'arp.hw.size', String(hln), o + 4, 1);
  const pln = c.u8(o + 5);
  add(n, `Protocol size: ${pln}`, 'arp.proto.size', String(pln), o + 5, 1);
  const op = c.u16(o + 6);
  add(n, `Opcode: ${OPCODES[op] ?? 'Unknown'} (${op})`, 'arp.opcode', String(op), o + 6, 2);
  if (OPCODES[op]) n.label = `Address Resolution Protocol (${OPCODES[op]})`;
  const total = 8 + 2 * (hln + pln);
  n.length = total;
  c.l3End = Math.min(o + total, c.cap);
  let p = o + 8;
  const addr = (who: string, hw: boolean, side: 'src' | 'dst') => {
    const len = hw ? hln : pln;
    c.need(p, len);
    let text: string, field: string;
    if (hw && len === 6) {
      text = formatMac(d, p);
      field = `arp.${side}.hw_mac`;
    } else if (!hw && len === 4 && pro === 0x0800) {
      text = formatIPv4(d, p);
      field = `arp.${side}.proto_ipv4`;
    } else {
      text = hexPlain(d, p, len);
      field = hw ? `arp.${side}.hw` : `arp.${side}.proto`;
    }
    add(n, `${who} ${hw ? 'MAC' : 'IP'} address: ${text}`, field, hw || pro === 0x0800 ? text : hexColon(d, p, len), p, len);
    p += len;
  };
  addr('Sender', true, 'src');
  addr('Sender', false, 'src');
  addr('Target', true, 'dst');
  addr('Target', false, 'dst');
  c.off = p;
}
