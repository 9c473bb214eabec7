/**
 * HTTP/1.x message framing and dissection (RFC 9112) for the PDU engine: one PDU is one whole message,
 * start line + header section + body, however many segments it spans.
 *
 * Message length (RFC 9112 §6.3), in order:
 *   - responses to HEAD, 1xx, 204 and 304 have no body; a 2xx to CONNECT, a 101 and the HTTP/2 preface
 *     end HTTP/1.x on the connection (the bytes that follow are a tunnel / another protocol, not framed);
 *   - Transfer-Encoding containing "chunked": the body is walked chunk by chunk (NEED_MORE until the
 *     last chunk and the trailer section are in) and de-chunked for the facts;
 *   - Content-Length: header + that many bytes (differing or unparsable values: INVALID);
 *   - otherwise a request has no body, and a response runs until the connection closes: pduLength says
 *     NEED_MORE and `endOfStream()` gives its length when the direction ends (see pdu.ts).
 * Responses are paired with requests by order (pipelining), which is how a response learns that it
 * answers a HEAD or a CONNECT: use one `HttpConversation` per TCP connection and its `protocol(dir)`
 * for each direction. `Expect: 100-continue` needs nothing special: the interim `100 Continue` is a
 * no-body response that does not consume the request.
 *
 * Hostile input: the header section is capped (MAX_HEADER_BYTES, MAX_HEADER_LINES), chunk-size lines
 * and trailers are capped, lengths beyond 2^53 are INVALID, pending requests per direction are capped,
 * and nothing throws.
 */
import { INVALID, NEED_MORE, StreamMap, latin1, streamOf, type PduProtocol } from './pdu.js';

export const MAX_HEADER_BYTES = 65536;
export const MAX_HEADER_LINES = 1000;
const MAX_CHUNK_LINE = 4096;
const MAX_PENDING_REQUESTS = 4096;
const MAX_METHOD = 20;
const MAX_URI_SCAN = 8192;

export type HttpFraming =
  | 'none' | 'no-body' | 'content-length' | 'chunked' | 'until-close'
  | 'content-length-incomplete' | 'chunked-incomplete' | 'head-incomplete';

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpFacts {
  'http.request': boolean;
  'http.response': boolean;
  'http.request.method'?: string;
  'http.request.uri'?: string;
  'http.request.version'?: string;
  /** "http://" + Host + URI, as Wireshark builds it (the URI itself when absolute). */
  'http.request.full_uri'?: string;
  'http.response.version'?: string;
  'http.response.code'?: number;
  'http.response.phrase'?: string;
  /** Full URI of the request this response answers (paired by order within the connection). */
  'http.response_for.uri'?: string;
  'http.host'?: string;
  'http.user_agent'?: string;
  'http.content_type'?: string;
  /** Parsed Content-Length. */
  'http.content_length'?: number;
  /** Content-Length header text. */
  'http.content_length_header'?: string;
  'http.transfer_encoding'?: string;
  'http.content_encoding'?: string;
  'http.connection'?: string;
  'http.server'?: string;
  'http.location'?: string;
  'http.referer'?: string;
  'http.cookie'?: string;
  'http.set_cookie'?: string;
  'http.authorization'?: string;
  'http.upgrade'?: string;
  /** Header lines of a request, each with its line ending ("Host: a\r\n"), as tshark shows them. */
  'http.request.line': string[];
  /** Header lines of a response. */
  'http.response.line': string[];
  /** Set when the message is cut short or inconsistent. */
  '_ws.malformed'?: string;
  // ---- not Wireshark fields ----
  /** Request line / status line text. */
  startLine: string;
  headers: HttpHeader[];
  /** Bytes of start line + headers + the empty line. */
  headerLength: number;
  /** Bytes of the whole message in the stream (header + body as sent, chunk framing included). */
  messageLength: number;
  /** The message body (Wireshark's http.file_data): de-chunked, not decompressed. */
  body: Uint8Array;
  framing: HttpFraming;
  /** Method of the request this response answers, when known. */
  requestMethod?: string;
}

