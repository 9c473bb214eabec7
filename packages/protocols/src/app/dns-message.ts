/**
 * Full DNS message dissection (RFC 1035 and the common RR types) into facts keyed by Wireshark field
 * names, and DNS-over-TCP framing (RFC 7766: a 2-byte length before each message) for the PDU engine.
 *
 * Hostile input: every read is bounds-checked against the message end, names follow at most 32
 * compression pointers and 255 bytes of labels (readName in dns.ts), at most MAX_RECORDS questions and
 * records are walked whatever the header counts say, TXT strings per record are capped. Nothing throws:
 * a message that stops making sense keeps the facts read so far and gets `_ws.malformed`.
 */
import { be16, be32, formatIPv4, formatIPv6 } from '../format.js';
import { readName, readNameEnd, readNameStatus } from './dns.js';
import { NEED_MORE, latin1, type PduProtocol } from './pdu.js';

/** Questions + records walked per message at most (real messages have a handful; UDP ones at most ~4000). */
const MAX_RECORDS = 4096;
/** Character-strings read per TXT record at most. */
const MAX_TXT_STRINGS = 256;

export interface DnsFacts {
  'dns.id': number;
  'dns.flags.response': boolean;
  'dns.flags.opcode': number;
  /** Reply code; like tshark, only on responses. */
  'dns.flags.rcode'?: number;
  'dns.flags.authoritative'?: boolean;
  'dns.flags.truncated': boolean;
  'dns.flags.recdesired': boolean;
  'dns.flags.recavail'?: boolean;
  'dns.count.queries': number;
  'dns.count.answers': number;
  'dns.count.auth_rr': number;
  'dns.count.add_rr': number;
  'dns.qry.name': string[];
  'dns.qry.type': number[];
  'dns.qry.class': number[];
  /** Every resource record of the three sections, in message order (OPT included, as in tshark). */
  'dns.resp.name': string[];
  'dns.resp.type': number[];
  /** TTLs of the records other than OPT (tshark shows OPT's TTL bits as ext_rcode/version/z). */
  'dns.resp.ttl': number[];
  /** RDATA values by type, from all three sections, in message order (as tshark's fields). */
  'dns.a': string[];
  'dns.aaaa': string[];
  'dns.cname': string[];
  'dns.ptr.domain_name': string[];
  'dns.ns': string[];
  'dns.mx.mail_exchange': string[];
  'dns.srv.target': string[];
  'dns.soa.mname': string[];
  /** One entry per character-string of each TXT record. */
  'dns.txt': string[];
  /** EDNS0 requestor's UDP payload size, when an OPT record is present. */
  'dns.rr.udp_payload_size'?: number;
  /** Set when the message is cut short or inconsistent; the facts hold what came before. */
  '_ws.malformed'?: string;
}

function emptyFacts(): DnsFacts {
  return {
    'dns.id': 0, 'dns.flags.response': false, 'dns.flags.opcode': 0, 'dns.flags.truncated': false, 'dns.flags.recdesired': false,
    'dns.count.queries': 0, 'dns.count.answers': 0, 'dns.count.auth_rr': 0, 'dns.count.add_rr': 0,
    'dns.qry.name': [], 'dns.qry.type': [], 'dns.qry.class': [],
    'dns.resp.name': [], 'dns.resp.type': [], 'dns.resp.ttl': [],
    'dns.a': [], 'dns.aaaa': [], 'dns.cname': [], 'dns.ptr.domain_name': [], 'dns.ns': [], 'dns.mx.mail_exchange': [],
    'dns.srv.target': [], 'dns.soa.mname': [], 'dns.txt': [],
  };
}

/**
 * Dissects the DNS message in buf[off, end) (no TCP length prefix). Never throws; a message shorter
 * than the 12-byte header gives zeroed facts with `_ws.malformed`.
 */
