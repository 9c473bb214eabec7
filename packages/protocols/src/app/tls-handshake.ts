/**
 * TLS record layer framing and handshake dissection (RFC 5246, RFC 8446) for the PDU engine: one PDU is
 * one record (5-byte header + fragment), however many segments it spans. Handshake messages may span
 * records (and several may share one); `TlsConversation` reassembles them per direction and reports
 * each message in the record that completes it, as Wireshark does.
 *
 * No decryption: after a ChangeCipherSpec in a direction, or once a ServerHello selects TLS 1.3, the
 * handshake records that follow are encrypted and only counted (a second ClientHello after a
 * HelloRetryRequest is still read). Wireshark with a key log reports the encrypted messages
 * (EncryptedExtensions, Certificate, ...) too; we do not.
 *
 * Hostile input: record lengths above 2^14 + 2048 are INVALID, a handshake message is buffered up to
 * MAX_HANDSHAKE bytes, extension/cipher/ALPN/version lists are walked within their declared lengths
 * and capped, and nothing throws.
 */
import { hex16 } from '../format.js';
import { INVALID, NEED_MORE, StreamMap, latin1, streamOf, type PduProtocol } from './pdu.js';

/** RFC 8446 §5.2: TLSCiphertext.length <= 2^14 + 256; TLS 1.2 allows 2^14 + 2048. */
export const MAX_RECORD_PAYLOAD = 16384 + 2048;
/** Largest handshake message reassembled (certificate chains are the big ones). */
export const MAX_HANDSHAKE = 256 * 1024;
const MAX_LIST = 1024;
const MAX_MESSAGES_PER_RECORD = 256;

export const TlsContentType = { CHANGE_CIPHER_SPEC: 20, ALERT: 21, HANDSHAKE: 22, APPLICATION_DATA: 23, HEARTBEAT: 24 } as const;

/** Facts of one handshake message (fields of Client/ServerHello only when it is one). */
export interface TlsHandshakeFacts {
  'tls.handshake.type': number;
  'tls.handshake.length': number;
  /** legacy_version of a Client/ServerHello ("0x0303"). */
  'tls.handshake.version'?: string;
  /** Offered (ClientHello) or chosen (ServerHello) cipher suites, "0x1301". */
  'tls.handshake.ciphersuite'?: string[];
  'tls.handshake.extension.type'?: number[];
  'tls.handshake.extensions_server_name'?: string;
  'tls.handshake.extensions_alpn_str'?: string[];
  /** supported_versions: the offered list (ClientHello) or the selected one (ServerHello), "0x0304". */
  'tls.handshake.extensions.supported_version'?: string[];
  /** The ServerHello is a HelloRetryRequest (RFC 8446 §4.1.3). */
  helloRetryRequest?: boolean;
  '_ws.malformed'?: string;
}

/** Facts of one record, with the handshake messages it completed flattened in (as tshark's fields). */
export interface TlsRecordFacts {
  'tls.record.content_type': number;
  /** Record version, "0x0303". */
  'tls.record.version': string;
  'tls.record.length': number;
  /** Types of the plaintext handshake messages completed in this record. */
  'tls.handshake.type': number[];
  'tls.handshake.version'?: string;
  'tls.handshake.ciphersuite': string[];
  'tls.handshake.extensions_server_name'?: string;
  'tls.handshake.extensions_alpn_str': string[];
  'tls.handshake.extensions.supported_version': string[];
  'tls.alert_message.level'?: number;
  'tls.alert_message.desc'?: number;
  /** Handshake or alert bytes we cannot read (after CCS / TLS 1.3), or application data. */
  encrypted: boolean;
  /** The plaintext handshake messages completed in this record. */
  handshakes: TlsHandshakeFacts[];
  '_ws.malformed'?: string;
}

const be16 = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1];
const be24 = (b: Uint8Array, o: number): number => (b[o] << 16) | (b[o + 1] << 8) | b[o + 2];

/** True when buf[off..off+5) is a plausible record header: type 20-24, version 3.0-3.4, length in range. */
export function isTlsRecordHeader(buf: Uint8Array, off: number): boolean {
  if (off < 0 || off + 5 > buf.length) return false;
  const t = buf[off];
  return t >= 20 && t <= 24 && buf[off + 1] === 3 && buf[off + 2] <= 4 && be16(buf, off + 3) <= MAX_RECORD_PAYLOAD;
}

