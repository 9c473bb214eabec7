/**
 * Test support (Node only): runs a capture through @wirewho/pcap's CaptureParser and
 * @wirewho/reassembly's FramePipeline, frames each TCP direction with the DNS / HTTP / TLS PDU
 * protocols of this package, and dissects UDP DNS datagrams. Also plays the part the engine will
 * play for HTTP until-close responses: when a direction ends (FIN/RST), the bytes pending after the
 * last PDU are offered to `endOfStream()` and dissected in the closing frame, as Wireshark does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureParser, type FrameRecord, type SideBlock } from '@wirewho/pcap';
import {
  FramePipeline, type Direction, type FramingEvent, type PduRecord, type TcpStreamInfo,
  type UdpStreamInfo,
} from '@wirewho/reassembly';
import { parseDnsMessage, dnsTcpPdu, type DnsFacts } from '../src/app/dns-message.js';
import { HttpConversation, createHttpPdu, type HttpFacts } from '../src/app/http-message.js';
import { TlsConversation, createTlsPdu, type TlsRecordFacts } from '../src/app/tls-handshake.js';
import { HTTP_TCP_PORTS, looksLikeHttp } from '../src/app/http.js';
import { TLS_TCP_PORTS, looksLikeTls } from '../src/app/tls.js';
import type { PduProtocol } from '../src/app/pdu.js';

export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every capture of the corpus with an oracle, absolute paths, sorted. */
export function corpusCaptures(): string[] {
  const isCap = (f: string): boolean => /\.pcap(ng)?$/.test(f);
  return [...walk(join(CORPUS, 'public')), ...walk(join(CORPUS, 'captures'))].filter(isCap).filter((f) => oraclePath(f) !== undefined).sort();
}

function oraclePath(file: string): string | undefined {
  const name = basename(file);
  return [join(CORPUS, 'oracle', `${name}.json`), join(CORPUS, 'oracle', 'public', `${name}.json`)].find((p) => existsSync(p));
}

export interface AppOracle {
  dns: { frame: number; transport: string; stream: number; id: number[]; response: boolean[]; qname: string[]; qtype: number[]; rcode: number[]; truncated: boolean[]; answers: string[] }[];
  http: {
    requests: { frame: number; tcp_stream: number; method: string; uri: string; host: string | null; version: string; over_tls: boolean }[];
    responses: { frame: number; tcp_stream: number; code: number; content_length: number | null; transfer_encoding: string[] | null; for_uri: string[] | null; over_tls: boolean }[];
  };
  http_bodies_from_reassembled_streams: { tcp_stream: number; direction: string; messages: { start_line: string; header_len: number; body_len: number; body_sha256: string; framing: string }[] }[];
  tls: { frame: number; tcp_stream: number; handshake_types: number[]; sni: string[]; handshake_version: string[]; supported_versions: string[]; alpn: string[]; ciphersuite: string[] }[];
  tcp_streams: { stream: number; reassembled?: Record<string, { len: number; shorter_than_tcp_len_payload?: number }> }[];
  frames: Record<string, unknown>;
}

export function oracleFor(file: string): AppOracle {
  return JSON.parse(readFileSync(oraclePath(file)!, 'utf8')) as AppOracle;
}

export interface DnsOut { frame: number; transport: 'udp' | 'tcp'; stream: number; facts: DnsFacts; truncated: boolean }
/** endOfStream: dissected by endOfStream() when the direction closed (FIN/RST) or at the end of the capture (frame -1). */
export interface HttpOut { frame: number; stream: number; dir: Direction; facts: HttpFacts; rec: PduRecord | undefined; endOfStream?: 'close' | 'end' }
export interface TlsOut { frame: number; stream: number; dir: Direction; facts: TlsRecordFacts }

export interface AppRun {
  frames: number;
  dns: DnsOut[];
  http: HttpOut[];
  tls: TlsOut[];
  framing: FramingEvent[];
  streams: Map<number, TcpStreamInfo>;
  /** Per TLS stream: the version its ServerHello selected. */
  tlsVersions: Map<number, string | undefined>;
}

