/**
 * Light TLS record recogniser for the Protocol/Info columns: record and handshake types of the
 * records that start in this segment. No reassembly and no decryption at this layer.
 */
import { LIMITED } from '../cursor.js';
import { be16, hex16 } from '../format.js';
import { DCursor, add } from '../tree.js';
import type { DetailNode, FrameSummary } from '../types.js';

/** TCP ports where Wireshark expects TLS (HTTPS, and the implicit-TLS mail/LDAP/DNS/SIP ports). */
export const TLS_TCP_PORTS: ReadonlySet<number> = new Set([443, 465, 563, 636, 853, 989, 990, 992, 993, 994, 995, 5061, 6514, 8443]);

const HS_NAMES: Record<number, string> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 3: 'Hello Verify Request', 4: 'New Session Ticket',
  5: 'End of Early Data', 8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange',
  13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange',
  20: 'Finished', 21: 'Certificate URL', 22: 'Certificate Status', 24: 'Key Update',
};
const ALERT_DESC: Record<number, string> = {
  0: 'Close Notify', 10: 'Unexpected Message', 20: 'Bad Record MAC', 21: 'Decryption Failed', 22: 'Record Overflow',
  30: 'Decompression Failure', 40: 'Handshake Failure', 41: 'No Certificate', 42: 'Bad Certificate',
  43: 'Unsupported Certificate', 44: 'Certificate Revoked', 45: 'Certificate Expired', 46: 'Certificate Unknown',
  47: 'Illegal Parameter', 48: 'Unknown CA', 49: 'Access Denied', 50: 'Decode Error', 51: 'Decrypt Error',
  70: 'Protocol Version', 71: 'Insufficient Security', 80: 'Internal Error', 86: 'Inappropriate Fallback',
  90: 'User Canceled', 100: 'No Renegotiation', 109: 'Missing Extension', 110: 'Unsupported Extension',
  112: 'Unrecognized Name', 116: 'Certificate Required', 120: 'No Application Protocol',
};
const CONTENT_TYPES: Record<number, string> = {
  20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat',
};

/** Protocol column name of a TLS version ("TLSv1.2"). */
export function tlsColumnVersion(v: number): string {
  switch (v) {
    case 0x0300: return 'SSLv3';
    case 0x0301: return 'TLSv1';
    case 0x0302: return 'TLSv1.1';
    case 0x0303: return 'TLSv1.2';
    case 0x0304: return 'TLSv1.3';
    default: return 'TLS';
  }
}