/** Length of the record at buf[off] (5 + fragment length), NEED_MORE before 5 bytes, INVALID when not a record header. */
export function tlsRecordLength(buf: Uint8Array, off: number): number {
  if (off < 0 || off + 5 > buf.length) return NEED_MORE;
  return isTlsRecordHeader(buf, off) ? 5 + be16(buf, off + 3) : INVALID;
}

/**
 * After a gap: the first offset where a record header is followed by another record header (or by the
 * end of buf, or runs past it), or -1.
 */
export function tlsResync(buf: Uint8Array, offset: number): number {
  for (let p = Math.max(0, offset); p + 5 <= buf.length; p++) {
    if (!isTlsRecordHeader(buf, p)) continue;
    const next = p + 5 + be16(buf, p + 3);
    if (next >= buf.length - 4 || isTlsRecordHeader(buf, next)) return p;
  }
  return -1;
}

// ---- hello parsing ----------------------------------------------------------------------------

const HRR_RANDOM = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

function versionsIs13(v: string[]): boolean {
  return v.some((x) => x === '0x0304' || x.startsWith('0x7f'));
}

/** Reads extensions in [p, end) into h. */
function extensions(b: Uint8Array, p: number, end: number, h: TlsHandshakeFacts, client: boolean): void {
  if (p + 2 > end) return;
  const extEnd = p + 2 + be16(b, p);
  if (extEnd > end) h['_ws.malformed'] = 'extensions length beyond the message';
  const stop = Math.min(extEnd, end);
  p += 2;
  const types: number[] = (h['tls.handshake.extension.type'] = []);
  for (let i = 0; i < MAX_LIST && p + 4 <= stop; i++) {
    const type = be16(b, p), len = be16(b, p + 2);
    const d = p + 4, dEnd = Math.min(d + len, stop);
    types.push(type);
    if (type === 0 && client && d + 2 <= dEnd) {
      // server_name: list of (type, length, name); the first host_name counts.
      let q = d + 2;
      const lEnd = Math.min(dEnd, q + be16(b, d));
      for (let k = 0; k < MAX_LIST && q + 3 <= lEnd; k++) {
        const nt = b[q], nl = be16(b, q + 1);
        if (q + 3 + nl > lEnd) break;
        if (nt === 0 && h['tls.handshake.extensions_server_name'] === undefined) {
          h['tls.handshake.extensions_server_name'] = latin1(b, q + 3, q + 3 + nl);
        }
        q += 3 + nl;
      }
    } else if (type === 16 && d + 2 <= dEnd) {
      const list: string[] = (h['tls.handshake.extensions_alpn_str'] ??= []);
      let q = d + 2;
      const lEnd = Math.min(dEnd, q + be16(b, d));
      for (let k = 0; k < MAX_LIST && q + 1 <= lEnd; k++) {
        const l = b[q];
        if (q + 1 + l > lEnd) break;
        list.push(latin1(b, q + 1, q + 1 + l));
        q += 1 + l;
      }
    } else if (type === 43) {
      const list: string[] = (h['tls.handshake.extensions.supported_version'] ??= []);
      if (client) {
        if (d + 1 <= dEnd) {
          const lEnd = Math.min(dEnd, d + 1 + b[d]);
          for (let q = d + 1; q + 2 <= lEnd; q += 2) list.push(hex16(be16(b, q)));
        }
      } else if (d + 2 <= dEnd) {
        list.push(hex16(be16(b, d)));
      }
    }
    p = d + len;
  }
}

/** Parses a ClientHello body b[p, end) (after the 4-byte handshake header) into h. */
function clientHello(b: Uint8Array, p: number, end: number, h: TlsHandshakeFacts): void {
  if (p + 2 > end) return void (h['_ws.malformed'] = 'ClientHello cut short');
  h['tls.handshake.version'] = hex16(be16(b, p));
  p += 2 + 32;
  if (p + 1 > end) return void (h['_ws.malformed'] = 'ClientHello cut short');
  p += 1 + b[p];
  if (p + 2 > end) return void (h['_ws.malformed'] = 'ClientHello cut short');
  const csLen = be16(b, p);
  const cs: string[] = (h['tls.handshake.ciphersuite'] = []);
  const csEnd = Math.min(end, p + 2 + csLen);
  for (let q = p + 2; q + 2 <= csEnd && cs.length < MAX_LIST; q += 2) cs.push(hex16(be16(b, q)));
  p += 2 + csLen;
  if (p + 1 > end) return void (h['_ws.malformed'] = 'ClientHello cut short');
  p += 1 + b[p];
  if (p > end) return void (h['_ws.malformed'] = 'ClientHello cut short');
  extensions(b, p, end, h, true);
}

