/**
 * Application protocols run over reassembled streams during ingest: which PDU framing a TCP stream
 * direction gets, which UDP datagrams are dissected, and how a protocol's result becomes index facts
 * (Wireshark field names -> frame_fields rows) and a one-line summary (the `pdus` table).
 *
 * The full dissectors live in @wirewho/protocols. Until that package exports them, a small built-in
 * DNS parser (header, questions, A/AAAA/CNAME answers) frames DNS over TCP (2-byte length prefix) and
 * reads DNS over UDP; the protocols package's PDU objects replace it as soon as they are exported
 * (`dnsTcpPdu`, `parseDnsMessage`, `httpPdu`, `tlsPdu`, looked up by name at start-up).
 */
import { appendFrameField, type FieldColumns, type FieldNames } from '@wirewho/index';
import * as protocols from '@wirewho/protocols';
import { INVALID, NEED_MORE, type PduProtocol, type TcpStreamInfo, type Direction, type UdpStreamInfo } from '@wirewho/reassembly';
import type { Facts as DissectorFacts, FrameMeta, PduTreeNode, UdpSession, UserProtocol } from '@wirewho/dissectors';

/** Facts keyed by Wireshark field name; arrays are multi-occurrence fields. */
export type Facts = Record<string, string | number | boolean | bigint | Uint8Array | null | undefined | readonly (string | number | boolean | Uint8Array)[]>;

export interface AppResult {
  facts: Facts;
  summary: string;
  /** Detail tree of the PDU (user dissectors), ranges relative to the PDU. */
  tree?: readonly PduTreeNode[];
}

export interface AppProtocol {
  /** Lower-case protocol name (`pdus.protocol`, `streams.app_proto`, the CLI's --filter). */
  name: string;
  /** PDU framing over TCP for a stream direction, or undefined. */
  tcp?: PduProtocol<AppResult>;
  tcpPorts?: ReadonlySet<number>;
  /** One UDP datagram = one PDU. */
  udp?: (payload: Uint8Array) => AppResult;
  udpPorts?: ReadonlySet<number>;
}

// ---- built-in DNS (fallback) -----------------------------------------------------------------

const DNS_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 41: 'OPT', 64: 'SVCB', 65: 'HTTPS', 255: 'ANY',
};
const DNS_OPCODES: Record<number, string> = { 0: 'Standard query', 1: 'Inverse query', 2: 'Server status request', 4: 'Zone change notification', 5: 'Dynamic update' };
const DNS_RCODES: Record<number, string> = { 1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused' };

const be16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];

/** A DNS name at p (compression pointers followed, at most 32 and 255 bytes); [name, end of the name in place]. */
function dnsName(b: Uint8Array, p: number, end: number): [string, number] | null {
  const labels: string[] = [];
  let after = -1;
  let jumps = 0;
  let len = 0;
  for (;;) {
    if (p >= end) return null;
    const n = b[p];
    if (n === 0) { p++; break; }
    if ((n & 0xc0) === 0xc0) {
      if (p + 1 >= end || ++jumps > 32) return null;
      if (after < 0) after = p + 2;
      p = ((n & 0x3f) << 8) | b[p + 1];
      continue;
    }
    if ((n & 0xc0) !== 0 || p + 1 + n > end) return null;
    len += n + 1;
    if (len > 255) return null;
    let s = '';
    for (let i = p + 1; i <= p + n; i++) s += String.fromCharCode(b[i]);
    labels.push(s);
    p += n + 1;
  }
  return [labels.length ? labels.join('.') : '<Root>', after >= 0 ? after : p];
}

