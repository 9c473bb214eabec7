/**
 * Which protocols Wireshark 4.0 (TCP desegmentation on, out-of-order reassembly off) dissects in the
 * payload of each segment of one TCP conversation: the tail of frame.protocols after "tcp".
 *
 * A look at one segment alone cannot tell. Wireshark hands a subdissector only segments its SEQ
 * analysis did not call a retransmission, spurious retransmission or out-of-order (tcp-seq-analysis.ts),
 * and keeps a multi-segment PDU (MSP) per direction when a subdissector asks for more bytes: the
 * segments that only add to an MSP show as plain "tcp", and the protocol appears in the frame whose
 * segment completes the MSP. This module replays packet-tcp.c's desegment_tcp() with HTTP's
 * requests for more data (headers until the empty line, then Content-Length bytes, chunks until the
 * last one, or until FIN): a message that completes in a later frame shows no http in the frames
 * before, and bytes reaching HTTP without an MSP (after a lost or blocked segment) are a
 * "Continuation" (http:data). On other ports only the blocking and keep-alives are decided here.
 */
import { HTTP_TCP_PORTS, looksLikeHttp } from './app/http.js';
import { bodyRule, httpPduLength, parseHttpHead, type HttpHead } from './app/http-message.js';
import { NEED_MORE } from './app/pdu.js';
import { WsTcpAnalysis, wiresharkSeqAnalysis, type WsSegment } from './tcp-seq-analysis.js';

export interface PayloadSegment extends WsSegment {
  srcPort: number;
  dstPort: number;
  /** The captured payload bytes (shorter than seglen when the capture cut the frame). */
  payload: Uint8Array;
  /** Whether Wireshark may desegment it: the whole segment was captured and is not an IP fragment. */
  canDesegment: boolean;
}

const FIN = 0x01, SYN = 0x02, RST = 0x04;
/** Wireshark hands no subdissector segments with these verdicts (desegment_tcp / decode_tcp_ports). */
const NOT_DISSECTED = WsTcpAnalysis.RETRANSMISSION | WsTcpAnalysis.OUT_OF_ORDER;

/**
 * The frame.protocols tail after "tcp" (":http", ":http:data-text-lines", ":data", or "" for plain
 * TCP) for the payload-carrying frames of one conversation whose layers this model decides; frames
 * it leaves to the single-segment view (other ports, RST, bogus headers) are absent.
 */
export function tcpPayloadLayers(segments: readonly PayloadSegment[]): Map<number, string> {
  const flags = wiresharkSeqAnalysis(segments);
  const out = new Map<number, string>();
  const http = segments.some((s) => HTTP_TCP_PORTS.has(s.srcPort) || HTTP_TCP_PORTS.has(s.dstPort));
  const conv = { seenRequest: false };
  const dirs = http ? [new HttpDirection(conv), new HttpDirection(conv)] as const : null;
  if (dirs) {
    dirs[0].peer = dirs[1];
    dirs[1].peer = dirs[0];
  }
  for (const s of segments) {
    if (s.seglen === null || s.hlen < 20 || (s.flags & RST)) continue;
    const ta = flags.get(s.frame) ?? 0;
    if (dirs) {
      const layers = dirs[s.dir].segment(s, ta);
      if (layers !== null) out.set(s.frame, layers);
      continue;
    }
    if (s.seglen === 0) continue;
    if (ta & WsTcpAnalysis.KEEP_ALIVE) out.set(s.frame, ':data');
    else if (ta & NOT_DISSECTED || (s.canDesegment && ta & WsTcpAnalysis.SPURIOUS_RETRANSMISSION)) out.set(s.frame, '');
  }
  return out;
}

/** Wireshark's media_type dissectors for common content types (as named in frame.protocols). */
const MEDIA_LAYERS: Record<string, string> = {
  'application/json': ':json', 'text/xml': ':xml', 'application/xml': ':xml', 'image/jpeg': ':image-jfif', 'image/jpg': ':image-jfif',
  'image/gif': ':image-gif', 'image/png': ':png', 'application/x-www-form-urlencoded': ':urlencoded-form',
};

