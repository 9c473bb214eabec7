/**
 * IPv4 (RFC 791). Follows Wireshark's order of checks so the addresses appear exactly when tshark
 * shows them: a header length < 20 or a total length < header length stops before the addresses;
 * a total length of 0 is taken as TSO (the captured/reported length is used instead).
 */
import { Cursor, markMalformed, markTruncated } from './cursor.js';
import { HEX2, be16, bitPicture, formatIPv4, hex16 } from './format.js';
import { dissectIpPayload, summarizeIpPayload } from './ipproto.js';
import { ipProtoName } from './names.js';
import { DCursor, add } from './tree.js';
import type { DetailNode, FrameSummary } from './types.js';

const DSCP_SHORT: Record<number, string> = {
  0: 'CS0', 1: 'LE', 8: 'CS1', 10: 'AF11', 12: 'AF12', 14: 'AF13', 16: 'CS2', 18: 'AF21', 20: 'AF22', 22: 'AF23',
  24: 'CS3', 26: 'AF31', 28: 'AF32', 30: 'AF33', 32: 'CS4', 34: 'AF41', 36: 'AF42', 38: 'AF43', 40: 'CS5',
  44: 'VOICE-ADMIT', 46: 'EF', 48: 'CS6', 56: 'CS7',
};
const DSCP_LONG: Record<number, string> = {
  0: 'Default', 1: 'Lower Effort', 8: 'Class Selector 1', 10: 'Assured Forwarding 11', 12: 'Assured Forwarding 12',
  14: 'Assured Forwarding 13', 16: 'Class Selector 2', 18: 'Assured Forwarding 21', 20: 'Assured Forwarding 22',
  22: 'Assured Forwarding 23', 24: 'Class Selector 3', 26: 'Assured Forwarding 31', 28: 'Assured Forwarding 32',
  30: 'Assured Forwarding 33', 32: 'Class Selector 4', 34: 'Assured Forwarding 41', 36: 'Assured Forwarding 42',
  38: 'Assured Forwarding 43', 40: 'Class Selector 5', 44: 'Voice Admit', 46: 'Expedited Forwarding',
  48: 'Class Selector 6', 56: 'Class Selector 7',
};
const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];
const ECN_LONG = [
  'Not ECN-Capable Transport', "ECN-Capable Transport codepoint '01'", "ECN-Capable Transport codepoint '10'",
  'Congestion Experienced',
];

export function dscpShort(v: number): string {
  return DSCP_SHORT[v] ?? 'Unknown';
}
export function dscpLong(v: number): string {
  return DSCP_LONG[v] ?? 'Unknown';
}
export function ecnShort(v: number): string {
  return ECN_SHORT[v & 3];
}
export function ecnLong(v: number): string {
  return ECN_LONG[v & 3];
}

export function summarizeIPv4(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols += ':ip';
  s.protocol = 'IPv4';
  s.info = '';
  if (o + 1 > c.cap) {
    markTruncated(s, c, o + 1, 'IPv4');
    return;
  }
  const vhl = d[o];
  if (vhl >> 4 !== 4) {
    s.info = `Bogus IPv4 version (${vhl >> 4}, must be 4)`;
    markMalformed(s, s.info);
    return;
  }
  s.ipVersion = 4;
  const hlen = (vhl & 15) << 2;
  if (hlen < 20) {
    s.info = `Bogus IP header length (${hlen}, must be at least 20)`;
    markMalformed(s, s.info);
    return;
  }
  if (o + 20 > c.cap) {
    markTruncated(s, c, o + 20, 'IPv4');
    return;
  }
  let ipLen = be16(d, o + 2);
  const repAvail = c.rep - o;
  if (ipLen < hlen) {
    if (ipLen !== 0) {
      s.info = `Bogus IP length (${ipLen}, less than header length ${hlen})`;
      markMalformed(s, s.info);
      return;
    }
    ipLen = repAvail; // TSO/BIG TCP: the NIC fills in the length later
  }
  const id = be16(d, o + 4);
  const fo = be16(d, o + 6);
  const ttl = d[o + 8];
  const proto = d[o + 9];
  s.ipSrc = formatIPv4(d, o + 12);
  s.ipDst = formatIPv4(d, o + 16);
  s.ipProto = proto;
  s.ipId = id;
  s.ipTtl = ttl;
  // The datagram ends at the total length; bytes after it (Ethernet padding) are not ours.
  const end = ipLen < repAvail ? o + ipLen : c.rep;
  c.rep = end;
  if (c.cap > end) c.cap = end;
  const payOff = o + hlen;
  if (payOff > c.cap) {
    markTruncated(s, c, payOff, 'IPv4');
    return;
  }
  c.ttl = ttl;
  c.off = payOff;
  const fragOff = (fo & 0x1fff) << 3;
  if ((fo & 0x2000) !== 0 || fragOff !== 0) {
    s.ipFragment = true;
    const info = 'Fragmented IP protocol (proto=' + ipProtoName(proto) + ' ' + proto + ', off=' + fragOff +
      ', ID=' + HEX2[id >> 8] + HEX2[id & 0xff] + ')';
    s.info = info;
    s.protocols += ':data';
    if (fragOff === 0) {
      // First fragment: the transport header is here. Record ports etc., but keep the columns
      // Wireshark shows for a fragment (it waits for reassembly before dissecting the payload).
      const protocols = s.protocols, malformed = s.malformed;
      c.fragmented = true;
      summarizeIpPayload(s, c, proto);
      s.protocol = 'IPv4';
      s.info = info;
      s.protocols = protocols;
      s.malformed = malformed;
    }
    return;
  }
  summarizeIpPayload(s, c, proto);
}