export function parseDnsMessage(buf: Uint8Array, off = 0, end = buf.length): DnsFacts {
  const f = emptyFacts();
  if (end > buf.length) end = buf.length;
  if (off < 0 || off + 12 > end) {
    f['_ws.malformed'] = 'DNS header cut short';
    return f;
  }
  const flags = be16(buf, off + 2);
  const qr = (flags & 0x8000) !== 0;
  f['dns.id'] = be16(buf, off);
  f['dns.flags.response'] = qr;
  f['dns.flags.opcode'] = (flags >> 11) & 0xf;
  f['dns.flags.truncated'] = (flags & 0x0200) !== 0;
  f['dns.flags.recdesired'] = (flags & 0x0100) !== 0;
  if (qr) {
    f['dns.flags.authoritative'] = (flags & 0x0400) !== 0;
    f['dns.flags.recavail'] = (flags & 0x0080) !== 0;
    f['dns.flags.rcode'] = flags & 0xf;
  }
  const qd = be16(buf, off + 4), an = be16(buf, off + 6), ns = be16(buf, off + 8), ar = be16(buf, off + 10);
  f['dns.count.queries'] = qd;
  f['dns.count.answers'] = an;
  f['dns.count.auth_rr'] = ns;
  f['dns.count.add_rr'] = ar;
  let p = off + 12;
  let budget = MAX_RECORDS;
  for (let i = 0; i < qd; i++) {
    if (budget-- <= 0) return malformed(f, 'too many records');
    const name = readName(buf, p, off, end);
    if (readNameStatus() !== 0) return malformed(f, 'bad or cut query name');
    p = readNameEnd();
    if (p + 4 > end) return malformed(f, 'query cut short');
    f['dns.qry.name'].push(name);
    f['dns.qry.type'].push(be16(buf, p));
    f['dns.qry.class'].push(be16(buf, p + 2));
    p += 4;
  }
  const rrs = an + ns + ar;
  for (let i = 0; i < rrs; i++) {
    if (budget-- <= 0) return malformed(f, 'too many records');
    const name = readName(buf, p, off, end);
    if (readNameStatus() !== 0) return malformed(f, 'bad or cut record name');
    p = readNameEnd();
    if (p + 10 > end) return malformed(f, 'record cut short');
    const type = be16(buf, p), cls = be16(buf, p + 2), ttl = be32(buf, p + 4), rdlen = be16(buf, p + 8);
    const r = p + 10;
    f['dns.resp.name'].push(name);
    f['dns.resp.type'].push(type);
    if (type === 41) f['dns.rr.udp_payload_size'] = cls;
    else f['dns.resp.ttl'].push(ttl);
    if (r + rdlen > end) return malformed(f, 'record data cut short');
    rdata(f, buf, type, r, rdlen, off, end);
    p = r + rdlen;
  }
  return f;
}

function malformed(f: DnsFacts, why: string): DnsFacts {
  f['_ws.malformed'] = why;
  return f;
}

/** A domain name inside RDATA [r, r + rdlen), or undefined when it is malformed or runs past the RDATA. */
function rdName(buf: Uint8Array, at: number, rEnd: number, msg: number, end: number): string | undefined {
  const n = readName(buf, at, msg, end);
  return readNameStatus() === 0 && readNameEnd() <= rEnd ? n : undefined;
}

function rdata(f: DnsFacts, buf: Uint8Array, type: number, r: number, rdlen: number, msg: number, end: number): void {
  const rEnd = r + rdlen;
  let v: string | undefined;
  switch (type) {
    case 1:
      if (rdlen === 4) f['dns.a'].push(formatIPv4(buf, r));
      return;
    case 28:
      if (rdlen === 16) f['dns.aaaa'].push(formatIPv6(buf, r));
      return;
    case 5:
      if ((v = rdName(buf, r, rEnd, msg, end)) !== undefined) f['dns.cname'].push(v);
      return;
    case 12:
      if ((v = rdName(buf, r, rEnd, msg, end)) !== undefined) f['dns.ptr.domain_name'].push(v);
      return;
    case 2:
      if ((v = rdName(buf, r, rEnd, msg, end)) !== undefined) f['dns.ns'].push(v);
      return;
    case 6:
      if ((v = rdName(buf, r, rEnd, msg, end)) !== undefined) f['dns.soa.mname'].push(v);
      return;
    case 15:
      if (rdlen >= 3 && (v = rdName(buf, r + 2, rEnd, msg, end)) !== undefined) f['dns.mx.mail_exchange'].push(v);
      return;
    case 33:
      if (rdlen >= 7 && (v = rdName(buf, r + 6, rEnd, msg, end)) !== undefined) f['dns.srv.target'].push(v);
      return;
    case 16: {
      let p = r;
      for (let i = 0; i < MAX_TXT_STRINGS && p < rEnd; i++) {
        const l = buf[p];
        if (p + 1 + l > rEnd) break;
        f['dns.txt'].push(latin1(buf, p + 1, p + 1 + l));
        p += 1 + l;
      }
      return;
    }
    default:
  }
}