const HEADER_FIELDS: Record<string, keyof HttpFacts> = {
  host: 'http.host', 'user-agent': 'http.user_agent', 'content-type': 'http.content_type',
  'content-length': 'http.content_length_header', 'transfer-encoding': 'http.transfer_encoding',
  'content-encoding': 'http.content_encoding', connection: 'http.connection', server: 'http.server',
  location: 'http.location', referer: 'http.referer', cookie: 'http.cookie', 'set-cookie': 'http.set_cookie',
  authorization: 'http.authorization', upgrade: 'http.upgrade',
};

// ---- header section ---------------------------------------------------------------------------

/** A parsed start line + header section. */
export interface HttpHead {
  request: boolean;
  method: string;
  uri: string;
  /** "HTTP/1.1" (request or response). */
  version: string;
  code: number;
  phrase: string;
  startLine: string;
  headers: HttpHeader[];
  /** Raw header lines with their endings (for http.request.line / http.response.line). */
  lines: string[];
  headerLength: number;
  /** -1: absent; -2: unusable (differing values, not a number, beyond 2^53). */
  contentLength: number;
  chunked: boolean;
  host?: string;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isMethodChar = (c: number): boolean => isUpper(c) || c === 0x2d || c === 0x5f || isDigit(c);
const HTTP_SLASH = [0x48, 0x54, 0x54, 0x50, 0x2f];

/** True when buf[off, end) can be the beginning of a request line or status line (a prefix check). */
function startPrefixOk(buf: Uint8Array, off: number, end: number): boolean {
  const n = Math.min(end - off, 5);
  let http = true;
  for (let i = 0; i < n; i++) if (buf[off + i] !== HTTP_SLASH[i]) { http = false; break; }
  if (http) return true;
  if (off >= end) return true;
  if (!isUpper(buf[off])) return false;
  for (let i = off + 1; i < end && i <= off + MAX_METHOD; i++) {
    const c = buf[i];
    if (c === 0x20) return true;
    if (!isMethodChar(c)) return false;
  }
  return end - off <= MAX_METHOD;
}

/** "HTTP/d.d" at buf[p, p + 8). */
function isVersion(buf: Uint8Array, p: number, end: number): boolean {
  if (p + 8 > end) return false;
  for (let i = 0; i < 5; i++) if (buf[p + i] !== HTTP_SLASH[i]) return false;
  return isDigit(buf[p + 5]) && buf[p + 6] === 0x2e && isDigit(buf[p + 7]);
}

/** Parses the start line in [off, le) into h; false when it is neither a request nor a status line. */
function parseStartLine(buf: Uint8Array, off: number, le: number, h: HttpHead): boolean {
  h.startLine = latin1(buf, off, le);
  if (isVersion(buf, off, le)) {
    // Status line: HTTP/d.d SP 3DIGIT [SP reason]
    const c = off + 9;
    if (le < c + 3 || buf[off + 8] !== 0x20 || !isDigit(buf[c]) || !isDigit(buf[c + 1]) || !isDigit(buf[c + 2])) return false;
    if (le > c + 3 && buf[c + 3] !== 0x20) return false;
    h.request = false;
    h.version = latin1(buf, off, off + 8);
    h.code = (buf[c] - 0x30) * 100 + (buf[c + 1] - 0x30) * 10 + (buf[c + 2] - 0x30);
    h.phrase = le > c + 4 ? latin1(buf, c + 4, le) : '';
    return true;
  }
  // Request line: method SP request-target SP HTTP/d.d
  let sp = off;
  while (sp < le && sp - off <= MAX_METHOD && isMethodChar(buf[sp])) sp++;
  if (sp === off || sp >= le || buf[sp] !== 0x20 || !isUpper(buf[off])) return false;
  if (le - 8 <= sp + 1 || buf[le - 9] !== 0x20 || !isVersion(buf, le - 8, le)) return false;
  let u0 = sp + 1, u1 = le - 9;
  while (u0 < u1 && buf[u0] === 0x20) u0++;
  while (u1 > u0 && buf[u1 - 1] === 0x20) u1--;
  if (u0 === u1) return false;
  h.request = true;
  h.method = latin1(buf, off, sp);
  h.uri = latin1(buf, u0, u1);
  h.version = latin1(buf, le - 8, le);
  return true;
}

function newHead(): HttpHead {
  return {
    request: false, method: '', uri: '', version: '', code: 0, phrase: '', startLine: '', headers: [], lines: [],
    headerLength: 0, contentLength: -1, chunked: false,
  };
}

/** Parses a decimal Content-Length value ("12", " 12 ", "12, 12"); -2 when unusable. */
function contentLengthValue(v: string): number {
  let out = -1;
  for (const part of v.split(',')) {
    const t = part.trim();
    if (!/^[0-9]{1,16}$/.test(t)) return -2;
    const n = Number(t);
    if (!Number.isSafeInteger(n) || (out >= 0 && n !== out)) return -2;
    out = n;
  }
  return out;
}

/**
 * Parses the start line and header section at buf[off, end): the head, NEED_MORE (no empty line yet),
 * or INVALID (not HTTP/1.x, or the header section is larger than MAX_HEADER_BYTES / MAX_HEADER_LINES).
 * Lines end in CRLF or a bare LF.
 */
export function parseHttpHead(buf: Uint8Array, off: number, end = buf.length): HttpHead | number {
  if (end > buf.length) end = buf.length;
  if (off < 0 || off >= end) return NEED_MORE;
  if (!startPrefixOk(buf, off, end)) return INVALID;
  const limit = Math.min(end, off + MAX_HEADER_BYTES);
  const h = newHead();
  let p = off;
  let first = true;
  for (let n = 0; ; n++) {
    if (n > MAX_HEADER_LINES) return INVALID;
    let lf = p;
    while (lf < limit && buf[lf] !== 0x0a) lf++;
    if (lf >= limit) return limit < end || limit - off >= MAX_HEADER_BYTES ? INVALID : first && !startPrefixOk(buf, off, lf) ? INVALID : NEED_MORE;
    const le = lf > p && buf[lf - 1] === 0x0d ? lf - 1 : lf;
    const next = lf + 1;
    if (first) {
      if (!parseStartLine(buf, p, le, h)) return INVALID;
      first = false;
    } else if (le === p) {
      h.headerLength = next - off;
      return h;
    } else {
      const line = latin1(buf, p, le) + (le < lf ? '\r\n' : '\n');
      h.lines.push(line);
      let colon = p;
      while (colon < le && buf[colon] !== 0x3a) colon++;
      if (colon < le) {
        const name = latin1(buf, p, colon).trim();
        const value = latin1(buf, colon + 1, le).trim();
        h.headers.push({ name, value });
        const lower = name.toLowerCase();
        if (lower === 'content-length') {
          const v = contentLengthValue(value);
          h.contentLength = h.contentLength === -1 ? v : v !== h.contentLength ? -2 : v;
        } else if (lower === 'transfer-encoding') {
          if (/(^|[\s,])chunked($|[\s,;])/i.test(value)) h.chunked = true;
        } else if (lower === 'host' && h.host === undefined) {
          h.host = value;
        }
      }
    }
    p = next;
  }
}

// ---- body framing -----------------------------------------------------------------------------

export type BodyRule = 'none' | 'no-body' | 'content-length' | 'chunked' | 'until-close' | 'invalid';

/** How the body of a message with head `h` is delimited; `requestMethod` is the method a response answers. */
export function bodyRule(h: HttpHead, requestMethod?: string): BodyRule {
  if (!h.request) {
    const c = h.code;
    if ((c >= 100 && c < 200) || c === 204 || c === 304 || requestMethod === 'HEAD') return 'no-body';
    if (requestMethod === 'CONNECT' && c >= 200 && c < 300) return 'no-body';
  }
  if (h.chunked) return 'chunked';
  if (h.contentLength === -2) return 'invalid';
  if (h.contentLength >= 0) return 'content-length';
  return h.request ? 'none' : 'until-close';
}

/** Result of a chunk walk: status (NEED_MORE, INVALID or 0 when done), next position, de-chunked size. */
interface ChunkWalk {
  status: number;
  pos: number;
  size: number;
}

/**
 * Walks chunks from buf[pos] (the start of a chunk-size line) up to `end`, optionally copying chunk
 * data into `out` at `outPos`. Stops after the trailer section of the last chunk (status 0), or where
 * bytes run out (NEED_MORE: pos/size tell where to resume), or at bytes that are not chunked framing.
 */
function walkChunks(buf: Uint8Array, pos: number, end: number, size: number, out?: Uint8Array): ChunkWalk {
  const w: ChunkWalk = { status: NEED_MORE, pos, size };
  for (;;) {
    // chunk-size [chunk-ext] CRLF
    let p = pos, v = 0, digits = 0;
    for (; p < end; p++) {
      const c = buf[p];
      const d = isDigit(c) ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) break;
      if (++digits > 13) return { status: INVALID, pos, size };
      v = v * 16 + d;
    }
    if (p >= end) return w;
    if (digits === 0) return { status: INVALID, pos, size };
    let lf = p;
    while (lf < end && lf - pos < MAX_CHUNK_LINE && buf[lf] !== 0x0a) lf++;
    if (lf - pos >= MAX_CHUNK_LINE) return { status: INVALID, pos, size };
    if (lf >= end) return w;
    const c = buf[p];
    if (c !== 0x0d && c !== 0x0a && c !== 0x3b && c !== 0x20 && c !== 0x09) return { status: INVALID, pos, size };
    const data = lf + 1;
    if (v === 0) {
      // last-chunk, then trailer lines until an empty line
      let q = data;
      for (let n = 0; ; n++) {
        if (n > MAX_HEADER_LINES || q - data > MAX_HEADER_BYTES) return { status: INVALID, pos, size };
        let e = q;
        while (e < end && buf[e] !== 0x0a) e++;
        if (e >= end) return w;
        const empty = e === q || (e === q + 1 && buf[q] === 0x0d);
        q = e + 1;
        if (empty) return { status: 0, pos: q, size };
      }
    }
    if (data + v > end) return w;
    if (out !== undefined) out.set(buf.subarray(data, data + v), size);
    let after = data + v;
    if (after >= end) return w;
    if (buf[after] === 0x0d) {
      if (after + 1 >= end) return w;
      if (buf[after + 1] !== 0x0a) return { status: INVALID, pos, size };
      after += 2;
    } else if (buf[after] === 0x0a) after += 1;
    else return { status: INVALID, pos, size };
    size += v;
    pos = after;
    w.pos = pos;
    w.size = size;
  }
}

