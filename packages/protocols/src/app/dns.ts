/**
 * Light DNS recogniser (RFC 1035; also mDNS 5353 and LLMNR 5355, which share the wire format) for
 * the Protocol/Info columns and the basic dns.* detail fields. Full DNS dissection comes later.
 *
 * Safety: names follow at most MAX_POINTERS compression pointers and at most 255 bytes of labels,
 * every read is checked against the captured end, and record walks are capped, so hostile messages
 * (pointer loops, huge counts) cost bounded time.
 */
import { LIMITED, MALFORMED } from '../cursor.js';
import { HEX2, be16, be32, bitPicture, formatIPv4, formatIPv6, hex16 } from '../format.js';
import { DCursor, add } from '../tree.js';
import type { DetailNode, FrameSummary } from '../types.js';

export type DnsKind = 'DNS' | 'MDNS' | 'LLMNR';

/** UDP ports where Wireshark dissects DNS-format messages. */
export const DNS_UDP_PORTS: ReadonlyMap<number, DnsKind> = new Map<number, DnsKind>([
  [53, 'DNS'],
  [5353, 'MDNS'],
  [5355, 'LLMNR'],
]);

const MAX_POINTERS = 32;
const MAX_NAME = 255;
/** Records listed in the Info column / tree; Wireshark lists them all, real messages have few. */
const MAX_RECORDS = 200;

const TYPE_SHORT: Record<number, string> = {
  1: 'A', 2: 'NS', 3: 'MD', 4: 'MF', 5: 'CNAME', 6: 'SOA', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL', 11: 'WKS', 12: 'PTR',
  13: 'HINFO', 14: 'MINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB', 24: 'SIG', 25: 'KEY', 28: 'AAAA', 29: 'LOC',
  33: 'SRV', 35: 'NAPTR', 36: 'KX', 37: 'CERT', 39: 'DNAME', 41: 'OPT', 42: 'APL', 43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY',
  46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 49: 'DHCID', 50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA', 53: 'SMIMEA', 55: 'HIP',
  59: 'CDS', 60: 'CDNSKEY', 61: 'OPENPGPKEY', 62: 'CSYNC', 63: 'ZONEMD', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF',
  249: 'TKEY', 250: 'TSIG', 251: 'IXFR', 252: 'AXFR', 253: 'MAILB', 254: 'MAILA', 255: 'ANY', 256: 'URI', 257: 'CAA',
};
const TYPE_LONG: Record<number, string> = {
  1: 'A (Host Address)', 2: 'NS (authoritative Name Server)', 5: 'CNAME (Canonical NAME for an alias)',
  6: 'SOA (Start Of a zone of Authority)', 12: 'PTR (domain name PoinTeR)', 13: 'HINFO (host information)',
  15: 'MX (Mail eXchange)', 16: 'TXT (Text strings)', 28: 'AAAA (IPv6 Address)', 33: 'SRV (Server Selection)',
  35: 'NAPTR (Naming Authority PoinTeR)', 41: 'OPT', 43: 'DS (Delegation Signer)', 44: 'SSHFP (SSH Key Fingerprint)',
  46: 'RRSIG (Resource Record Signature)', 47: 'NSEC (Next Secure)', 48: 'DNSKEY (DNS Public Key)',
  64: 'SVCB (General-purpose service binding)', 65: 'HTTPS (SVCB-compatible type for use with HTTP)',
  255: 'ANY (Request for all records)', 257: 'CAA (Certification Authority Restriction)',
};
const OPCODES: Record<number, string> = {
  0: 'Standard query', 1: 'Inverse query', 2: 'Server status request', 4: 'Zone change notification',
  5: 'Dynamic update', 6: 'DNS Stateful operations (DSO)',
};
const RCODES: Record<number, string> = {
  0: 'No error', 1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused',
  6: 'Name exists', 7: 'RRset exists', 8: 'RRset does not exist', 9: 'Not authoritative', 10: 'Name out of zone',
};
const CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };

export function dnsTypeShort(t: number): string {
  return TYPE_SHORT[t] ?? `Unknown (${t})`;
}
function dnsTypeLong(t: number): string {
  return `${TYPE_LONG[t] ?? dnsTypeShort(t)} (${t})`;
}
function opcodeName(op: number): string {
  return OPCODES[op] ?? `Unknown operation (${op})`;
}