/** Parses a ServerHello body into h. */
function serverHello(b: Uint8Array, p: number, end: number, h: TlsHandshakeFacts): void {
  if (p + 2 > end) return void (h['_ws.malformed'] = 'ServerHello cut short');
  h['tls.handshake.version'] = hex16(be16(b, p));
  if (p + 34 <= end) {
    let hrr = true;
    for (let i = 0; i < 32; i++) if (b[p + 2 + i] !== HRR_RANDOM[i]) { hrr = false; break; }
    if (hrr) h.helloRetryRequest = true;
  }
  p += 2 + 32;
  if (p + 1 > end) return void (h['_ws.malformed'] = 'ServerHello cut short');
  p += 1 + b[p];
  if (p + 3 > end) return void (h['_ws.malformed'] = 'ServerHello cut short');
  h['tls.handshake.ciphersuite'] = [hex16(be16(b, p))];
  p += 3;
  extensions(b, p, end, h, false);
}

/** Dissects one whole handshake message at b[off, end) (4-byte header + body). */
export function parseHandshakeMessage(b: Uint8Array, off = 0, end = b.length): TlsHandshakeFacts {
  if (end > b.length) end = b.length;
  if (off + 4 > end) return { 'tls.handshake.type': off < end ? b[off] : -1, 'tls.handshake.length': 0, '_ws.malformed': 'handshake header cut short' };
  const type = b[off], len = be24(b, off + 1);
  const h: TlsHandshakeFacts = { 'tls.handshake.type': type, 'tls.handshake.length': len };
  const bodyEnd = Math.min(end, off + 4 + len);
  if (off + 4 + len > end) h['_ws.malformed'] = 'handshake message cut short';
  if (type === 1) clientHello(b, off + 4, bodyEnd, h);
  else if (type === 2) serverHello(b, off + 4, bodyEnd, h);
  return h;
}

/** Known handshake types (RFC 8446 §4 and the TLS 1.2 ones). */
const HS_TYPES = new Set([0, 1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 254]);

// ---- per-connection state ---------------------------------------------------------------------

function newRecordFacts(b: Uint8Array): TlsRecordFacts {
  return {
    'tls.record.content_type': b[0], 'tls.record.version': hex16(be16(b, 1)), 'tls.record.length': be16(b, 3),
    'tls.handshake.type': [], 'tls.handshake.ciphersuite': [], 'tls.handshake.extensions_alpn_str': [],
    'tls.handshake.extensions.supported_version': [], encrypted: false, handshakes: [],
  };
}

function flatten(r: TlsRecordFacts, h: TlsHandshakeFacts): void {
  r.handshakes.push(h);
  r['tls.handshake.type'].push(h['tls.handshake.type']);
  if (h['tls.handshake.version'] !== undefined && r['tls.handshake.version'] === undefined) r['tls.handshake.version'] = h['tls.handshake.version'];
  if (h['tls.handshake.ciphersuite']) r['tls.handshake.ciphersuite'].push(...h['tls.handshake.ciphersuite']);
  const sni = h['tls.handshake.extensions_server_name'];
  if (sni !== undefined && r['tls.handshake.extensions_server_name'] === undefined) r['tls.handshake.extensions_server_name'] = sni;
  if (h['tls.handshake.extensions_alpn_str']) r['tls.handshake.extensions_alpn_str'].push(...h['tls.handshake.extensions_alpn_str']);
  const sv = h['tls.handshake.extensions.supported_version'];
  if (sv) r['tls.handshake.extensions.supported_version'].push(...sv);
  if (h['_ws.malformed'] !== undefined && r['_ws.malformed'] === undefined) r['_ws.malformed'] = h['_ws.malformed'];
}