/** Total stream length of a chunked message whose body starts at bodyStart: NEED_MORE, INVALID or the length from off. */
function chunkedLength(buf: Uint8Array, off: number, bodyStart: number, resume?: { pos: number; size: number }): { len: number; pos: number; size: number } {
  const w = walkChunks(buf, resume ? resume.pos : bodyStart, buf.length, resume ? resume.size : 0);
  return { len: w.status === 0 ? w.pos - off : w.status, pos: w.pos, size: w.size };
}

// ---- stateless helpers ------------------------------------------------------------------------

/**
 * Stateless message length at buf[offset]: header + body, NEED_MORE, or INVALID. Without a conversation
 * it cannot know that a response answers HEAD or CONNECT (it assumes not); until-close responses give
 * NEED_MORE (see httpUntilClose).
 */
export function httpPduLength(buf: Uint8Array, offset: number, requestMethod?: string): number {
  const h = parseHttpHead(buf, offset);
  if (typeof h === 'number') return h;
  return framedLength(buf, offset, h, bodyRule(h, requestMethod));
}

function lengthFor(buf: Uint8Array, off: number, h: HttpHead, rule: BodyRule): number {
  switch (rule) {
    case 'none': case 'no-body': return h.headerLength;
    case 'content-length': {
      const n = h.headerLength + h.contentLength;
      return Number.isSafeInteger(n) ? n : INVALID;
    }
    case 'chunked': return chunkedLength(buf, off, off + h.headerLength).len;
    case 'until-close': return NEED_MORE;
    default: return INVALID;
  }
}