const NAME_OK = 0, NAME_TRUNC = 1, NAME_BAD = 2;
/** Results of readName (module-level to avoid an object per name). */
let nameNext = 0;
let nameStatus = NAME_OK;
let nameLabels = 0;

/**
 * Read a (possibly compressed) name at `p` inside the message starting at `msg`, reading only
 * below `end`. Sets nameNext (offset after the name at its original place) and nameStatus.
 */
export function readName(d: Uint8Array, p: number, msg: number, end: number): string {
  let name = '';
  let jumped = false, jumps = 0, total = 0;
  nameStatus = NAME_OK;
  nameLabels = 0;
  nameNext = p;
  for (;;) {
    if (p >= end) {
      nameStatus = NAME_TRUNC;
      break;
    }
    const l = d[p];
    if (l === 0) {
      if (!jumped) nameNext = p + 1;
      break;
    }
    const kind = l & 0xc0;
    if (kind === 0xc0) {
      if (p + 2 > end) {
        nameStatus = NAME_TRUNC;
        break;
      }
      if (!jumped) nameNext = p + 2;
      jumped = true;
      const target = msg + (((l & 0x3f) << 8) | d[p + 1]);
      // A pointer loop, or too many hops, is malformed (RFC 1035 pointers point to earlier names).
      if (++jumps > MAX_POINTERS || target >= end) {
        nameStatus = target >= end && jumps <= MAX_POINTERS ? NAME_TRUNC : NAME_BAD;
        break;
      }
      p = target;
      continue;
    }
    if (kind !== 0) {
      nameStatus = NAME_BAD; // extended label types (0x40/0x80) are obsolete
      break;
    }
    if (p + 1 + l > end) {
      nameStatus = NAME_TRUNC;
      break;
    }
    total += l + 1;
    if (total > MAX_NAME) {
      nameStatus = NAME_BAD;
      break;
    }
    let label = '';
    for (let i = p + 1; i <= p + l; i++) {
      const ch = d[i];
      label += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : '\\x' + HEX2[ch];
    }
    name = name ? name + '.' + label : label;
    nameLabels++;
    p += 1 + l;
  }
  if (!jumped && nameStatus !== NAME_OK) nameNext = p;
  return name === '' ? '<Root>' : name;
}

/** Where the name last read by readName ends (at its original place, before any pointer jump). */
export function readNameEnd(): number {
  return nameNext;
}

/** How the last readName went: 0 well-formed, 1 cut short by `end`, 2 malformed (pointer loop, bad label, > 255 bytes). */
export function readNameStatus(): number {
  return nameStatus;
}

/** Text after the type in the Info column for one resource record (" 1.2.3.4", " 10 mx.example"). */
function rdataInfo(d: Uint8Array, type: number, r: number, rdlen: number, msg: number, end: number): string {
  switch (type) {
    case 1:
      return rdlen === 4 ? ' ' + formatIPv4(d, r) : '';
    case 28:
      return rdlen === 16 ? ' ' + formatIPv6(d, r) : '';
    case 2:
    case 5:
    case 12:
    case 39:
    case 47: // NSEC: next domain name
    case 6: // SOA: primary name server
      return ' ' + readName(d, r, msg, end);
    case 15:
      return rdlen >= 3 ? ' ' + be16(d, r) + ' ' + readName(d, r + 2, msg, end) : '';
    case 33:
      return rdlen >= 7 ? ' ' + be16(d, r) + ' ' + be16(d, r + 2) + ' ' + be16(d, r + 4) + ' ' + readName(d, r + 6, msg, end) : '';
    default:
      return '';
  }
}

/**
 * Info text of the DNS message in [msg, capEnd) (repEnd: where the message really ends), or
 * undefined when it is too short to be DNS.
 */