interface DirState {
  /** Handshake bytes of a message still incomplete. */
  hs: Uint8Array;
  hsLen: number;
  /** Handshake records from here on are encrypted. */
  encrypted: boolean;
  /** After a HelloRetryRequest: the client's next ClientHello is plaintext even after a CCS. */
  expectClientHello: boolean;
  /** Handshake framing was lost (a gap inside a message, an oversized message): skip until a record starts a message. */
  lost: boolean;
}

const newDir = (): DirState => ({ hs: new Uint8Array(0), hsLen: 0, encrypted: false, expectClientHello: false, lost: false });

/**
 * One TCP connection carrying TLS: `protocol(dir)` gives the record-layer PduProtocol of each direction;
 * the two share what the handshake negotiated (TLS 1.3 makes the rest of the handshake encrypted).
 */
export class TlsConversation {
  /** Version selected by the ServerHello ("0x0304" through supported_versions), once seen. */
  negotiatedVersion: string | undefined;
  /** Cipher suite chosen by the ServerHello ("0x1302"), once seen. */
  negotiatedCipherSuite: string | undefined;
  private readonly dirs: [DirState, DirState] = [newDir(), newDir()];
  private readonly protos: [PduProtocol<TlsRecordFacts> | undefined, PduProtocol<TlsRecordFacts> | undefined] = [undefined, undefined];

  protocol(dir: 0 | 1): PduProtocol<TlsRecordFacts> {
    let p = this.protos[dir];
    if (p === undefined) {
      p = this.protos[dir] = {
        name: 'tls',
        fixedLength: 5,
        pduLength: tlsRecordLength,
        dissect: (pdu) => this.record(dir, pdu),
        resync: tlsResync,
        maxPduLength: 5 + MAX_RECORD_PAYLOAD,
      };
    }
    return p;
  }

  /** Dissects one record of direction `dir` (a head only when the engine lost the rest: then handshake reassembly restarts). */
  record(dir: 0 | 1, pdu: Uint8Array): TlsRecordFacts {
    if (pdu.length < 5) {
      const f = newRecordFacts(new Uint8Array(5));
      f['_ws.malformed'] = 'record header cut short';
      return f;
    }
    const f = newRecordFacts(pdu);
    const st = this.dirs[dir];
    const len = be16(pdu, 3);
    const end = Math.min(pdu.length, 5 + len);
    const cut = pdu.length < 5 + len;
    if (cut) f['_ws.malformed'] = 'record cut short';
    switch (pdu[0]) {
      case 20:
        st.encrypted = true;
        st.hsLen = 0;
        break;
      case 21:
        if (st.encrypted || len !== 2 || end < 7) f.encrypted = true;
        else {
          f['tls.alert_message.level'] = pdu[5];
          f['tls.alert_message.desc'] = pdu[6];
        }
        break;
      case 22:
        this.handshake(dir, st, pdu, 5, end, cut, f);
        break;
      case 23:
        f.encrypted = true;
        break;
      default:
    }
    return f;
  }

  private handshake(dir: 0 | 1, st: DirState, b: Uint8Array, p: number, end: number, cut: boolean, f: TlsRecordFacts): void {
    if (p >= end) return;
    if (st.encrypted && !(st.expectClientHello && st.hsLen === 0 && b[p] === 1)) {
      f.encrypted = true;
      return;
    }
    if (st.lost) {
      // Resume only at a record that starts with a plausible message header.
      if (end - p < 4 || !HS_TYPES.has(b[p])) return;
      st.lost = false;
      st.hsLen = 0;
    }
    // Fast path: nothing buffered, parse in place; otherwise append to the reassembly buffer.
    let buf = b, q = p, stop = end;
    if (st.hsLen > 0) {
      if (!this.append(st, b.subarray(p, end))) {
        f['_ws.malformed'] = 'handshake message too large';
        return;
      }
      buf = st.hs;
      q = 0;
      stop = st.hsLen;
    } else if (!HS_TYPES.has(b[p])) {
      // Not a handshake message header where one must start: an encrypted record (e.g. picked up mid-way).
      f.encrypted = true;
      return;
    }
    for (let i = 0; i < MAX_MESSAGES_PER_RECORD && q + 4 <= stop; i++) {
      const mlen = be24(buf, q + 1);
      if (4 + mlen > MAX_HANDSHAKE) {
        f['_ws.malformed'] = 'handshake message too large';
        st.lost = true;
        st.hsLen = 0;
        return;
      }
      if (q + 4 + mlen > stop) break;
      const h = parseHandshakeMessage(buf, q, q + 4 + mlen);
      this.afterMessage(dir, st, h);
      flatten(f, h);
      q += 4 + mlen;
      if (st.encrypted) {
        // TLS 1.3 selected: what follows in this record (if anything) is not plaintext.
        q = stop;
        break;
      }
    }
    const rest = stop - q;
    if (cut) {
      // Bytes are missing after this record's head: a message in progress cannot be completed.
      st.hsLen = 0;
      st.lost = true;
      return;
    }
    if (buf === st.hs) {
      if (rest === 0) st.hsLen = 0;
      else if (q > 0) {
        st.hs.copyWithin(0, q, stop);
        st.hsLen = rest;
      }
    } else if (rest > 0) {
      st.hsLen = 0;
      if (!this.append(st, buf.subarray(q, stop))) f['_ws.malformed'] = 'handshake message too large';
    }
  }

