/** Light HTTP/1.x recogniser: a request or status line at the start of a TCP payload on an HTTP port. */
import { LIMITED } from '../cursor.js';
import { DCursor, add } from '../tree.js';
import type { FrameSummary } from '../types.js';

/** Wireshark's default TCP ports for HTTP. */
export const HTTP_TCP_PORTS: ReadonlySet<number> = new Set([80, 1900, 2710, 2869, 3128, 3132, 5985, 8080, 8088, 11371]);

const METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL',
  'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'M-SEARCH', 'REPORT',
].map((m) => Array.from(m + ' ', (ch) => ch.charCodeAt(0)));
const HTTP_SLASH = Array.from('HTTP/', (ch) => ch.charCodeAt(0));

function startsWith(d: Uint8Array, off: number, end: number, pat: readonly number[]): boolean {
  if (off + pat.length > end) return false;
  for (let i = 0; i < pat.length; i++) if (d[off + i] !== pat[i]) return false;
  return true;
}

/** True when the bytes at `off` begin an HTTP request line or status line. */
export function looksLikeHttp(d: Uint8Array, off: number, capEnd: number): boolean {
  const b = d[off];
  // Cheap first-byte filter: every method and "HTTP/" start with an upper-case letter.
  if (off >= capEnd || b < 0x41 || b > 0x5a) return false;
  if (startsWith(d, off, capEnd, HTTP_SLASH)) return true;
  for (const m of METHODS) if (m[0] === b && startsWith(d, off, capEnd, m)) return true;
  return false;
}

/** Printable text of [off, end) with control bytes escaped as Wireshark's format_text does. */
function text(d: Uint8Array, off: number, end: number): string {
  let s = '';
  for (let i = off; i < end; i++) {
    const ch = d[i];
    s += ch >= 0x20 && ch < 0x7f ? String.fromCharCode(ch) : ch === 0x09 ? '\\t' : '\\x' + ch.toString(16).padStart(2, '0');
  }
  return s;
}

/** End of the line starting at `off` (index of CR/LF), searching at most `max` bytes; -1 if none. */
function lineEnd(d: Uint8Array, off: number, end: number): number {
  for (let i = off; i < end; i++) if (d[i] === 0x0a || d[i] === 0x0d) return i;
  return -1;
}

const MAX_LINE = 4096;

export function summarizeHttp(s: FrameSummary, d: Uint8Array, off: number, capEnd: number, repEnd: number): void {
  const limit = Math.min(capEnd, off + MAX_LINE);
  const e = lineEnd(d, off, limit);
  s.protocol = 'HTTP';
  s.protocols += ':http';
  s.info = text(d, off, e < 0 ? limit : e) + ' ';
  if (capEnd < repEnd) s.info += LIMITED;
}

const HEADER_FIELDS: Record<string, string> = {
  host: 'http.host', 'user-agent': 'http.user_agent', accept: 'http.accept', 'content-type': 'http.content_type',
  'content-length': 'http.content_length_header', server: 'http.server', connection: 'http.connection',
  'transfer-encoding': 'http.transfer_encoding', location: 'http.location', cookie: 'http.cookie',
  'set-cookie': 'http.set_cookie', referer: 'http.referer', authorization: 'http.authorization', date: 'http.date',
  'content-encoding': 'http.content_encoding', 'cache-control': 'http.cache_control', 'last-modified': 'http.last_modified',
};

export function dissectHttp(c: DCursor, off: number, repEnd: number): void {
  const d = c.d;
  c.layer = 'HTTP';
  const end = Math.min(c.cap, repEnd);
  const n = c.layerNode('Hypertext Transfer Protocol', 'http', off, end - off);
  let p = off;
  let first = true;
  for (let i = 0; i < 200 && p < end; i++) {
    const e = lineEnd(d, p, Math.min(end, p + MAX_LINE));
    const le = e < 0 ? Math.min(end, p + MAX_LINE) : e;
    const next = e < 0 ? le : d[e] === 0x0d && e + 1 < end && d[e + 1] === 0x0a ? e + 2 : e + 1;
    const line = text(d, p, le);
    const eol = e < 0 ? '' : next - e === 2 ? '\\r\\n' : d[e] === 0x0a ? '\\n' : '\\r';
    if (le === p && e >= 0) {
      add(n, eol, 'http.request.line', undefined, p, next - p);
      p = next;
      if (p < repEnd) {
        const body = repEnd - p;
        add(n, `File Data: ${body} byte${body === 1 ? '' : 's'}`, 'http.file_data', undefined, p, Math.max(0, end - p));
      }
      return;
    }
    if (first) {
      const ln = add(n, line + eol, undefined, undefined, p, next - p);
      const parts = line.split(' ');
      if (line.startsWith('HTTP/')) {
        add(ln, `Response Version: ${parts[0]}`, 'http.response.version', parts[0], p, parts[0].length);
        if (parts[1] !== undefined) add(ln, `Status Code: ${parts[1]}`, 'http.response.code', parts[1], p + parts[0].length + 1, parts[1].length);
        const phrase = parts.slice(2).join(' ');
        add(ln, `Response Phrase: ${phrase}`, 'http.response.phrase', phrase, p + line.length - phrase.length, phrase.length);
        n.label = 'Hypertext Transfer Protocol';
      } else {
        add(ln, `Request Method: ${parts[0]}`, 'http.request.method', parts[0], p, parts[0].length);
        if (parts[1] !== undefined) add(ln, `Request URI: ${parts[1]}`, 'http.request.uri', parts[1], p + parts[0].length + 1, parts[1].length);
        const ver = parts.slice(2).join(' ');
        if (ver) add(ln, `Request Version: ${ver}`, 'http.request.version', ver, p + line.length - ver.length, ver.length);
      }
      first = false;
    } else {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).toLowerCase() : '';
      const field = HEADER_FIELDS[name];
      add(n, line + eol, field ?? 'http.request.line', field ? line.slice(colon + 1).trim() : line, p, next - p);
    }
    if (e < 0) break;
    p = next;
  }
  if (end < repEnd) add(n, '[Packet size limited during capture: HTTP truncated]', '_ws.short', undefined, end, 0);
}