export function dnsInfo(d: Uint8Array, msg: number, capEnd: number, repEnd: number, kind: DnsKind): string | undefined {
  if (msg + 12 > capEnd) return undefined;
  const end = capEnd < repEnd ? capEnd : repEnd;
  const cut = capEnd < repEnd ? LIMITED : MALFORMED;
  const id = be16(d, msg);
  const flags = be16(d, msg + 2);
  const qr = (flags & 0x8000) !== 0;
  const rcode = flags & 0xf;
  let info = opcodeName((flags >> 11) & 0xf) + (qr ? ' response ' : ' ') + hex16(id);
  if (rcode !== 0) info += ' ' + (RCODES[rcode] ?? `Unknown (${rcode})`);
  const mdns = kind === 'MDNS';
  let qd = be16(d, msg + 4);
  let rr = be16(d, msg + 6) + be16(d, msg + 8) + be16(d, msg + 10);
  let p = msg + 12;
  let budget = MAX_RECORDS;
  for (; qd > 0 && budget > 0; qd--, budget--) {
    const name = readName(d, p, msg, end);
    if (nameStatus !== NAME_OK) return info + (nameStatus === NAME_BAD ? MALFORMED : cut);
    p = nameNext;
    if (p + 4 > end) return info + cut;
    const type = be16(d, p), cls = be16(d, p + 2);
    info += ' ' + dnsTypeShort(type) + ' ' + name;
    if (mdns) info += cls & 0x8000 ? ', "QU" question' : ', "QM" question';
    p += 4;
  }
  for (; rr > 0 && budget > 0; rr--, budget--) {
    readName(d, p, msg, end);
    if (nameStatus !== NAME_OK) return info + (nameStatus === NAME_BAD ? MALFORMED : cut);
    p = nameNext;
    if (p + 10 > end) return info + cut;
    const type = be16(d, p), cls = be16(d, p + 2), rdlen = be16(d, p + 8);
    const r = p + 10;
    if (r + rdlen > end) return info + ' ' + dnsTypeShort(type) + cut;
    info += ' ' + dnsTypeShort(type);
    if (mdns && type !== 41 && cls & 0x8000) info += ', cache flush';
    info += rdataInfo(d, type, r, rdlen, msg, end);
    p = r + rdlen;
  }
  return info;
}

const PROTOCOLS: Record<DnsKind, string> = { DNS: ':dns', MDNS: ':mdns', LLMNR: ':llmnr' };

export function summarizeDnsUdp(s: FrameSummary, d: Uint8Array, off: number, capEnd: number, repEnd: number, kind: DnsKind): boolean {
  const info = dnsInfo(d, off, capEnd, repEnd, kind);
  if (info === undefined) return false;
  s.protocol = kind;
  s.info = info;
  s.protocols += PROTOCOLS[kind];
  return true;
}

/** DNS over TCP (RFC 7766): a 2-byte length, then the message; only a message complete in this segment counts. */
export function summarizeDnsTcp(s: FrameSummary, d: Uint8Array, off: number, capEnd: number, repEnd: number): boolean {
  if (off + 2 > capEnd) return false;
  const len = be16(d, off);
  if (len < 12 || off + 2 + len > repEnd) return false;
  const info = dnsInfo(d, off + 2, capEnd, off + 2 + len, 'DNS');
  if (info === undefined) return false;
  s.protocol = 'DNS';
  s.info = info;
  s.protocols += ':dns';
  return true;
}

// ---- detail tree ----------------------------------------------------------------------------

function flagLine(flags: number, mask: number, text: string): string {
  return `${bitPicture(flags, mask, 16)} = ${text}`;
}

function classText(cls: number): string {
  return `${CLASSES[cls & 0x7fff] ?? 'Unknown'} (0x${HEX2[(cls >> 8) & 0x7f]}${HEX2[cls & 0xff]})`;
}

export function dissectDnsTcp(c: DCursor, off: number, repEnd: number): boolean {
  if (off + 2 > c.cap) return false;
  const len = be16(c.d, off);
  if (len < 12 || off + 2 + len > repEnd) return false;
  return dissectDns(c, off, off + 2 + len, 'DNS', true);
}