  private append(st: DirState, bytes: Uint8Array): boolean {
    const need = st.hsLen + bytes.length;
    if (need > MAX_HANDSHAKE) {
      st.hsLen = 0;
      st.lost = true;
      return false;
    }
    if (st.hs.length < need) {
      const n = new Uint8Array(Math.min(MAX_HANDSHAKE, Math.max(need, st.hs.length * 2, 1024)));
      n.set(st.hs.subarray(0, st.hsLen));
      st.hs = n;
    }
    st.hs.set(bytes, st.hsLen);
    st.hsLen = need;
    return true;
  }

  private afterMessage(dir: 0 | 1, st: DirState, h: TlsHandshakeFacts): void {
    const t = h['tls.handshake.type'];
    if (t === 1) st.expectClientHello = false;
    if (t !== 2) return;
    const other = this.dirs[dir === 0 ? 1 : 0];
    if (h.helloRetryRequest) {
      other.expectClientHello = true;
      return;
    }
    const sv = h['tls.handshake.extensions.supported_version'];
    this.negotiatedVersion = sv && sv.length > 0 ? sv[0] : h['tls.handshake.version'];
    this.negotiatedCipherSuite = h['tls.handshake.ciphersuite']?.[0];
    if (sv && versionsIs13(sv)) {
      // Everything after the ServerHello is encrypted in TLS 1.3, both ways.
      st.encrypted = true;
      other.encrypted = true;
      other.expectClientHello = false;
      other.hsLen = 0;
    }
  }
}

/**
 * Stateless record dissection (one record, handshake messages wholly inside it, no encryption
 * tracking beyond the record itself). Prefer TlsConversation for streams.
 */
export function parseTlsRecord(pdu: Uint8Array): TlsRecordFacts {
  return new TlsConversation().record(0, pdu);
}

/** Stateless PduProtocol: records framed and dissected one by one (see parseTlsRecord). */
export const tlsRecordPdu: PduProtocol<TlsRecordFacts> = {
  name: 'tls',
  fixedLength: 5,
  pduLength: tlsRecordLength,
  dissect: (pdu) => parseTlsRecord(pdu),
  resync: tlsResync,
  maxPduLength: 5 + MAX_RECORD_PAYLOAD,
};

/**
 * A single TLS PduProtocol for all the streams of one ingest, for an engine that keeps one protocol
 * object per protocol: record framing is stateless, and dissect() keeps each connection's handshake
 * state through its ctx (the engine's PduRecord: stream, direction, offset), so it is as complete as a
 * TlsConversation per stream. At most 65,536 connections are remembered (least recently used out).
 * Without a ctx it behaves like tlsRecordPdu.
 */
export function createTlsPdu(): PduProtocol<TlsRecordFacts> {
  const convs = new StreamMap(() => new TlsConversation());
  return {
    name: 'tls',
    fixedLength: 5,
    pduLength: tlsRecordLength,
    dissect: (pdu: Uint8Array, ctx?: unknown) => {
      const at = streamOf(ctx);
      return at ? convs.get(at.stream, at.direction, at.offset).record(at.direction, pdu) : parseTlsRecord(pdu);
    },
    resync: tlsResync,
    maxPduLength: 5 + MAX_RECORD_PAYLOAD,
  };
}

/** createTlsPdu()'s object for callers that look protocols up by name (a new stream state starts at offset 0). */
export const tlsPdu: PduProtocol<TlsRecordFacts> = createTlsPdu();