/** True when the message at buf[offset] has a complete head and runs until the connection closes. */
export function httpUntilClose(buf: Uint8Array, offset: number, requestMethod?: string): boolean {
  const h = parseHttpHead(buf, offset);
  return typeof h !== 'number' && bodyRule(h, requestMethod) === 'until-close';
}

const KNOWN_METHODS = new Set([
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL',
  'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'M-SEARCH', 'REPORT', 'PRI',
]);

/**
 * After a gap: the first offset >= offset where a request line (a known method, a target, HTTP/1.x) or
 * a status line (HTTP/1.x SP 3DIGIT) begins, or -1. A line running past buf is accepted on its prefix.
 * Linear in the bytes scanned.
 */
export function httpResync(buf: Uint8Array, offset: number): number {
  const end = buf.length;
  for (let p = Math.max(0, offset); p < end; p++) {
    const c = buf[p];
    if (!isUpper(c)) continue;
    if (c === 0x48 && isVersion(buf, p, end)) {
      if (p + 13 > end) return p;
      if (buf[p + 8] === 0x20 && isDigit(buf[p + 9]) && isDigit(buf[p + 10]) && isDigit(buf[p + 11])) return p;
      continue;
    }
    let sp = p;
    while (sp < end && sp - p <= MAX_METHOD && isMethodChar(buf[sp])) sp++;
    if (sp >= end) return p;
    if (buf[sp] !== 0x20 || !KNOWN_METHODS.has(latin1(buf, p, sp, false))) continue;
    let u = sp + 1;
    const uEnd = Math.min(end, u + MAX_URI_SCAN);
    while (u < uEnd && buf[u] > 0x20 && buf[u] < 0x7f) u++;
    if (u >= end) return p;
    if (u === sp + 1 || buf[u] !== 0x20) continue;
    if (u + 9 > end || isVersion(buf, u + 1, end)) return p;
  }
  return -1;
}