/** Adds the DNS layer for the message at `off` (after a 2-byte length when `tcp`). */
export function dissectDns(c: DCursor, off: number, repEnd: number, kind: DnsKind, tcp = false): boolean {
  const d = c.d;
  const msg = tcp ? off + 2 : off;
  if (msg + 12 > c.cap) return false;
  c.layer = kind;
  const flags = be16(d, msg + 2);
  const qr = (flags & 0x8000) !== 0;
  const title = kind === 'MDNS' ? 'Multicast Domain Name System' : kind === 'LLMNR' ? 'Link-local Multicast Name Resolution' : 'Domain Name System';
  const n = c.layerNode(`${title} (${qr ? 'response' : 'query'})`, kind.toLowerCase(), off, repEnd - off);
  if (tcp) add(n, `Length: ${repEnd - msg}`, 'dns.length', String(repEnd - msg), off, 2);
  const id = be16(d, msg);
  add(n, `Transaction ID: ${hex16(id)}`, 'dns.id', hex16(id), msg, 2);
  const opcode = (flags >> 11) & 0xf, rcode = flags & 0xf;
  const fl = add(n, `Flags: ${hex16(flags)} ${opcodeName(opcode)}${qr ? ' response' : ''}${rcode ? ', ' + (RCODES[rcode] ?? 'Unknown') : qr ? ', No error' : ''}`,
    'dns.flags', hex16(flags), msg + 2, 2);
  add(fl, flagLine(flags, 0x8000, `Response: Message is a ${qr ? 'response' : 'query'}`), 'dns.flags.response', qr ? '1' : '0', msg + 2, 2);
  add(fl, flagLine(flags, 0x7800, `Opcode: ${opcodeName(opcode)} (${opcode})`), 'dns.flags.opcode', String(opcode), msg + 2, 2);
  if (qr) add(fl, flagLine(flags, 0x0400, `Authoritative: ${flags & 0x0400 ? 'Server is an authority for domain' : 'Server is not an authority for domain'}`), 'dns.flags.authoritative', flags & 0x0400 ? '1' : '0', msg + 2, 2);
  add(fl, flagLine(flags, 0x0200, `Truncated: ${flags & 0x0200 ? 'Message is truncated' : 'Message is not truncated'}`), 'dns.flags.truncated', flags & 0x0200 ? '1' : '0', msg + 2, 2);
  add(fl, flagLine(flags, 0x0100, `Recursion desired: ${flags & 0x0100 ? 'Do query recursively' : "Don't do query recursively"}`), 'dns.flags.recdesired', flags & 0x0100 ? '1' : '0', msg + 2, 2);
  if (qr) add(fl, flagLine(flags, 0x0080, `Recursion available: ${flags & 0x0080 ? 'Server can do recursive queries' : "Server can't do recursive queries"}`), 'dns.flags.recavail', flags & 0x0080 ? '1' : '0', msg + 2, 2);
  add(fl, flagLine(flags, 0x0040, `Z: reserved (${(flags >> 6) & 1})`), 'dns.flags.z', String((flags >> 6) & 1), msg + 2, 2);
  add(fl, flagLine(flags, 0x0020, qr ? `Answer authenticated: ${flags & 0x20 ? 'Answer/authority portion was authenticated by the server' : 'Answer/authority portion was not authenticated by the server'}` : `AD bit: ${flags & 0x20 ? 'Set' : 'Not set'}`), 'dns.flags.authenticated', flags & 0x20 ? '1' : '0', msg + 2, 2);
  add(fl, flagLine(flags, 0x0010, `Non-authenticated data: ${flags & 0x10 ? 'Acceptable' : 'Unacceptable'}`), 'dns.flags.checkdisable', flags & 0x10 ? '1' : '0', msg + 2, 2);
  if (qr) add(fl, flagLine(flags, 0x000f, `Reply code: ${RCODES[rcode] ?? 'Unknown'} (${rcode})`), 'dns.flags.rcode', String(rcode), msg + 2, 2);
  const counts = [be16(d, msg + 4), be16(d, msg + 6), be16(d, msg + 8), be16(d, msg + 10)];
  add(n, `Questions: ${counts[0]}`, 'dns.count.queries', String(counts[0]), msg + 4, 2);
  add(n, `Answer RRs: ${counts[1]}`, 'dns.count.answers', String(counts[1]), msg + 6, 2);
  add(n, `Authority RRs: ${counts[2]}`, 'dns.count.auth_rr', String(counts[2]), msg + 8, 2);
  add(n, `Additional RRs: ${counts[3]}`, 'dns.count.add_rr', String(counts[3]), msg + 10, 2);
  const end = Math.min(c.cap, repEnd);
  let p = msg + 12;
  let budget = MAX_RECORDS;
  if (counts[0] > 0) {
    const qs = add(n, 'Queries', undefined, undefined, p, 0);
    for (let i = 0; i < counts[0] && budget > 0; i++, budget--) {
      const start = p;
      const name = readName(d, p, msg, end);
      if (nameStatus !== NAME_OK) return badName(n, c, p, end, repEnd);
      const labels = nameLabels;
      p = nameNext;
      c.need(p, 4);
      const type = be16(d, p), cls = be16(d, p + 2);
      const q = add(qs, `${name}: type ${dnsTypeShort(type)}, class ${CLASSES[cls & 0x7fff] ?? 'Unknown'}`, undefined, undefined, start, p + 4 - start);
      add(q, `Name: ${name}`, 'dns.qry.name', name, start, nameNext - start);
      add(q, `[Name Length: ${name === '<Root>' ? 6 : name.length}]`, 'dns.qry.name.len', String(name === '<Root>' ? 6 : name.length), start, 0);
      add(q, `[Label Count: ${labels}]`, 'dns.count.labels', String(labels), start, 0);
      add(q, `Type: ${dnsTypeLong(type)}`, 'dns.qry.type', String(type), p, 2);
      add(q, `Class: ${classText(cls)}`, 'dns.qry.class', '0x' + HEX2[(cls >> 8) & 0x7f] + HEX2[cls & 0xff], p + 2, 2);
      if (kind === 'MDNS') add(q, `${bitPicture(cls, 0x8000, 16)} = "QU" question: ${cls & 0x8000 ? 'True' : 'False'}`, 'dns.qry.qu', cls & 0x8000 ? '1' : '0', p + 2, 2);
      p += 4;
      qs.length = p - qs.start;
    }
  }
  const sections = ['Answers', 'Authoritative nameservers', 'Additional records'];
  for (let s = 0; s < 3; s++) {
    if (counts[s + 1] === 0) continue;
    const sec = add(n, sections[s], undefined, undefined, p, 0);
    for (let i = 0; i < counts[s + 1] && budget > 0; i++, budget--) {
      const start = p;
      const name = readName(d, p, msg, end);
      if (nameStatus !== NAME_OK) return badName(n, c, p, end, repEnd);
      p = nameNext;
      c.need(p, 10);
      const type = be16(d, p), cls = be16(d, p + 2), ttl = be32(d, p + 4), rdlen = be16(d, p + 8);
      const r = p + 10;
      c.need(r, rdlen);
      const rrNode = add(sec, `${name}: type ${dnsTypeShort(type)}`, undefined, undefined, start, r + rdlen - start);
      add(rrNode, `Name: ${name}`, 'dns.resp.name', name, start, p - start);
      add(rrNode, `Type: ${dnsTypeLong(type)}`, 'dns.resp.type', String(type), p, 2);
      if (type === 41) {
        add(rrNode, `UDP payload size: ${cls}`, 'dns.rr.udp_payload_size', String(cls), p + 2, 2);
        add(rrNode, `Higher bits in extended RCODE: 0x${HEX2[d[p + 4]]}`, 'dns.resp.ext_rcode', '0x' + HEX2[d[p + 4]], p + 4, 1);
        add(rrNode, `EDNS0 version: ${d[p + 5]}`, 'dns.resp.edns0_version', String(d[p + 5]), p + 5, 1);
        add(rrNode, `Z: ${hex16(be16(d, p + 6))}`, 'dns.resp.z', hex16(be16(d, p + 6)), p + 6, 2);
        rrNode.label = `${name}: type OPT`;
      } else {
        add(rrNode, `Class: ${classText(cls)}`, 'dns.resp.class', '0x' + HEX2[(cls >> 8) & 0x7f] + HEX2[cls & 0xff], p + 2, 2);
        if (kind === 'MDNS') add(rrNode, `${bitPicture(cls, 0x8000, 16)} = Cache flush: ${cls & 0x8000 ? 'True' : 'False'}`, 'dns.resp.cache_flush', cls & 0x8000 ? '1' : '0', p + 2, 2);
        add(rrNode, `Time to live: ${ttl}`, 'dns.resp.ttl', String(ttl), p + 4, 4);
        rrNode.label += `, class ${CLASSES[cls & 0x7fff] ?? 'Unknown'}`;
      }
      add(rrNode, `Data length: ${rdlen}`, 'dns.resp.len', String(rdlen), p + 8, 2);
      const extra = rdataFields(rrNode, d, type, r, rdlen, msg, end);
      if (extra) rrNode.label += `, ${extra}`;
      p = r + rdlen;
      sec.length = p - sec.start;
    }
  }
  return true;
}