const FLAG_NAMES = ['Reserved', "Don't fragment", 'More fragments'];

export function dissectIPv4(c: DCursor): void {
  const d = c.d, o = c.off;
  c.layer = 'IPv4';
  const haveAddrs = c.cap >= o + 20;
  const n = c.layerNode('Internet Protocol Version 4', 'ip', o, Math.max(0, Math.min(20, c.cap - o)));
  const vhl = c.u8(o);
  const ver = vhl >> 4, hlen = (vhl & 15) << 2;
  add(n, `${bitPicture(vhl, 0xf0, 8)} = Version: ${ver}`, 'ip.version', String(ver), o, 1);
  if (ver !== 4) {
    add(n, `[Bogus IPv4 version (${ver}, must be 4)]`, undefined, undefined, o, 1);
    return;
  }
  const hl = add(n, `${bitPicture(vhl, 0x0f, 8)} = Header Length: ${hlen} bytes (${hlen >> 2})`, 'ip.hdr_len', String(hlen), o, 1);
  if (hlen < 20) {
    hl.label = `${bitPicture(vhl, 0x0f, 8)} = Header Length: ${hlen} bytes (${hlen >> 2}) [bogus, must be at least 20]`;
    n.length = 1;
    return;
  }
  n.length = hlen;
  if (haveAddrs) n.label = `Internet Protocol Version 4, Src: ${formatIPv4(d, o + 12)}, Dst: ${formatIPv4(d, o + 16)}`;
  const ds = c.u8(o + 1);
  const dsN = add(n, `Differentiated Services Field: ${'0x' + HEX2[ds]} (DSCP: ${dscpShort(ds >> 2)}, ECN: ${ecnShort(ds)})`,
    'ip.dsfield', '0x' + HEX2[ds], o + 1, 1);
  add(dsN, `${bitPicture(ds, 0xfc, 8)} = Differentiated Services Codepoint: ${dscpLong(ds >> 2)} (${ds >> 2})`, 'ip.dsfield.dscp', String(ds >> 2), o + 1, 1);
  add(dsN, `${bitPicture(ds, 0x03, 8)} = Explicit Congestion Notification: ${ecnLong(ds)} (${ds & 3})`, 'ip.dsfield.ecn', String(ds & 3), o + 1, 1);
  let ipLen = c.u16(o + 2);
  const repAvail = c.rep - o;
  if (ipLen < hlen) {
    if (ipLen !== 0) {
      add(n, `Total Length: ${ipLen} [bogus, less than header length ${hlen}]`, 'ip.len', String(ipLen), o + 2, 2);
      return;
    }
    ipLen = repAvail;
    add(n, `[Total Length: ${ipLen} bytes (reported as 0, presumed to be because of "TCP segmentation offload" (TSO))]`,
      'ip.len', String(ipLen), o + 2, 2);
  } else {
    const ln = add(n, `Total Length: ${ipLen}`, 'ip.len', String(ipLen), o + 2, 2);
    if (ipLen > repAvail) add(ln, `[Expert Info (Error/Protocol): IPv4 total length exceeds packet length (${repAvail} bytes)]`, undefined, undefined, o + 2, 2);
  }
  const id = c.u16(o + 4);
  add(n, `Identification: ${hex16(id)} (${id})`, 'ip.id', hex16(id), o + 4, 2);
  const fo = c.u16(o + 6);
  const flags = fo >> 13;
  const names: string[] = [];
  for (let i = 0; i < 3; i++) if (flags & (4 >> i)) names.push(FLAG_NAMES[i]);
  const fl = add(n, `${bitPicture(fo >> 8, 0xe0, 8)} = Flags: 0x${flags}${names.length ? ', ' + names.join(', ') : ''}`,
    'ip.flags', '0x' + HEX2[flags], o + 6, 1);
  add(fl, `${bitPicture(fo >> 8, 0x80, 8)} = Reserved bit: ${flags & 4 ? 'Set' : 'Not set'}`, 'ip.flags.rb', String((flags >> 2) & 1), o + 6, 1);
  add(fl, `${bitPicture(fo >> 8, 0x40, 8)} = Don't fragment: ${flags & 2 ? 'Set' : 'Not set'}`, 'ip.flags.df', String((flags >> 1) & 1), o + 6, 1);
  add(fl, `${bitPicture(fo >> 8, 0x20, 8)} = More fragments: ${flags & 1 ? 'Set' : 'Not set'}`, 'ip.flags.mf', String(flags & 1), o + 6, 1);
  const fragUnits = fo & 0x1fff;
  add(n, `${bitPicture(fo, 0x1fff, 16)} = Fragment Offset: ${fragUnits << 3}`, 'ip.frag_offset', String(fragUnits), o + 6, 2);
  const ttl = c.u8(o + 8);
  add(n, `Time to Live: ${ttl}`, 'ip.ttl', String(ttl), o + 8, 1);
  const proto = c.u8(o + 9);
  add(n, `Protocol: ${ipProtoName(proto)} (${proto})`, 'ip.proto', String(proto), o + 9, 1);
  const ck = c.u16(o + 10);
  add(n, `Header Checksum: ${hex16(ck)} [validation disabled]`, 'ip.checksum', hex16(ck), o + 10, 2);
  add(n, '[Header checksum status: Unverified]', 'ip.checksum.status', '2', o + 10, 0);
  c.need(o + 12, 4);
  const src = formatIPv4(d, o + 12);
  add(n, `Source Address: ${src}`, 'ip.src', src, o + 12, 4);
  c.need(o + 16, 4);
  const dst = formatIPv4(d, o + 16);
  add(n, `Destination Address: ${dst}`, 'ip.dst', dst, o + 16, 4);
  const end = ipLen < repAvail ? o + ipLen : c.rep;
  c.rep = end;
  if (c.cap > end) c.cap = end;
  c.l3End = Math.min(end, c.cap);
  if (hlen > 20) dissectOptions(n, c, o + 20, o + hlen);
  c.ttl = ttl;
  c.off = o + hlen;
  const fragOff = fragUnits << 3;
  if (fragOff !== 0) {
    c.fragmented = true;
    dissectIpPayload(c, -1); // not the start of the transport header
    return;
  }
  if (flags & 1) c.fragmented = true;
  dissectIpPayload(c, c.fragmented && c.fragmentsAsData ? -1 : proto);
}