/** Content types whose dissector shows in frame.protocols under http (anything else with a body: data). */
function bodyLayer(h: HttpHead, bodyLength: number): string {
  if (bodyLength <= 0) return '';
  const ct = h.headers.find((x) => x.name.toLowerCase() === 'content-type')?.value.split(';')[0].trim().toLowerCase() ?? '';
  const known = MEDIA_LAYERS[ct];
  if (known !== undefined) return known;
  if (ct.startsWith('text/')) return ':data-text-lines';
  return ':data';
}

function hasLineEnd(d: Uint8Array, off: number): boolean {
  for (let i = off; i < d.length; i++) if (d[i] === 0x0a || d[i] === 0x0d) return true;
  return false;
}

/** What HTTP did with bytes handed to it: the layers it added and, if it wants more, from where and how much. */
interface HttpCall {
  layers: string;
  /** Offset of the first byte it did not consume (the start of an incomplete message). */
  desegOffset?: number;
  /** Exact bytes still missing, or 'one-more' (another segment, length unknown), or 'fin'. */
  desegLen?: number | 'one-more' | 'fin';
}

interface Msp {
  /** Stream positions (unwrapped sequence numbers) of the first byte and the byte after the PDU. */
  seq: number;
  nxtpdu: number;
  /** The next segment goes in whole (the subdissector asked for "one more segment"). */
  entire: boolean;
  untilFin: boolean;
  lastFrame: number;
  /** Bytes received, by offset from seq. */
  parts: Map<number, Uint8Array>;
  /** Length once a fragment without "more" arrived (fragment_add's datalen). */
  total: number | null;
  done: boolean;
}

/** One direction's desegmentation state (Wireshark's tcpd->fwd->multisegment_pdus and HTTP's view). */
class HttpDirection {
  peer: HttpDirection | null = null;

  /** `conv.seenRequest`: a request was dissected in the conversation (HTTP's conv_data->request_uri). */
  constructor(private readonly conv: { seenRequest: boolean }) {}
  /** Methods of requests sent this way, for the responses coming back (HEAD and CONNECT responses have no body). */
  readonly methods: string[] = [];
  private readonly msps: Msp[] = [];
  private ref: { raw: number; pos: number } | null = null;

  /** Unwrapped position of a raw sequence number (nearest to the last one seen). */
  private pos(raw: number): number {
    if (!this.ref) this.ref = { raw, pos: raw };
    const p = this.ref.pos + ((raw - this.ref.raw) | 0);
    this.ref = { raw, pos: p };
    return p;
  }

  /** frame.protocols tail for one segment of this direction, or null when it has no payload to judge. */
  segment(s: PayloadSegment, ta: number): string | null {
    const seglen = s.seglen ?? 0;
    const seq = this.pos(s.seq);
    if (seglen === 0) {
      // A FIN ends an until-close message: it is dissected in the FIN's frame.
      if (!(s.flags & FIN)) return null;
      const m = this.msps.find((x) => x.untilFin && !x.done);
      if (!m || !s.canDesegment) return null;
      m.total = this.covered(m);
      return this.complete(m, ta, true);
    }
    if (!s.canDesegment) {
      if (ta & NOT_DISSECTED) return '';
      if (ta & WsTcpAnalysis.KEEP_ALIVE) return ':data';
      // The capture cut the segment: HTTP dissects what is there, without asking for more.
      return this.http(s.payload, false, false).layers;
    }
    const nxtseq = seq + seglen + ((s.flags & (SYN | FIN)) ? 1 : 0);
    let layers = '';
    let cur = seq, off = 0;
    for (;;) {
      const exact = this.msps.find((m) => m.seq === cur);
      // desegment_tcp: a segment that starts an MSP seen in another frame, and fits in it, is a retransmission.
      if (exact && nxtseq <= exact.nxtpdu && exact.lastFrame !== s.frame) return layers;
      if (ta & (WsTcpAnalysis.SPURIOUS_RETRANSMISSION | WsTcpAnalysis.RETRANSMISSION)) return layers;
      const msp = exact ?? this.before(cur - 1);
      let another = 0;
      if (msp && msp.seq <= cur && msp.nxtpdu > cur) {
        msp.lastFrame = s.frame;
        const len = msp.entire ? s.payload.length - off : Math.min(nxtseq, msp.nxtpdu) - cur;
        const wasDone = msp.done;
        msp.parts.set(cur - msp.seq, s.payload.subarray(off, off + len));
        if (msp.entire) {
          msp.entire = false;
          if (msp.nxtpdu < nxtseq) msp.nxtpdu = nxtseq;
        }
        if (!(nxtseq < msp.nxtpdu) && !msp.untilFin) msp.total = Math.max(msp.total ?? 0, cur - msp.seq + len);
        if (msp.untilFin && (s.flags & FIN)) msp.total = this.covered(msp);
        if (msp.nxtpdu < nxtseq && msp.nxtpdu >= cur && len > 0) another = msp.nxtpdu - cur;
        if (!wasDone && msp.total !== null && this.covered(msp) >= msp.total) layers += this.complete(msp, ta, (s.flags & FIN) !== 0, s.frame, nxtseq);
      } else {
        // process_tcp_payload on the segment's bytes from `off`.
        if (ta & NOT_DISSECTED) return layers;
        if (ta & WsTcpAnalysis.KEEP_ALIVE) return layers + ':data';
        const r = this.http(s.payload.subarray(off), false);
        layers += r.layers;
        if (r.desegOffset !== undefined) this.open(cur + r.desegOffset, nxtseq, r.desegLen!, s.frame, s.payload.subarray(off + r.desegOffset));
        return layers;
      }
      if (another === 0 || off + another >= s.payload.length) return layers;
      off += another;
      cur += another;
    }
  }