function badName(n: DetailNode, c: DCursor, p: number, end: number, repEnd: number): true {
  if (nameStatus === NAME_TRUNC && end < repEnd) c.need(end, 1); // throws "packet size limited"
  add(n, nameStatus === NAME_BAD ? '[Malformed name (compression loop or bad label)]' : '[Name runs past the end of the message]', '_ws.malformed', undefined, p, 0);
  return true;
}

/** rdata fields for the common types; returns the summary text for the record line. */
function rdataFields(n: DetailNode, d: Uint8Array, type: number, r: number, rdlen: number, msg: number, end: number): string {
  switch (type) {
    case 1: {
      if (rdlen !== 4) return '';
      const a = formatIPv4(d, r);
      add(n, `Address: ${a}`, 'dns.a', a, r, 4);
      return `addr ${a}`;
    }
    case 28: {
      if (rdlen !== 16) return '';
      const a = formatIPv6(d, r);
      add(n, `AAAA Address: ${a}`, 'dns.aaaa', a, r, 16);
      return `addr ${a}`;
    }
    case 5: {
      const v = readName(d, r, msg, end);
      add(n, `CNAME: ${v}`, 'dns.cname', v, r, rdlen);
      return `cname ${v}`;
    }
    case 12: {
      const v = readName(d, r, msg, end);
      add(n, `Domain Name: ${v}`, 'dns.ptr.domain_name', v, r, rdlen);
      return v;
    }
    case 2: {
      const v = readName(d, r, msg, end);
      add(n, `Name Server: ${v}`, 'dns.ns', v, r, rdlen);
      return `ns ${v}`;
    }
    case 15: {
      if (rdlen < 3) return '';
      const pref = be16(d, r);
      const v = readName(d, r + 2, msg, end);
      add(n, `Preference: ${pref}`, 'dns.mx.preference', String(pref), r, 2);
      add(n, `Mail Exchange: ${v}`, 'dns.mx.mail_exchange', v, r + 2, rdlen - 2);
      return `preference ${pref}, mx ${v}`;
    }
    case 6: {
      const m = readName(d, r, msg, end);
      const q = nameNext;
      add(n, `Primary name server: ${m}`, 'dns.soa.mname', m, r, q - r);
      const rn = readName(d, q, msg, end);
      add(n, `Responsible authority's mailbox: ${rn}`, 'dns.soa.rname', rn, q, nameNext - q);
      const t = nameNext;
      if (t + 20 <= r + rdlen) {
        add(n, `Serial Number: ${be32(d, t)}`, 'dns.soa.serial_number', String(be32(d, t)), t, 4);
        add(n, `Refresh Interval: ${be32(d, t + 4)}`, 'dns.soa.refresh_interval', String(be32(d, t + 4)), t + 4, 4);
        add(n, `Retry Interval: ${be32(d, t + 8)}`, 'dns.soa.retry_interval', String(be32(d, t + 8)), t + 8, 4);
        add(n, `Expire limit: ${be32(d, t + 12)}`, 'dns.soa.expire_limit', String(be32(d, t + 12)), t + 12, 4);
        add(n, `Minimum TTL: ${be32(d, t + 16)}`, 'dns.soa.minimum_ttl', String(be32(d, t + 16)), t + 16, 4);
      }
      return `mname ${m}`;
    }
    case 33: {
      if (rdlen < 7) return '';
      const target = readName(d, r + 6, msg, end);
      add(n, `Priority: ${be16(d, r)}`, 'dns.srv.priority', String(be16(d, r)), r, 2);
      add(n, `Weight: ${be16(d, r + 2)}`, 'dns.srv.weight', String(be16(d, r + 2)), r + 2, 2);
      add(n, `Port: ${be16(d, r + 4)}`, 'dns.srv.port', String(be16(d, r + 4)), r + 4, 2);
      add(n, `Target: ${target}`, 'dns.srv.target', target, r + 6, rdlen - 6);
      return `priority ${be16(d, r)}, weight ${be16(d, r + 2)}, port ${be16(d, r + 4)}, target ${target}`;
    }
    case 16: {
      let q = r;
      const rend = r + rdlen;
      for (let i = 0; i < 256 && q < rend; i++) {
        const l = d[q];
        if (q + 1 + l > rend) break;
        let t = '';
        for (let k = q + 1; k <= q + l; k++) t += d[k] >= 0x20 && d[k] < 0x7f ? String.fromCharCode(d[k]) : '\\x' + HEX2[d[k]];
        add(n, `TXT Length: ${l}`, 'dns.txt.length', String(l), q, 1);
        add(n, `TXT: ${t}`, 'dns.txt', t, q + 1, l);
        q += 1 + l;
      }
      return '';
    }
    default:
      return '';
  }
}