type Kind = 'dns' | 'http' | 'tls';

interface DirTrack {
  proto: PduProtocol<unknown>;
  /** Stream offset after the last PDU, and the bytes delivered since (for endOfStream). */
  pduEnd: number;
  pending: { offset: number; bytes: Uint8Array }[];
  broken: boolean;
  flushed: boolean;
}

/** Port rules first (53, Wireshark's TLS and HTTP ports), then the first bytes of the stream. */
function kindOf(s: TcpStreamInfo, first: Uint8Array): Kind | undefined {
  const ports = [s.node0.port, s.node1.port];
  if (ports.includes(53)) return 'dns';
  if (ports.some((p) => TLS_TCP_PORTS.has(p))) return 'tls';
  if (ports.some((p) => HTTP_TCP_PORTS.has(p))) return 'http';
  if (looksLikeHttp(first, 0, first.length)) return 'http';
  if (looksLikeTls(first, 0, first.length)) return 'tls';
  return undefined;
}

/** shared: frame HTTP and TLS with the single shared objects (httpPdu, tlsPdu) instead of one conversation per stream. */
export function runApp(file: string, opts: { shared?: boolean } = {}): AppRun {
  const out: AppRun = { frames: 0, dns: [], http: [], tls: [], framing: [], streams: new Map(), tlsVersions: new Map() };
  const udpPorts = new Map<number, UdpStreamInfo>();
  type Conv = { kind: Kind; http?: HttpConversation; tls?: TlsConversation; dirs: [DirTrack, DirTrack] };
  /** Per TCP stream: its conversation, or null when it carries none of our protocols. */
  const convs = new Map<number, Conv | null>();
  const httpPdu = createHttpPdu(), tlsPdu = createTlsPdu();
  const newTrack = (proto: PduProtocol<unknown>): DirTrack => ({ proto, pduEnd: 0, pending: [], broken: false, flushed: false });
  const open = (s: TcpStreamInfo, first: Uint8Array): Conv | null => {
    let c = convs.get(s.id);
    if (c !== undefined) return c;
    const kind = kindOf(s, first);
    if (kind === undefined) c = null;
    else if (kind === 'dns') c = { kind, dirs: [newTrack(dnsTcpPdu), newTrack(dnsTcpPdu)] };
    else if (kind === 'http') {
      const http = new HttpConversation();
      c = opts.shared ? { kind, dirs: [newTrack(httpPdu), newTrack(httpPdu)] } : { kind, http, dirs: [newTrack(http.protocol(0)), newTrack(http.protocol(1))] };
    } else {
      const tls = new TlsConversation();
      c = opts.shared ? { kind, dirs: [newTrack(tlsPdu), newTrack(tlsPdu)] } : { kind, tls, dirs: [newTrack(tls.protocol(0)), newTrack(tls.protocol(1))] };
    }
    convs.set(s.id, c);
    return c;
  };
  let current = 0;

  const track = (s: TcpStreamInfo, dir: Direction): DirTrack | undefined => convs.get(s.id)?.dirs[dir];

  const report = (kind: Kind, s: number, dir: Direction, frame: number, result: unknown, rec: PduRecord | undefined, eos: 'close' | 'end' | undefined): void => {
    if (kind === 'dns') out.dns.push({ frame, transport: 'tcp', stream: s, facts: result as DnsFacts, truncated: rec?.truncated ?? false });
    else if (kind === 'http') out.http.push({ frame, stream: s, dir, facts: result as HttpFacts, rec, ...(eos ? { endOfStream: eos } : {}) });
    else out.tls.push({ frame, stream: s, dir, facts: result as TlsRecordFacts });
  };

  const flush = (s: TcpStreamInfo, dir: Direction, frame: number, atEnd: boolean): void => {
    const c = convs.get(s.id);
    const t = c?.dirs[dir];
    if (t === undefined || c == null || t.flushed || t.broken || t.proto.endOfStream === undefined) return;
    t.flushed = true;
    const total = t.pending.reduce((n, x) => n + Math.max(0, x.offset + x.bytes.length - Math.max(x.offset, t.pduEnd)), 0);
    if (total === 0) return;
    const buf = new Uint8Array(total);
    let k = 0;
    for (const x of t.pending) {
      const from = Math.max(0, t.pduEnd - x.offset);
      if (from >= x.bytes.length) continue;
      buf.set(x.bytes.subarray(from), k);
      k += x.bytes.length - from;
    }
    const len = t.proto.endOfStream(buf, 0);
    if (len > 0) report(c.kind, s.id, dir, frame, t.proto.dissect(buf.subarray(0, len), { stream: s.id, direction: dir, offset: t.pduEnd }), undefined, atEnd ? 'end' : 'close');
  };

  const pipeline = new FramePipeline(
    {
      streamOpened: (s) => out.streams.set(s.id, s),
      udpStreamOpened: (u) => udpPorts.set(u.id, u),
      udpDatagram: (stream, _dir, payload, frame) => {
        const u = udpPorts.get(stream);
        if (u === undefined || (u.node0.port !== 53 && u.node1.port !== 53)) return;
        if (payload.length < 12) return;
        out.dns.push({ frame, transport: 'udp', stream, facts: parseDnsMessage(payload), truncated: false });
      },
      data: (s, dir, offset, bytes) => {
        const t = open(s, bytes)?.dirs[dir];
        if (t !== undefined && !t.broken && t.proto.endOfStream !== undefined) t.pending.push({ offset, bytes: bytes.slice() });
      },
      gap: (s, dir) => {
        const t = track(s, dir);
        if (t !== undefined) t.broken = true;
      },
      halfClosed: (s, dir, reason) => {
        if (reason === 'fin' || reason === 'rst') flush(s, dir, current, false);
      },
      streamClosed: (s) => {
        flush(s, 0, -1, true);
        flush(s, 1, -1, true);
      },
    },
    {
      // The sink's data() runs before the engine asks, so open() has seen the first bytes.
      pduProtocolFor: (s, dir) => convs.get(s.id)?.dirs[dir].proto,
      pduSink: {
        pdu: (rec, result) => {
          const c = convs.get(rec.stream);
          if (c == null) return;
          const t = c.dirs[rec.direction];
          t.pduEnd = rec.offset + rec.length;
          t.pending = t.pending.filter((x) => x.offset + x.bytes.length > t.pduEnd);
          // The PDU is complete when the last of its frames has arrived. (rec.reassembledIn is the frame
          // of the last chunk delivered, which is an older buffered segment when a retransmission fills
          // a hole; tshark names the frame that filled it.)
          report(c.kind, rec.stream, rec.direction, Math.max(rec.reassembledIn, ...rec.frames), result, rec, undefined);
        },
        framing: (e) => {
          out.framing.push(e);
          if (e.kind === 'lost' && e.reason !== 'end') {
            const t = convs.get(e.stream)?.dirs[e.direction];
            if (t !== undefined) t.broken = true;
          }
        },
      },
    },
  );

  let n = 0;
  const parser = new CaptureParser();
  const sink = {
    onInterface: () => {},
    onFrame: (f: FrameRecord) => {
      n++;
      current = n;
      pipeline.push({ number: n, tsNs: f.tsNs, linkType: f.linkType, data: f.data, origLen: f.origLen });
    },
    // tshark 4.0 counts pcapng custom blocks (and process-info blocks) as records.
    onSideBlock: (b: SideBlock) => {
      if (b.kind === 'custom' || b.kind === 'process-info') n++;
    },
  };
  try {
    parser.push(new Uint8Array(readFileSync(file)), sink);
    parser.end(sink);
  } catch {
    // A corrupt capture: keep what was read (tshark stops there too).
  }
  pipeline.end();
  out.frames = n;
  for (const t of out.tls) {
    const sh = t.facts.handshakes.find((h) => h['tls.handshake.type'] === 2 && !h.helloRetryRequest);
    if (sh) out.tlsVersions.set(t.stream, sh['tls.handshake.extensions.supported_version']?.[0] ?? sh['tls.handshake.version']);
  }
  return out;
}