function versionLabel(v: number): string {
  const names: Record<number, string> = { 0x0300: 'SSL 3.0', 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' };
  return `${names[v] ?? 'Unknown'} (${hex16(v)})`;
}

/** True when `off` starts a plausible TLS record header: type 20-24, version 3.x. */
export function looksLikeTls(d: Uint8Array, off: number, capEnd: number): boolean {
  if (off + 5 > capEnd) return false;
  const t = d[off];
  return t >= 20 && t <= 24 && d[off + 1] === 3 && d[off + 2] <= 4 && be16(d, off + 3) <= 18432;
}

/** supported_versions (43) selected by a ServerHello whose body starts at `b`, or 0. */
function serverHelloVersion(d: Uint8Array, b: number, end: number): number {
  let p = b + 2 + 32;
  if (p + 1 > end) return 0;
  p += 1 + d[p];
  p += 3; // cipher suite + compression
  if (p + 2 > end) return 0;
  const extEnd = Math.min(end, p + 2 + be16(d, p));
  p += 2;
  for (let i = 0; i < 64 && p + 4 <= extEnd; i++) {
    const type = be16(d, p), len = be16(d, p + 2);
    if (type === 43 && len === 2 && p + 6 <= extEnd) return be16(d, p + 4);
    p += 4 + len;
  }
  return 0;
}

export function summarizeTls(s: FrameSummary, d: Uint8Array, off: number, capEnd: number, repEnd: number): void {
  let p = off;
  let info = '';
  let column = '';
  let afterCcs = false;
  for (let i = 0; i < 64 && p + 5 <= capEnd && p < repEnd; i++) {
    const type = d[p];
    if (type < 20 || type > 24 || d[p + 1] !== 3) break;
    const ver = be16(d, p + 1);
    const len = be16(d, p + 3);
    if (column === '') column = tlsColumnVersion(ver);
    const body = p + 5;
    const recEnd = body + len;
    if (recEnd > capEnd && capEnd < repEnd) {
      // The snaplen cut this record: Wireshark cannot name it either.
      info += LIMITED;
      break;
    }
    const avail = recEnd < capEnd ? recEnd : capEnd;
    let name: string;
    if (type === 20) {
      name = 'Change Cipher Spec';
      afterCcs = true;
    } else if (type === 21) {
      name = len === 2 && body + 2 <= capEnd
        ? `Alert (Level: ${d[body] === 1 ? 'Warning' : d[body] === 2 ? 'Fatal' : 'Unknown'}, Description: ${ALERT_DESC[d[body + 1]] ?? 'Unknown'})`
        : 'Encrypted Alert';
    } else if (type === 23) name = 'Application Data';
    else if (type === 24) name = 'Heartbeat';
    else name = afterCcs ? 'Encrypted Handshake Message' : handshakeNames(d, body, avail, len);
    if (type === 22 && !afterCcs && d[body] === 2 && body + 4 <= avail) {
      if (serverHelloVersion(d, body + 4, avail) === 0x0304) column = 'TLSv1.3';
    }
    info += (info ? ', ' : '') + name;
    p = recEnd;
  }
  s.protocol = column || 'TLS';
  s.info = info;
  s.protocols += ':tls';
}

/** "Server Hello, Certificate, ..." for the handshake messages inside one record. */
function handshakeNames(d: Uint8Array, b: number, end: number, len: number): string {
  let names = '';
  let p = b;
  const recEnd = b + len;
  for (let i = 0; i < 32 && p + 4 <= end && p < recEnd; i++) {
    const t = d[p];
    const hl = (d[p + 1] << 16) | (d[p + 2] << 8) | d[p + 3];
    const name = HS_NAMES[t];
    // An unknown type or a length past the record means the record is encrypted.
    if (name === undefined || (p === b && hl + 4 > len && t !== 1 && t !== 2 && t !== 11)) {
      return names ? names : 'Encrypted Handshake Message';
    }
    names += (names ? ', ' : '') + name;
    p += 4 + hl;
  }
  return names || 'Encrypted Handshake Message';
}

export function dissectTls(c: DCursor, off: number, repEnd: number): void {
  const d = c.d;
  c.layer = 'TLS';
  const end = Math.min(c.cap, repEnd);
  const n = c.layerNode('Transport Layer Security', 'tls', off, end - off);
  let p = off;
  let afterCcs = false;
  for (let i = 0; i < 64 && p + 5 <= end; i++) {
    const type = d[p];
    if (type < 20 || type > 24 || d[p + 1] !== 3) break;
    const ver = be16(d, p + 1), len = be16(d, p + 3);
    const body = p + 5;
    const avail = Math.min(end, body + len);
    const ct = CONTENT_TYPES[type] ?? 'Unknown';
    let what = ct === 'Handshake' ? 'Handshake Protocol' : ct === 'Application Data' ? 'Application Data Protocol' : `${ct} Protocol`;
    const rec = add(n, '', 'tls.record', undefined, p, Math.min(5 + len, end - p));
    add(rec, `Content Type: ${ct} (${type})`, 'tls.record.content_type', String(type), p, 1);
    add(rec, `Version: ${versionLabel(ver)}`, 'tls.record.version', hex16(ver), p + 1, 2);
    add(rec, `Length: ${len}`, 'tls.record.length', String(len), p + 3, 2);
    if (type === 20) afterCcs = true;
    if (type === 22 && !afterCcs && body + 4 <= avail && HS_NAMES[d[body]] !== undefined) {
      what += ': ' + handshakeNames(d, body, avail, len);
      dissectHandshake(rec, d, body, avail);
    } else if (type === 22) {
      what += ': Encrypted Handshake Message';
    } else if (type === 23) {
      add(rec, `Encrypted Application Data: …`, 'tls.app_data', undefined, body, avail - body);
    }
    rec.label = `${tlsColumnVersion(ver)} Record Layer: ${what}`;
    if (body + len > end) break;
    p = body + len;
  }
}

function dissectHandshake(rec: DetailNode, d: Uint8Array, b: number, end: number): void {
  const t = d[b];
  const hl = (d[b + 1] << 16) | (d[b + 2] << 8) | d[b + 3];
  const name = HS_NAMES[t] ?? 'Unknown';
  const h = add(rec, `Handshake Protocol: ${name}`, 'tls.handshake', undefined, b, Math.min(4 + hl, end - b));
  add(h, `Handshake Type: ${name} (${t})`, 'tls.handshake.type', String(t), b, 1);
  add(h, `Length: ${hl}`, 'tls.handshake.length', String(hl), b + 1, 3);
  if ((t === 1 || t === 2) && b + 6 <= end) {
    const v = be16(d, b + 4);
    add(h, `Version: ${versionLabel(v)}`, 'tls.handshake.version', hex16(v), b + 4, 2);
  }
  if (t === 1) {
    const sni = clientHelloSni(d, b + 4, Math.min(end, b + 4 + hl));
    if (sni) add(h, `Server Name: ${sni.name}`, 'tls.handshake.extensions_server_name', sni.name, sni.off, sni.name.length);
  }
}

/** server_name (0) host name from a ClientHello body, bounded by `end`. */
export function clientHelloSni(d: Uint8Array, b: number, end: number): { name: string; off: number } | undefined {
  let p = b + 2 + 32;
  if (p + 1 > end) return undefined;
  p += 1 + d[p];
  if (p + 2 > end) return undefined;
  p += 2 + be16(d, p);
  if (p + 1 > end) return undefined;
  p += 1 + d[p];
  if (p + 2 > end) return undefined;
  const extEnd = Math.min(end, p + 2 + be16(d, p));
  p += 2;
  for (let i = 0; i < 128 && p + 4 <= extEnd; i++) {
    const type = be16(d, p), len = be16(d, p + 2);
    if (type === 0 && p + 9 <= extEnd) {
      const nl = be16(d, p + 7);
      if (d[p + 6] === 0 && p + 9 + nl <= extEnd) {
        let name = '';
        for (let k = p + 9; k < p + 9 + nl; k++) name += String.fromCharCode(d[k]);
        return { name, off: p + 9 };
      }
      return undefined;
    }
    p += 4 + len;
  }
  return undefined;
}
