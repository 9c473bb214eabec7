/** ICMP for IPv4 (RFC 792). Info text as Wireshark: the type name padded to 20 columns, then details. */
import { Cursor, markTruncated } from './cursor.js';
import { HEX2, be16, formatIPv4, hex16 } from './format.js';
import { DCursor, add, addData } from './tree.js';
import type { FrameSummary } from './types.js';

const TYPES: Record<number, string> = {
  0: 'Echo (ping) reply', 3: 'Destination unreachable', 4: 'Source quench (flow control)', 5: 'Redirect',
  8: 'Echo (ping) request', 9: 'Router advertisement', 10: 'Router solicitation', 11: 'Time-to-live exceeded',
  12: 'Parameter problem', 13: 'Timestamp request', 14: 'Timestamp reply', 15: 'Information request',
  16: 'Information reply', 17: 'Address mask request', 18: 'Address mask reply',
};
const UNREACH: readonly string[] = [
  'Network unreachable', 'Host unreachable', 'Protocol unreachable', 'Port unreachable', 'Fragmentation needed',
  'Source route failed', 'Destination network unknown', 'Destination host unknown', 'Source host isolated',
  'Network administratively prohibited', 'Host administratively prohibited', 'Network unreachable for TOS',
  'Host unreachable for TOS', 'Communication administratively filtered', 'Host precedence violation',
  'Precedence cutoff in effect',
];
const REDIRECT: readonly string[] = ['Redirect for network', 'Redirect for host', 'Redirect for TOS and network', 'Redirect for TOS and host'];
const TTL_EXCEEDED: readonly string[] = ['Time to live exceeded in transit', 'Fragment reassembly time exceeded'];
const PARAM: readonly string[] = ['Pointer indicates the error', 'Required option missing', 'Bad length'];

export function icmpTypeName(t: number): string {
  return TYPES[t] ?? 'Unknown ICMP (obsolete or malformed?)';
}

/** The code's name for the types that have named codes, else undefined. */
export function icmpCodeName(t: number, code: number): string | undefined {
  switch (t) {
    case 3: return UNREACH[code];
    case 5: return REDIRECT[code];
    case 11: return TTL_EXCEEDED[code];
    case 12: return PARAM[code];
    default: return undefined;
  }
}

function isEcho(t: number): boolean {
  return t === 0 || t === 8 || t === 13 || t === 14 || t === 15 || t === 16 || t === 17 || t === 18;
}

export function summarizeIcmp(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocol = 'ICMP';
  s.protocols += ':icmp';
  if (o + 2 > c.cap) {
    s.info = '';
    markTruncated(s, c, o + 2, 'ICMP');
    return;
  }
  const type = d[o], code = d[o + 1];
  s.icmpType = type;
  s.icmpCode = code;
  let info = icmpTypeName(type);
  if (info.length < 20) info = info.padEnd(20);
  const cn = icmpCodeName(type, code);
  if (cn !== undefined) info += ' (' + cn + ')';
  if (isEcho(type)) {
    if (o + 8 > c.cap) {
      s.info = info;
      markTruncated(s, c, o + 8, 'ICMP');
      return;
    }
    const id = be16(d, o + 4);
    const seq = be16(d, o + 6);
    info += ' id=' + hex16(id) + ', seq=' + seq + '/' + (((seq & 0xff) << 8) | (seq >> 8));
    if (type === 0 || type === 8) info += ', ttl=' + c.ttl;
    if (o + 8 < c.rep) s.protocols += ':data';
  } else if (type === 3 || type === 11 || type === 12 || type === 5 || type === 4) {
    // The quoted datagram follows; we keep the outer frame's view (ports stay unset).
    if (o + 8 < c.rep) s.protocols += ':ip';
  }
  s.info = info;
}

export function dissectIcmp(c: DCursor): void {
  const o = c.off;
  c.layer = 'ICMP';
  const n = c.layerNode('Internet Control Message Protocol', 'icmp', o, Math.max(0, Math.min(c.rep, c.cap) - o));
  const type = c.u8(o);
  add(n, `Type: ${type} (${icmpTypeName(type)})`, 'icmp.type', String(type), o, 1);
  const code = c.u8(o + 1);
  const cn = icmpCodeName(type, code);
  add(n, `Code: ${code}${cn ? ` (${cn})` : ''}`, 'icmp.code', String(code), o + 1, 1);
  const ck = c.u16(o + 2);
  add(n, `Checksum: ${hex16(ck)} [unverified]`, 'icmp.checksum', hex16(ck), o + 2, 2);
  add(n, '[Checksum Status: Unverified]', 'icmp.checksum.status', '2', o + 2, 0);
  if (isEcho(type)) {
    const id = c.u16(o + 4);
    add(n, `Identifier (BE): ${id} (${hex16(id)})`, 'icmp.ident', String(id), o + 4, 2);
    const idle = ((id & 0xff) << 8) | (id >> 8);
    add(n, `Identifier (LE): ${idle} (${hex16(idle)})`, 'icmp.ident_le', String(idle), o + 4, 2);
    const seq = c.u16(o + 6);
    add(n, `Sequence Number (BE): ${seq} (${hex16(seq)})`, 'icmp.seq', String(seq), o + 6, 2);
    const seqle = ((seq & 0xff) << 8) | (seq >> 8);
    add(n, `Sequence Number (LE): ${seqle} (${hex16(seqle)})`, 'icmp.seq_le', String(seqle), o + 6, 2);
    c.off = o + 8;
    addData(c, o + 8, c.rep);
    return;
  }
  if (type === 3 && code === 4) {
    const mtu = c.u16(o + 6);
    add(n, `MTU of next hop: ${mtu}`, 'icmp.mtu', String(mtu), o + 6, 2);
  } else if (type === 5) {
    c.need(o + 4, 4);
    const gw = formatIPv4(c.d, o + 4);
    add(n, `Gateway Address: ${gw}`, 'icmp.redir_gw', gw, o + 4, 4);
  } else if (type === 3 || type === 11 || type === 12 || type === 4) {
    c.need(o + 4, 4);
    add(n, `Unused: ${HEX2[c.d[o + 4]]}${HEX2[c.d[o + 5]]}${HEX2[c.d[o + 6]]}${HEX2[c.d[o + 7]]}`, 'icmp.unused', undefined, o + 4, 4);
  }
  c.off = o + 8;
  // The quoted IP header + 8 bytes: shown as data here (a nested decode would make "first
  // occurrence" fields ambiguous for the index; the detail view may grow it later).
  if (o + 8 < c.rep) addData(c, o + 8, c.rep);
}