  /** The MSP with the greatest start <= p (wmem_tree_lookup32_le). */
  private before(p: number): Msp | undefined {
    let best: Msp | undefined;
    for (const m of this.msps) if (m.seq <= p && (!best || m.seq > best.seq)) best = m;
    return best;
  }

  /** Contiguous bytes received from the MSP's start. */
  private covered(m: Msp): number {
    let end = 0;
    for (let grew = true; grew;) {
      grew = false;
      for (const [o, b] of m.parts) if (o <= end && o + b.length > end) { end = o + b.length; grew = true; }
    }
    return end;
  }

  private bytes(m: Msp, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (const [o, b] of m.parts) if (o < len) out.set(b.subarray(0, len - o), o);
    return out;
  }

  /** A new MSP from `seq` (the start of a message HTTP could not finish in this segment). */
  private open(seq: number, nxtseq: number, want: number | 'one-more' | 'fin', frame: number, first: Uint8Array): void {
    const m: Msp = {
      seq, nxtpdu: want === 'one-more' ? nxtseq + 1 : want === 'fin' ? Number.MAX_SAFE_INTEGER : nxtseq + want,
      entire: want === 'one-more', untilFin: want === 'fin', lastFrame: frame, parts: new Map([[0, first]]), total: null, done: false,
    };
    const i = this.msps.findIndex((x) => x.seq === seq);
    if (i >= 0) this.msps[i] = m;
    else this.msps.push(m);
  }

  /** The MSP's bytes are all in: HTTP runs on them in this frame (unless the segment is one it never dissects). */
  private complete(m: Msp, ta: number, eof: boolean, frame = 0, nxtseq = 0): string {
    m.done = true;
    if (ta & NOT_DISSECTED) return '';
    const len = m.total ?? this.covered(m);
    const data = this.bytes(m, len);
    const r = this.http(data, eof || m.untilFin);
    if (r.desegOffset === undefined) return r.layers;
    const rest = data.subarray(r.desegOffset);
    if (r.desegOffset === 0) {
      // Partial reassembly: the same MSP grows until HTTP has its message.
      m.done = false;
      m.total = null;
      if (r.desegLen === 'one-more') {
        m.nxtpdu = Math.max(m.seq + len, m.nxtpdu) + 1;
        m.entire = true;
      } else if (r.desegLen === 'fin') {
        m.untilFin = true;
        m.nxtpdu = Number.MAX_SAFE_INTEGER;
      } else m.nxtpdu = m.seq + len + r.desegLen!;
      return r.layers;
    }
    // A message was dissected and the rest starts another one: it continues in a new MSP.
    this.open(m.seq + r.desegOffset, Math.max(nxtseq, m.seq + len), r.desegLen!, frame || m.lastFrame, rest);
    return r.layers;
  }