function ipv6Text(b: Uint8Array, o: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(be16(b, o + i).toString(16));
  // Collapse the longest run of zero groups.
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (parts[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return parts.join(':');
  return `${parts.slice(0, best).join(':')}::${parts.slice(best + bestLen).join(':')}`;
}

/** Minimal DNS message reader: enough for the pdus table and dns.* facts until the full dissector is exported. */
export function parseDnsBasic(m: Uint8Array): Facts {
  const f: Facts = {};
  if (m.length < 12) { f['_ws.malformed'] = 'short DNS header'; return f; }
  const flags = be16(m, 2);
  f['dns.id'] = be16(m, 0);
  f['dns.flags.response'] = (flags & 0x8000) !== 0;
  f['dns.flags.opcode'] = (flags >> 11) & 0xf;
  if (flags & 0x8000) f['dns.flags.rcode'] = flags & 0xf;
  f['dns.flags.truncated'] = (flags & 0x0200) !== 0;
  const qd = be16(m, 4), an = be16(m, 6);
  f['dns.count.queries'] = qd;
  f['dns.count.answers'] = an;
  const names: string[] = [], types: number[] = [], a: string[] = [], aaaa: string[] = [], cname: string[] = [];
  let p = 12;
  for (let i = 0; i < Math.min(qd, 64); i++) {
    const n = dnsName(m, p, m.length);
    if (!n || n[1] + 4 > m.length) { f['_ws.malformed'] = 'question'; break; }
    names.push(n[0]);
    types.push(be16(m, n[1]));
    p = n[1] + 4;
  }
  for (let i = 0; i < Math.min(an, 256) && f['_ws.malformed'] === undefined; i++) {
    const n = dnsName(m, p, m.length);
    if (!n || n[1] + 10 > m.length) { f['_ws.malformed'] = 'answer'; break; }
    const t = be16(m, n[1]);
    const rdlen = be16(m, n[1] + 8);
    const rd = n[1] + 10;
    if (rd + rdlen > m.length) { f['_ws.malformed'] = 'answer'; break; }
    if (t === 1 && rdlen === 4) a.push(`${m[rd]}.${m[rd + 1]}.${m[rd + 2]}.${m[rd + 3]}`);
    else if (t === 28 && rdlen === 16) aaaa.push(ipv6Text(m, rd));
    else if (t === 5) { const c = dnsName(m, rd, m.length); if (c) cname.push(c[0]); }
    p = rd + rdlen;
  }
  f['dns.qry.name'] = names;
  f['dns.qry.type'] = types;
  f['dns.a'] = a;
  f['dns.aaaa'] = aaaa;
  f['dns.cname'] = cname;
  return f;
}

const arr = (v: unknown): readonly (string | number | boolean)[] => (Array.isArray(v) ? (v as (string | number | boolean)[]) : []);

/** Wireshark-like Info text of a DNS message from its facts. */
export function dnsSummary(f: Facts): string {
  const response = f['dns.flags.response'] === true;
  const op = DNS_OPCODES[Number(f['dns.flags.opcode'] ?? 0)] ?? 'Unknown operation';
  const id = `0x${Number(f['dns.id'] ?? 0).toString(16).padStart(4, '0')}`;
  const rcode = Number(f['dns.flags.rcode'] ?? 0);
  const parts = [`${op}${response ? ' response' : ''} ${id}`];
  if (response && rcode !== 0) parts.push(DNS_RCODES[rcode] ?? `rcode ${rcode}`);
  const names = arr(f['dns.qry.name']), types = arr(f['dns.qry.type']);
  names.forEach((n, i) => parts.push(`${DNS_TYPES[Number(types[i])] ?? String(types[i])} ${String(n)}`));
  for (const v of arr(f['dns.cname'])) parts.push(`CNAME ${String(v)}`);
  for (const v of arr(f['dns.a'])) parts.push(`A ${String(v)}`);
  for (const v of arr(f['dns.aaaa'])) parts.push(`AAAA ${String(v)}`);
  if (f['_ws.malformed'] !== undefined) parts.push('[Malformed]');
  return parts.join(' ');
}

const DNS_PORTS: ReadonlySet<number> = new Set([53, 5353, 5355]);

const builtinDnsTcp: PduProtocol<Facts> = {
  name: 'dns',
  fixedLength: 2,
  pduLength: (b, o) => (o + 2 > b.length ? NEED_MORE : 2 + be16(b, o)),
  dissect: (pdu) => (pdu.length < 2 ? { '_ws.malformed': 'short' } : parseDnsBasic(pdu.subarray(2, Math.min(pdu.length, 2 + be16(pdu, 0))))),
};

// ---- registry ------------------------------------------------------------------------------

/** A protocol object of @wirewho/protocols (same contract as the reassembly package's). */
type ExternalPdu = PduProtocol<unknown>;
type Conversation = { protocol(dir: 0 | 1): ExternalPdu };

const lookup = (name: string): unknown => (protocols as unknown as Record<string, unknown>)[name];

function external(name: string): ExternalPdu | undefined {
  const v = lookup(name);
  if (v && typeof v === 'object' && typeof (v as ExternalPdu).pduLength === 'function' && typeof (v as ExternalPdu).dissect === 'function') {
    return v as ExternalPdu;
  }
  return undefined;
}

function externalFn<T>(name: string): T | undefined {
  const v = lookup(name);
  return typeof v === 'function' ? (v as T) : undefined;
}

/** A per-connection class (HttpConversation, TlsConversation): `new C().protocol(dir)`. */
function externalConversation(name: string): (new () => Conversation) | undefined {
  const C = lookup(name);
  return typeof C === 'function' && typeof (C as { prototype?: { protocol?: unknown } }).prototype?.protocol === 'function'
    ? (C as new () => Conversation) : undefined;
}

/**
 * A PDU protocol with the protocols package's extension: endOfStream() says whether the bytes still
 * pending when a direction ends form one PDU (an HTTP response delimited by the connection close).
 */
export type AppPdu = PduProtocol<AppResult> & { endOfStream?(buf: Uint8Array, offset: number): number };

/** Wraps a protocol whose dissect result is a facts object into one that also gives a summary. */
function withSummary(p: PduProtocol<unknown>, name: string, summary: (f: Facts) => string): AppPdu {
  const wrapped: AppPdu = {
    name,
    fixedLength: p.fixedLength,
    pduLength: (b, o) => p.pduLength(b, o),
    dissect: (pdu, ctx) => {
      let facts: Facts;
      try {
        facts = (p.dissect(pdu, ctx) ?? {}) as Facts;
      } catch (err) {
        facts = { '_ws.malformed': err instanceof Error ? err.message : String(err) };
      }
      return { facts, summary: summary(facts) };
    },
  };
  if (p.resync) wrapped.resync = (b, o) => p.resync!(b, o);
  if (p.maxPduLength !== undefined) (wrapped as { maxPduLength?: number }).maxPduLength = p.maxPduLength;
  const pdu = p as AppPdu;
  if (pdu.endOfStream) wrapped.endOfStream = (b, o) => pdu.endOfStream!(b, o);
  return wrapped;
}

const HTTP_FALLBACK_PORTS = [80, 8080];
const TLS_FALLBACK_PORTS = [443, 8443];

function httpSummary(f: Facts): string {
  const line = typeof f.startLine === 'string' ? f.startLine : '';
  if (line) return line;
  if (f['http.request'] === true) return `${String(f['http.request.method'] ?? '')} ${String(f['http.request.uri'] ?? '')}`.trim();
  return `HTTP ${String(f['http.response.code'] ?? '')} ${String(f['http.response.phrase'] ?? '')}`.trim();
}

const TLS_CONTENT: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat' };
const TLS_HANDSHAKE: Record<number, string> = {
  0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 4: 'New Session Ticket', 8: 'Encrypted Extensions', 11: 'Certificate',
  12: 'Server Key Exchange', 13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished',
};

function tlsSummary(f: Facts): string {
  const ct = Number(f['tls.record.content_type']);
  const types = arr(f['tls.handshake.type']).map((t) => TLS_HANDSHAKE[Number(t)] ?? `Handshake ${String(t)}`);
  let s = ct === 22 && types.length ? types.join(', ') : ct === 22 && f.encrypted === true ? 'Encrypted Handshake Message' : TLS_CONTENT[ct] ?? `Content type ${ct}`;
  const sni = f['tls.handshake.extensions_server_name'];
  if (typeof sni === 'string') s += ` (SNI=${sni})`;
  const alpn = arr(f['tls.handshake.extensions_alpn_str']);
  if (alpn.length) s += ` ALPN=${alpn.join(',')}`;
  if (f['_ws.malformed'] !== undefined) s += ' [Malformed]';
  return s;
}

/** What one connection needs: a PDU protocol per direction (shared state for HTTP request/response pairing). */
export type TcpSession = (dir: 0 | 1) => AppPdu;

export interface AppProtocolEntry extends AppProtocol {
  /** Starts the PDU framing of one TCP connection. */
  session?: () => TcpSession;
  /** Stateful datagram handling of one UDP stream (user dissectors: fragment reassembly, Lua). */
  udpSession?: () => UdpSession;
  /** Heuristic on a TCP direction's first bytes (user dissectors' magic, Lua heuristics). */
  tcpHeuristic?: (first: Uint8Array) => boolean;
  /** Heuristic on a UDP datagram of a stream no port claimed (Proto:register_heuristic("udp", fn)). */
  udpHeuristic?: (payload: Uint8Array) => boolean;
}

// ---- user dissectors (@wirewho/dissectors), process-wide: the dissector folder of this run --------

let userEntries: AppProtocolEntry[] = [];
/** Post-dissectors of the loaded folder (run per frame during ingest). */
export type PostDissector = (frame: Uint8Array, meta: FrameMeta) => DissectorFacts | null;
let userPost: PostDissector[] = [];

export function userPostDissectors(): readonly PostDissector[] {
  return userPost;
}
/** Endpoints of TCP streams framed by user dissectors (what their Pinfo.src/dst/ports show). */
const userStreams = new Map<number, TcpStreamInfo>();

/** Installs the loaded user dissectors; they take precedence over built-ins on the same port (as in Wireshark). */
export function setUserProtocols(list: readonly UserProtocol[]): void {
  userEntries = list.map((u): AppProtocolEntry => {
    const e: AppProtocolEntry = { name: u.name, tcpPorts: u.tcpPorts, udpPorts: u.udpPorts };
    const tcp = u.tcpSession?.bind(u);
    if (tcp) e.session = () => { const s = tcp(); return (dir) => s(dir) as unknown as AppPdu; };
    if (u.udpSession) e.udpSession = u.udpSession.bind(u);
    if (u.tcpHeuristic) e.tcpHeuristic = u.tcpHeuristic.bind(u);
    if (u.udpHeuristic && u.udpSession) e.udpHeuristic = u.udpHeuristic.bind(u);
    return e;
  });
  userPost = list.flatMap((u): PostDissector[] => (u.postDissect ? [(frame, meta) => u.postDissect!(frame, meta)] : []));
  userStreams.clear();
  userUdpStreams.clear();
  userUdp = userEntries.some((e) => e.udpSession);
  registry = null;
}

/** UDP streams seen while user dissectors read UDP (their Pinfo endpoints); bounded like userStreams. */
const userUdpStreams = new Map<number, UdpStreamInfo>();
let userUdp = false;

/** Remembers a UDP stream's endpoints when a user dissector may read it (by port or heuristic). */
export function noteUserUdpStream(u: UdpStreamInfo): void {
  if (!userUdp) return;
  if (userUdpStreams.size >= 65536) userUdpStreams.delete(userUdpStreams.keys().next().value as number);
  userUdpStreams.set(u.id, u);
}

/** Index of the user protocol whose UDP heuristic accepts this datagram, or -1 (cheap when none has one). */
export function udpHeuristicFor(payload: Uint8Array): number {
  if (!userUdp) return -1;
  for (let i = 0; i < userEntries.length; i++) if (userEntries[i].udpHeuristic?.(payload)) return i;
  return -1;
}

/** Addresses and ports of a TCP (or UDP) stream seen from direction `dir` (0: node0 -> node1). */
export function userStreamEndpoints(stream: number, dir: 0 | 1, transport: 'tcp' | 'udp' = 'tcp'): { src: string; dst: string; srcPort: number; dstPort: number } {
  const s = transport === 'udp' ? userUdpStreams.get(stream) : userStreams.get(stream);
  if (!s) return { src: '', dst: '', srcPort: 0, dstPort: 0 };
  const [a, b] = dir === 0 ? [s.node0, s.node1] : [s.node1, s.node0];
  return { src: a.addr, dst: b.addr, srcPort: a.port, dstPort: b.port };
}

function portsOf(name: string, fallback: number[]): ReadonlySet<number> {
  const v = lookup(name);
  return v instanceof Set ? (v as ReadonlySet<number>) : new Set(fallback);
}

function buildRegistry(): AppProtocolEntry[] {
  const out: AppProtocolEntry[] = [...userEntries];
  const dnsTcp = withSummary(external('dnsTcpPdu') ?? (builtinDnsTcp), 'dns', dnsSummary);
  const parseDns = externalFn<(b: Uint8Array, off?: number, end?: number) => Facts>('parseDnsMessage');
  out.push({
    name: 'dns',
    tcp: dnsTcp,
    session: () => () => dnsTcp,
    tcpPorts: DNS_PORTS,
    udp: (payload) => {
      let facts: Facts;
      try {
        facts = parseDns ? parseDns(payload, 0, payload.length) : parseDnsBasic(payload);
      } catch (err) {
        facts = { '_ws.malformed': err instanceof Error ? err.message : String(err) };
      }
      return { facts, summary: dnsSummary(facts) };
    },
    udpPorts: DNS_PORTS,
  });
  for (const [name, cls, ports, fallback, summary] of [
    ['http', 'HttpConversation', 'HTTP_TCP_PORTS', HTTP_FALLBACK_PORTS, httpSummary],
    ['tls', 'TlsConversation', 'TLS_TCP_PORTS', TLS_FALLBACK_PORTS, tlsSummary],
  ] as const) {
    const C = externalConversation(cls);
    if (!C) continue;
    out.push({
      name,
      tcpPorts: portsOf(ports, [...fallback]),
      session: () => {
        const conv = new C();
        const byDir: (AppPdu | undefined)[] = [undefined, undefined];
        return (dir) => (byDir[dir] ??= withSummary(conv.protocol(dir), name, summary));
      },
    });
  }
  return out;
}

let registry: AppProtocolEntry[] | null = null;

export function appProtocols(): readonly AppProtocolEntry[] {
  registry ??= buildRegistry();
  return registry;
}

const HTTP_STARTS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'OPTIONS ', 'CONNECT ', 'TRACE ', 'PATCH ', 'HTTP/1.'];

/** Which protocol the first bytes of a direction look like (Wireshark's heuristic dissectors), or ''. */
export function sniff(b: Uint8Array): string {
  if (b.length >= 5 && b[0] >= 20 && b[0] <= 23 && b[1] === 3 && b[2] <= 4) return 'tls';
  for (const m of HTTP_STARTS) {
    if (b.length < m.length) continue;
    let ok = true;
    for (let i = 0; i < m.length && ok; i++) ok = b[i] === m.charCodeAt(i);
    if (ok) return 'http';
  }
  return '';
}

/**
 * Index of the protocol that frames this TCP stream, or -1: by port (the server's first), else by
 * what the direction's first bytes look like (HTTP on port 8000, TLS on 4433, ...).
 */
export function tcpAppFor(s: TcpStreamInfo, dir: Direction, firstBytes?: Uint8Array): number {
  void dir;
  const list = appProtocols();
  const serverPort = s.client === 1 ? s.node0.port : s.node1.port;
  const clientPort = s.client === 1 ? s.node1.port : s.node0.port;
  const chosen = (i: number) => {
    if (i < userEntries.length) {
      if (userStreams.size >= 65536) userStreams.delete(userStreams.keys().next().value as number);
      userStreams.set(s.id, s);
    }
    return i;
  };
  for (const port of [serverPort, clientPort]) {
    for (let i = 0; i < list.length; i++) if (list[i].session && list[i].tcpPorts?.has(port)) return chosen(i);
  }
  if (firstBytes) for (let i = 0; i < userEntries.length; i++) if (list[i].session && list[i].tcpHeuristic?.(firstBytes)) return chosen(i);
  const guess = firstBytes ? sniff(firstBytes) : '';
  return guess ? list.findIndex((p) => p.name === guess && p.session !== undefined) : -1;
}

/** Index of the protocol that reads datagrams between these ports, or -1. */
export function udpAppFor(port0: number, port1: number): number {
  const list = appProtocols();
  for (const port of [port1, port0]) {
    for (let i = 0; i < list.length; i++) if ((list[i].udp || list[i].udpSession) && list[i].udpPorts?.has(port)) return i;
  }
  return -1;
}

/** Facts -> frame_fields rows for `frame` (booleans as 1/0, multi-occurrence fields one row each). */
export function factRows(frame: number, facts: Facts, out: FieldColumns, names: FieldNames): void {
  for (const key in facts) {
    // Wireshark field names have a dot; other keys (startLine, body, headers, ...) are dissector detail.
    if (key.indexOf('.') < 0) continue;
    const v = facts[key];
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const t = typeof x;
        if (t === 'string' || t === 'number' || t === 'boolean' || x instanceof Uint8Array) appendFrameField(out, names, frame, key, x as string | number | boolean | Uint8Array);
      }
    } else {
      const t = typeof v;
      if (v === null || t === 'string' || t === 'number' || t === 'boolean' || t === 'bigint' || v instanceof Uint8Array) {
        appendFrameField(out, names, frame, key, v as string | number | boolean | bigint | Uint8Array | null);
      }
    }
  }
}

export { INVALID, NEED_MORE };
