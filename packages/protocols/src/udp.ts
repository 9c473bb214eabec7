/** UDP (RFC 768), with the light DNS/mDNS/LLMNR recogniser for the columns. */
import { DNS_UDP_PORTS, summarizeDnsUdp, dissectDns } from './app/dns.js';
import { Cursor, markMalformed, markTruncated } from './cursor.js';
import { be16, hex16, portsArrow } from './format.js';
import { DCursor, add, addData } from './tree.js';
import type { FrameSummary } from './types.js';

export function summarizeUdp(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocol = 'UDP';
  s.protocols += ':udp';
  if (o + 4 > c.cap) {
    s.info = '';
    markTruncated(s, c, o + 4, 'UDP');
    return;
  }
  const sp = be16(d, o), dp = be16(d, o + 2);
  s.srcPort = sp;
  s.dstPort = dp;
  const ports = portsArrow(sp, dp);
  if (o + 8 > c.cap) {
    s.info = ports;
    markTruncated(s, c, o + 8, 'UDP');
    return;
  }
  let ulen = be16(d, o + 4);
  const avail = c.rep - o;
  // RFC 2675 jumbogram: length 0 over IPv6 means "the rest of the IP payload".
  if (ulen === 0 && s.ipVersion === 6) ulen = avail;
  if (ulen < 8) {
    s.info = ports + ' [BAD UDP LENGTH ' + ulen + ' < 8]';
    markMalformed(s, 'Bad UDP length ' + ulen + ' < 8');
    return;
  }
  const payOff = o + 8;
  s.l4PayloadOffset = payOff;
  if (ulen > avail && !c.fragmented) {
    s.info = ports + ' [BAD UDP LENGTH ' + ulen + ' > IP PAYLOAD LENGTH]';
    s.l4PayloadLen = avail - 8;
    markMalformed(s, 'Bad UDP length ' + ulen + ' > IP payload length');
    return;
  }
  const end = ulen < avail ? o + ulen : c.rep;
  s.l4PayloadLen = end - payOff;
  s.info = ports + ' Len=' + (ulen - 8);
  if (c.fragmented || end <= payOff) return;
  const capEnd = end < c.cap ? end : c.cap;
  const app = DNS_UDP_PORTS.get(sp) ?? DNS_UDP_PORTS.get(dp);
  if (app !== undefined && summarizeDnsUdp(s, d, payOff, capEnd, end, app)) return;
  s.protocols += ':data';
}

export function dissectUdp(c: DCursor): void {
  const o = c.off;
  c.layer = 'UDP';
  const n = c.layerNode('User Datagram Protocol', 'udp', o, Math.max(0, Math.min(8, c.cap - o)));
  const sp = c.u16(o);
  add(n, `Source Port: ${sp}`, 'udp.srcport', String(sp), o, 2);
  const dp = c.u16(o + 2);
  add(n, `Destination Port: ${dp}`, 'udp.dstport', String(dp), o + 2, 2);
  n.label = `User Datagram Protocol, Src Port: ${sp}, Dst Port: ${dp}`;
  let ulen = c.u16(o + 4);
  const avail = c.rep - o;
  const ln = add(n, `Length: ${ulen}`, 'udp.length', String(ulen), o + 4, 2);
  const ck = c.u16(o + 6);
  add(n, `Checksum: ${hex16(ck)} ${ck === 0 ? '[zero-value ignored]' : '[unverified]'}`, 'udp.checksum', hex16(ck), o + 6, 2);
  add(n, `[Checksum Status: ${ck === 0 ? 'Not present' : 'Unverified'}]`, 'udp.checksum.status', ck === 0 ? '3' : '2', o + 6, 0);
  if (ulen === 0 && c.rep - c.off > 0 && isIPv6Carrier(c)) ulen = avail;
  if (ulen < 8) {
    ln.label += ' (bogus, must be >= 8)';
    return;
  }
  if (ulen > avail && !c.fragmented) {
    ln.label += ` (bogus, payload length ${avail})`;
    return;
  }
  const payOff = o + 8;
  const end = ulen < avail ? o + ulen : c.rep;
  c.off = payOff;
  if (end <= payOff) return;
  const capLen = Math.max(0, Math.min(end, c.cap) - payOff);
  add(n, `UDP payload (${end - payOff} byte${end - payOff === 1 ? '' : 's'})`, 'udp.payload', undefined, payOff, capLen);
  if (c.fragmented) {
    addData(c, payOff, end);
    return;
  }
  const app = DNS_UDP_PORTS.get(sp) ?? DNS_UDP_PORTS.get(dp);
  if (app !== undefined && dissectDns(c, payOff, end, app)) return;
  addData(c, payOff, end);
}

/** True when the enclosing network layer is IPv6 (for the RFC 2675 length-0 rule). */
function isIPv6Carrier(c: DCursor): boolean {
  for (let i = c.out.length - 1; i >= 0; i--) {
    const f = c.out[i].field;
    if (f === 'ipv6') return true;
    if (f === 'ip') return false;
  }
  return false;
}