// ---- DNS over TCP ---------------------------------------------------------------------------

/** Length of the DNS-over-TCP PDU at buf[off] (2-byte prefix + message), or NEED_MORE. The prefix alone frames the stream, as in Wireshark. */
export function dnsTcpPduLength(buf: Uint8Array, off: number): number {
  if (off < 0 || off + 2 > buf.length) return NEED_MORE;
  return 2 + be16(buf, off);
}

/** Dissects one DNS-over-TCP PDU (length prefix + message). */
export function parseDnsTcpPdu(pdu: Uint8Array): DnsFacts {
  if (pdu.length < 2) return parseDnsMessage(pdu, 0, 0);
  return parseDnsMessage(pdu, 2, Math.min(pdu.length, 2 + be16(pdu, 0)));
}

/** Opcodes in use: 0 query, 1 iquery, 2 status, 4 notify, 5 update, 6 DSO. */
const OPCODE_OK = 0b1110111;
/** Full parses one resync call may try (crafted bytes could make every offset a candidate). */
const MAX_RESYNC_PARSES = 1024;

/**
 * After a gap: the first offset where a length prefix is followed by a DNS message that parses cleanly
 * and ends exactly at its length. Failing that, a message running past buf is accepted on a sane header
 * and a well-formed first question of class IN/CH/HS/ANY (a true message start that runs past the
 * buffer cannot have a complete message after it, so a complete one wins). -1 when buf holds none.
 */
export function dnsTcpResync(buf: Uint8Array, offset: number): number {
  let partial = -1;
  let parses = MAX_RESYNC_PARSES;
  for (let p = Math.max(0, offset); p + 14 <= buf.length; p++) {
    const len = be16(buf, p);
    if (len < 12) continue;
    const m = p + 2;
    const flags = be16(buf, m + 2);
    if ((OPCODE_OK & (1 << ((flags >> 11) & 0xf))) === 0 || (flags & 0x0040) !== 0) continue;
    const qd = be16(buf, m + 4);
    if (qd > 8 || (qd === 0 && (flags & 0x7800) === 0)) continue;
    if (m + len <= buf.length) {
      if (parses-- <= 0) break;
      const f = parseDnsMessage(buf, m, m + len);
      if (f['_ws.malformed'] === undefined && consumed(buf, m, m + len)) return p;
      continue;
    }
    if (partial < 0 && qd >= 1) {
      readName(buf, m + 12, m, buf.length);
      const q = readNameEnd();
      if (readNameStatus() === 0 && q + 4 <= buf.length) {
        const cls = be16(buf, q + 2) & 0x7fff;
        if (cls === 1 || cls === 3 || cls === 4 || cls === 255) partial = p;
      }
    }
  }
  return partial;
}

/** True when the records the header announces end exactly at `end` (a resync candidate fits its prefix). */
function consumed(buf: Uint8Array, m: number, end: number): boolean {
  let p = m + 12;
  const qd = be16(buf, m + 4);
  const rr = be16(buf, m + 6) + be16(buf, m + 8) + be16(buf, m + 10);
  for (let i = 0; i < qd; i++) {
    readName(buf, p, m, end);
    p = readNameEnd() + 4;
  }
  for (let i = 0; i < rr && p < end; i++) {
    readName(buf, p, m, end);
    p = readNameEnd();
    if (p + 10 > end) return false;
    p += 10 + be16(buf, p + 8);
  }
  return p === end;
}

/** PduProtocol for DNS over TCP (fixedLength 2). Stateless: one object serves every stream. */
export const dnsTcpPdu: PduProtocol<DnsFacts> = {
  name: 'dns',
  fixedLength: 2,
  pduLength: dnsTcpPduLength,
  dissect: (pdu) => parseDnsTcpPdu(pdu),
  resync: dnsTcpResync,
};