const OPT_NAMES: Record<number, string> = {
  0: 'End of Options List (EOL)', 1: 'No Operation (NOP)', 7: 'Record Route', 68: 'Time Stamp', 130: 'Security',
  131: 'Loose Source Route', 137: 'Strict Source Route', 136: 'Stream ID', 148: 'Router Alert', 25: 'Quick-Start',
  82: 'Traceroute', 134: 'Commercial Security',
};

function dissectOptions(n: DetailNode, c: DCursor, start: number, end: number): void {
  const len = end - start;
  const on = add(n, `Options: (${len} bytes)`, 'ip.options', undefined, start, len);
  const names: string[] = [];
  let p = start;
  for (let i = 0; i < 40 && p < end; i++) {
    const type = c.u8(p);
    const name = OPT_NAMES[type] ?? `Unknown (0x${HEX2[type]})`;
    names.push(name);
    if (type === 0 || type === 1) {
      const x = add(on, `IP Option - ${name}`, 'ip.opt.type', String(type), p, 1);
      add(x, `Type: ${type}`, 'ip.opt.type', String(type), p, 1);
      p += 1;
      if (type === 0) break;
      continue;
    }
    const ol = c.u8(p + 1);
    if (ol < 2 || p + ol > end) {
      add(on, `IP Option - ${name} [bogus length ${ol}]`, 'ip.opt.type', String(type), p, Math.min(2, end - p));
      break;
    }
    c.need(p, ol);
    const x = add(on, `IP Option - ${name} (${ol} bytes)`, 'ip.opt.type', String(type), p, ol);
    add(x, `Type: ${type}`, 'ip.opt.type', String(type), p, 1);
    add(x, `Length: ${ol}`, 'ip.opt.len', String(ol), p + 1, 1);
    p += ol;
  }
  on.label = `Options: (${len} bytes), ${names.join(', ')}`;
}