// ---- dissection -------------------------------------------------------------------------------

function newFacts(h: HttpHead | undefined): HttpFacts {
  const empty = new Uint8Array(0);
  return {
    'http.request': h?.request ?? false, 'http.response': h !== undefined && !h.request,
    'http.request.line': [], 'http.response.line': [],
    startLine: h?.startLine ?? '', headers: h?.headers ?? [], headerLength: h?.headerLength ?? 0, messageLength: 0, body: empty,
    framing: 'head-incomplete',
  };
}

export function fullUri(uri: string, host: string | undefined): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri;
  return host !== undefined ? `http://${host}${uri}` : uri;
}

export interface HttpParseOptions {
  /** Method of the request a response answers (HEAD / CONNECT change its framing). */
  requestMethod?: string;
  /** Full URI of that request (for http.response_for.uri). */
  requestUri?: string;
  /** Return the body as a view into `buf` when not chunked (valid as long as buf's bytes); default copies. */
  bodyView?: boolean;
}

/**
 * Dissects the message at buf[off, end), which should be one whole PDU (pduLength's length, or the
 * rest of the stream for an until-close response); a PDU cut short gives a '*-incomplete' framing and
 * the body bytes present. Never throws.
 */
export function parseHttpMessage(buf: Uint8Array, off = 0, end = buf.length, opts: HttpParseOptions = {}): HttpFacts {
  if (end > buf.length) end = buf.length;
  return messageFacts(buf, off, end, parseHttpHead(buf, off, end), opts);
}