  /** HTTP's dissector on `data`: whole messages become layers; an incomplete one asks for more. */
  private http(data: Uint8Array, eof: boolean, canDesegment = true): HttpCall {
    let off = 0, layers = '';
    while (off < data.length) {
      // A CRLF where a message should start is skipped (RFC 2616 robustness rule).
      if (data.length - off > 3 && data[off] === 0x0d && data[off + 1] === 0x0a) off += 2;
      // Binary bytes: a body continuation once the conversation has shown a request, else not HTTP.
      if (!printable(data[off])) return { layers: layers || (this.conv.seenRequest ? ':http:data' : '') };
      // No line end yet: HTTP asks for another segment, whatever the bytes.
      if (!hasLineEnd(data, off) && canDesegment) return { layers, desegOffset: off, desegLen: 'one-more' };
      if (!looksLikeHttp(data, off, data.length)) return { layers: layers || this.continuation(data, off) };
      if (!canDesegment) {
        // What the capture kept of a message: its head, as far as it goes.
        if (data[off] !== 0x48) this.conv.seenRequest = true;
        return { layers: layers || ':http' };
      }
      const head = parseHttpHead(data, off);
      if (head === NEED_MORE) return { layers, desegOffset: off, desegLen: 'one-more' };
      if (typeof head === 'number') return { layers: layers || ':http' };
      const method = head.request ? undefined : this.peer?.methods[0];
      const rule = bodyRule(head, method);
      let total: number;
      if (rule === 'until-close') {
        if (!eof) return { layers, desegOffset: off, desegLen: 'fin' };
        total = data.length - off;
      } else if (rule === 'invalid') {
        total = head.headerLength;
      } else {
        const n = httpPduLength(data, off, method);
        // Chunks until the last one: another segment at a time; a known length: exactly what is missing.
        if (n === NEED_MORE) return { layers, desegOffset: off, desegLen: 'one-more' };
        total = n < 0 ? head.headerLength : n;
        if (off + total > data.length) return { layers, desegOffset: off, desegLen: off + total - data.length };
      }
      if (head.request) {
        this.methods.push(head.method);
        this.conv.seenRequest = true;
      } else if (head.code >= 200 && this.peer) this.peer.methods.shift();
      if (!layers) layers = ':http' + bodyLayer(head, total - head.headerLength);
      off += total;
    }
    return { layers };
  }

  /**
   * HTTP's line loop over bytes that do not start a message: lines with a colon pass for headers; a
   * line without one that runs into the end of the bytes after such a header throws (no data layer);
   * the rest is shown as data under http, which appears only once the conversation has shown a request.
   */
  private continuation(data: Uint8Array, off: number): string {
    let pos = off, header = false, http = this.conv.seenRequest;
    while (pos < data.length) {
      let le = pos;
      while (le < data.length && data[le] !== 0x0a && data[le] !== 0x0d) le++;
      const next = le >= data.length ? le : data[le] === 0x0d && data[le + 1] === 0x0a ? le + 2 : le + 1;
      if (le === pos) { http = true; pos = next; break; }
      let colon = false;
      for (let i = pos; i < le && !colon; i++) colon = data[i] === 0x3a;
      if (colon || looksLikeHttp(data, pos, le)) { http = true; header = true; pos = next; continue; }
      if (header && le >= data.length) return http ? ':http' : '';
      break;
    }
    if (!http) return '';
    return pos < data.length ? ':http:data' : ':http';
  }
}

const printable = (c: number | undefined): boolean => c !== undefined && c >= 0x20 && c < 0x7f;

/**
 * frame.protocols with what follows "tcp" (and an "mptcp" right after it) replaced by `tail`:
 * "sll:ethertype:ip:tcp:http" + "" -> "sll:ethertype:ip:tcp".
 */
export function withTcpPayloadLayers(protocols: string, tail: string): string {
  const parts = protocols.split(':');
  const tcp = parts.lastIndexOf('tcp');
  if (tcp < 0) return protocols;
  const keep = parts[tcp + 1] === 'mptcp' ? tcp + 2 : tcp + 1;
  return parts.slice(0, keep).join(':') + tail;
}