function messageFacts(buf: Uint8Array, off: number, end: number, h: HttpHead | number, opts: HttpParseOptions): HttpFacts {
  if (typeof h === 'number') {
    const f = newFacts(undefined);
    f.messageLength = Math.max(0, end - off);
    f['_ws.malformed'] = h === INVALID ? 'not an HTTP/1.x message' : 'HTTP header section cut short';
    return f;
  }
  const f = newFacts(h);
  if (h.request) {
    f['http.request.method'] = h.method;
    f['http.request.uri'] = h.uri;
    f['http.request.version'] = h.version;
    f['http.request.line'] = h.lines;
  } else {
    f['http.response.version'] = h.version;
    f['http.response.code'] = h.code;
    f['http.response.phrase'] = h.phrase;
    f['http.response.line'] = h.lines;
    if (opts.requestMethod !== undefined) f.requestMethod = opts.requestMethod;
    if (opts.requestUri !== undefined) f['http.response_for.uri'] = opts.requestUri;
  }
  const rec = f as unknown as Record<string, unknown>;
  for (const { name, value } of h.headers) {
    const key = HEADER_FIELDS[name.toLowerCase()];
    if (key !== undefined && rec[key] === undefined) rec[key] = value;
  }
  if (h.contentLength >= 0) f['http.content_length'] = h.contentLength;
  if (h.request) f['http.request.full_uri'] = fullUri(h.uri, h.host);
  const bodyStart = off + h.headerLength;
  const rule = bodyRule(h, opts.requestMethod);
  let body: Uint8Array = f.body;
  switch (rule) {
    case 'none':
    case 'no-body':
      f.framing = rule;
      f.messageLength = h.headerLength;
      break;
    case 'content-length': {
      const have = Math.min(h.contentLength, end - bodyStart);
      const v = buf.subarray(bodyStart, bodyStart + have);
      body = opts.bodyView ? v : v.slice();
      f.framing = have === h.contentLength ? 'content-length' : 'content-length-incomplete';
      f.messageLength = h.headerLength + have;
      break;
    }
    case 'chunked': {
      const sizing = walkChunks(buf, bodyStart, end, 0);
      const out = new Uint8Array(sizing.size);
      const w = walkChunks(buf, bodyStart, end, 0, out);
      body = out;
      f.framing = w.status === 0 ? 'chunked' : 'chunked-incomplete';
      f.messageLength = (w.status === 0 ? w.pos : end) - off;
      if (w.status === INVALID) f['_ws.malformed'] = 'bad chunked encoding';
      break;
    }
    case 'until-close': {
      const v = buf.subarray(bodyStart, end);
      body = opts.bodyView ? v : v.slice();
      f.framing = 'until-close';
      f.messageLength = end - off;
      break;
    }
    default:
      f.framing = 'content-length-incomplete';
      f.messageLength = h.headerLength;
      f['_ws.malformed'] = 'unusable Content-Length';
  }
  f.body = body;
  return f;
}

/**
 * Resume points of chunked body walks, keyed by the buffer the engine passes (its per-direction
 * accumulation buffer while a message is incomplete): the message start and head bytes must match.
 */
const walks = new WeakMap<ArrayBufferLike, { start: number; head: Uint8Array; pos: number; size: number }>();

/** Message length for a head and body rule; a chunked walk resumes where the previous call stopped. */
function framedLength(buf: Uint8Array, off: number, h: HttpHead, rule: BodyRule): number {
  if (rule !== 'chunked') return lengthFor(buf, off, h, rule);
  const bodyStart = off + h.headerLength;
  const start = buf.byteOffset + off;
  const prev = walks.get(buf.buffer);
  let resume: { pos: number; size: number } | undefined;
  if (prev !== undefined && prev.start === start && prev.head.length === h.headerLength && sameBytes(prev.head, buf, off)) {
    resume = { pos: off + prev.pos, size: prev.size };
  }
  const r = chunkedLength(buf, off, bodyStart, resume);
  if (r.len === NEED_MORE) {
    walks.set(buf.buffer, { start, head: resume !== undefined ? prev!.head : buf.slice(off, bodyStart), pos: r.pos - off, size: r.size });
  } else if (prev !== undefined && prev.start === start) {
    walks.delete(buf.buffer);
  }
  return r.len;
}

// ---- per-connection state ---------------------------------------------------------------------

interface PendingRequest {
  method: string;
  uri: string;
}

export interface HttpConversationOptions {
  /** Bodies as views into the PDU (valid only during the engine's dissect/sink call) instead of copies. */
  bodyView?: boolean;
  /** Largest PDU the engine should buffer whole (PduProtocol.maxPduLength). */
  maxPduLength?: number;
}

/** PduProtocol of one direction of an HTTP connection. */
export interface HttpPduProtocol extends PduProtocol<HttpFacts> {
  endOfStream(buf: Uint8Array, offset: number): number;
}

/**
 * One TCP connection carrying HTTP/1.x: `protocol(dir)` gives the PduProtocol of each direction. Either
 * direction may carry requests or responses; a response pairs with the oldest unanswered request of the
 * other direction (pipelining), interim 1xx responses (100 Continue) excepted.
 */
export class HttpConversation {
  /** Set once a 101 or a 2xx to CONNECT switched the connection away from HTTP/1.x. */
  upgraded = false;
  private readonly requests: [PendingRequest[], PendingRequest[]] = [[], []];
  /** A request whose head was framed but which is not dissected yet (its body may still be arriving). */
  private readonly inFlight: [PendingRequest | undefined, PendingRequest | undefined] = [undefined, undefined];
  /** The in-flight request was answered before it was dissected (e.g. an early final response). */
  private readonly inFlightAnswered: [boolean, boolean] = [false, false];
  private readonly protos: [HttpPduProtocol | undefined, HttpPduProtocol | undefined] = [undefined, undefined];

  constructor(private readonly options: HttpConversationOptions = {}) {}

  protocol(dir: 0 | 1): HttpPduProtocol {
    let p = this.protos[dir];
    if (p === undefined) {
      const max = this.options.maxPduLength;
      p = this.protos[dir] = {
        name: 'http',
        fixedLength: 1,
        pduLength: (buf, off) => this.pduLength(dir, buf, off),
        dissect: (pdu) => this.dissect(dir, pdu),
        resync: (buf, off) => {
          walks.delete(buf.buffer);
          return this.upgraded ? -1 : httpResync(buf, off);
        },
        endOfStream: (buf, off) => this.endOfStream(dir, buf, off),
        ...(max !== undefined ? { maxPduLength: max } : {}),
      };
    }
    return p;
  }

  /** The request a response in direction `dir` would answer now (oldest unanswered of the other direction). */
  private peek(dir: 0 | 1): PendingRequest | undefined {
    const o = dir === 0 ? 1 : 0;
    return this.requests[o][0] ?? (this.inFlightAnswered[o] ? undefined : this.inFlight[o]);
  }

  /** Length of the message at buf[off] in direction `dir` (knows what the paired request was). */
  pduLength(dir: 0 | 1, buf: Uint8Array, off: number): number {
    if (this.upgraded) return INVALID;
    const h = parseHttpHead(buf, off);
    if (typeof h === 'number') return h;
    if (h.request) {
      const cur = this.inFlight[dir];
      if (cur === undefined || cur.method !== h.method || cur.uri !== fullUri(h.uri, h.host)) {
        this.inFlight[dir] = { method: h.method, uri: fullUri(h.uri, h.host) };
        this.inFlightAnswered[dir] = false;
      }
    }
    return framedLength(buf, off, h, bodyRule(h, h.request ? undefined : this.peek(dir)?.method));
  }

  /** Dissects one message PDU of direction `dir` (pairs responses with requests). */
  dissect(dir: 0 | 1, pdu: Uint8Array): HttpFacts {
    const head = parseHttpHead(pdu, 0);
    if (typeof head === 'number' || head.request) {
      const f = messageFacts(pdu, 0, pdu.length, head, { bodyView: this.options.bodyView });
      if (typeof head !== 'number') {
        // The HTTP/2 connection preface (prior knowledge, RFC 9113 §3.4): what follows is not HTTP/1.x.
        if (head.method === 'PRI' && head.version === 'HTTP/2.0') this.upgraded = true;
        const req = { method: head.method, uri: fullUri(head.uri, head.host) };
        const answered = this.inFlightAnswered[dir];
        this.inFlight[dir] = undefined;
        this.inFlightAnswered[dir] = false;
        // Beyond the cap, later requests go unrecorded: the oldest keep pairing with their responses,
        // and responses past the cap pair with nothing (framed as answers to a GET).
        if (!answered && this.requests[dir].length < MAX_PENDING_REQUESTS) this.requests[dir].push(req);
      }
      return f;
    }
    const req = this.peek(dir);
    const f = messageFacts(pdu, 0, pdu.length, head, { requestMethod: req?.method, requestUri: req?.uri, bodyView: this.options.bodyView });
    const code = head.code;
    if (code >= 200 || code === 101) {
      // A final response answers the oldest request.
      const o = dir === 0 ? 1 : 0;
      if (this.requests[o].length > 0) this.requests[o].shift();
      else if (this.inFlight[o] !== undefined) this.inFlightAnswered[o] = true;
      if (code === 101 || (req?.method === 'CONNECT' && code < 300)) this.upgraded = true;
    }
    return f;
  }

  /** Length of the pending bytes at buf[off..] when they form one message (head complete) at the end of the direction, else INVALID. */
  endOfStream(dir: 0 | 1, buf: Uint8Array, off: number): number {
    if (this.upgraded || off >= buf.length) return INVALID;
    const h = parseHttpHead(buf, off);
    if (typeof h === 'number') return INVALID;
    return buf.length - off;
  }
}

function sameBytes(a: Uint8Array, buf: Uint8Array, off: number): boolean {
  if (off + a.length > buf.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[off + i]) return false;
  return true;
}

// ---- one object for every stream ----------------------------------------------------------------

/**
 * A single HTTP PduProtocol for all the streams of one ingest, for an engine that keeps one protocol
 * object per protocol: dissect() finds the connection through its ctx (the engine's PduRecord: stream,
 * direction, offset), so pairing (http.response_for.uri, interim 1xx) works; pduLength() gets no ctx,
 * so framing cannot know that a response answers HEAD or CONNECT, nor that the connection was
 * upgraded. Prefer one `new HttpConversation().protocol(dir)` per stream (FramePipeline's
 * pduProtocolFor has the stream). At most 65,536 connections are remembered (least recently used out).
 */
export function createHttpPdu(): HttpPduProtocol {
  const convs = new StreamMap(() => new HttpConversation());
  const stateless = new HttpConversation();
  return {
    name: 'http',
    fixedLength: 1,
    pduLength: (buf: Uint8Array, off: number) => httpPduLength(buf, off),
    dissect: (pdu: Uint8Array, ctx?: unknown) => {
      const at = streamOf(ctx);
      return at ? convs.get(at.stream, at.direction, at.offset).dissect(at.direction, pdu) : stateless.dissect(0, pdu);
    },
    resync: (buf: Uint8Array, off: number) => {
      walks.delete(buf.buffer);
      return httpResync(buf, off);
    },
    endOfStream: (buf: Uint8Array, off: number) => stateless.endOfStream(0, buf, off),
  };
}

/** createHttpPdu()'s object for callers that look protocols up by name (a new stream state starts at offset 0). */
export const httpPdu: HttpPduProtocol = createHttpPdu();
