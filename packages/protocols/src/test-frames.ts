/**
 * Test-only builders for hand-made frames (used by the *.test.ts files; not exported by index.ts).
 * Lengths and counts are filled in unless a test overrides them to build a hostile frame.
 */

export type Bytes = Uint8Array | number[];

export function cat(...parts: Bytes[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function u16(v: number): number[] {
  return [(v >>> 8) & 0xff, v & 0xff];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

export function mac(s: string): number[] {
  return s.split(':').map((x) => parseInt(x, 16));
}

export function ip4(s: string): number[] {
  return s.split('.').map(Number);
}

/** Parse an IPv6 text address (with at most one "::"; no embedded IPv4). */
export function ip6(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const words = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t];
  return words.flatMap((w) => u16(parseInt(w, 16)));
}

export const MAC_A = '00:11:22:33:44:55';
export const MAC_B = '66:77:88:99:aa:bb';

export function eth(type: number, payload: Bytes, dst = MAC_B, src = MAC_A): Uint8Array {
  return cat(mac(dst), mac(src), u16(type), payload);
}

export interface V4 {
  src?: string;
  dst?: string;
  proto?: number;
  id?: number;
  ttl?: number;
  /** 3 flag bits (4 reserved, 2 DF, 1 MF). */
  flags?: number;
  /** Fragment offset in bytes (multiple of 8). */
  fragOffset?: number;
  /** Header length in 32-bit words (default 5 + options). */
  ihl?: number;
  totalLength?: number;
  options?: number[];
  tos?: number;
}

export function ipv4(h: V4, payload: Bytes = []): Uint8Array {
  const opts = h.options ?? [];
  const ihl = h.ihl ?? 5 + Math.ceil(opts.length / 4);
  const hdrLen = 20 + Math.ceil(opts.length / 4) * 4;
  const total = h.totalLength ?? hdrLen + payload.length;
  const fo = ((h.flags ?? 2) << 13) | ((h.fragOffset ?? 0) >> 3);
  const hdr = cat(
    [0x40 | (ihl & 15), h.tos ?? 0], u16(total), u16(h.id ?? 0x1234), u16(fo), [h.ttl ?? 64, h.proto ?? 6], u16(0xbeef),
    ip4(h.src ?? '10.0.0.1'), ip4(h.dst ?? '10.0.0.2'), opts, new Array((4 - (opts.length % 4)) % 4).fill(0),
  );
  return cat(hdr, payload);
}

export interface V6 {
  src?: string;
  dst?: string;
  nxt?: number;
  hlim?: number;
  plen?: number;
  tclass?: number;
  flow?: number;
}

export function ipv6(h: V6, payload: Bytes = []): Uint8Array {
  const tc = h.tclass ?? 0, flow = h.flow ?? 0;
  const w = (6 << 28) | (tc << 20) | flow;
  return cat(u32(w >>> 0), u16(h.plen ?? payload.length), [h.nxt ?? 6, h.hlim ?? 64], ip6(h.src ?? 'fd00::1'), ip6(h.dst ?? 'fd00::2'), payload);
}

/** Generic IPv6 extension header (hop-by-hop / routing / dst-opts): `len8` is the Hdr Ext Len field. */
export function ext6(nxt: number, body: number[], len8?: number): number[] {
  const total = 2 + body.length;
  const pad = (8 - (total % 8)) % 8;
  return [nxt, len8 ?? (total + pad) / 8 - 1, ...body, ...new Array(pad).fill(0)];
}

export function frag6(nxt: number, offsetBytes: number, more: boolean, ident: number): number[] {
  return [nxt, 0, ...u16((offsetBytes & 0xfff8) | (more ? 1 : 0)), ...u32(ident)];
}

export interface Tcp {
  sp?: number;
  dp?: number;
  seq?: number;
  ack?: number;
  /** 12 flag bits. */
  flags?: number;
  win?: number;
  urg?: number;
  options?: number[];
  /** Data offset in 32-bit words (default 5 + options). */
  doff?: number;
}

export function tcp(h: Tcp, payload: Bytes = []): Uint8Array {
  const opts = h.options ?? [];
  const padded = [...opts, ...new Array((4 - (opts.length % 4)) % 4).fill(0)];
  const doff = h.doff ?? 5 + padded.length / 4;
  const flags = h.flags ?? 0x018;
  return cat(
    u16(h.sp ?? 45678), u16(h.dp ?? 443), u32(h.seq ?? 1000), u32(h.ack ?? 2000),
    [(doff << 4) | ((flags >> 8) & 0x0f), flags & 0xff], u16(h.win ?? 65535), u16(0xabcd), u16(h.urg ?? 0), padded, payload,
  );
}

export const TCP_OPT = {
  mss: (v: number) => [2, 4, ...u16(v)],
  ws: (shift: number) => [3, 3, shift],
  sackPerm: () => [4, 2],
  ts: (val: number, ecr: number) => [8, 10, ...u32(val), ...u32(ecr)],
  sack: (...edges: number[]) => [5, 2 + 4 * edges.length, ...edges.flatMap(u32)],
  nop: () => [1],
  eol: () => [0],
};

export function udp(sp: number, dp: number, payload: Bytes = [], length?: number): Uint8Array {
  return cat(u16(sp), u16(dp), u16(length ?? 8 + payload.length), u16(0x1111), payload);
}

/** DNS name in wire form, e.g. name('example.com') -> 7example3com0. */
export function dnsName(n: string): number[] {
  if (n === '') return [0];
  return [...n.split('.').flatMap((l) => [l.length, ...ascii(l)]), 0];
}

export interface DnsRR {
  name: number[];
  type: number;
  cls?: number;
  ttl?: number;
  rdata: number[];
}

export function dnsMessage(
  h: { id: number; flags: number; counts?: [number, number, number, number] },
  questions: { name: number[]; type: number; cls?: number }[],
  answers: DnsRR[] = [],
  authority: DnsRR[] = [],
  additional: DnsRR[] = [],
): number[] {
  const counts = h.counts ?? [questions.length, answers.length, authority.length, additional.length];
  const rr = (r: DnsRR) => [...r.name, ...u16(r.type), ...u16(r.cls ?? 1), ...u32(r.ttl ?? 300), ...u16(r.rdata.length), ...r.rdata];
  return [
    ...u16(h.id), ...u16(h.flags), ...counts.flatMap(u16),
    ...questions.flatMap((q) => [...q.name, ...u16(q.type), ...u16(q.cls ?? 1)]),
    ...answers.flatMap(rr), ...authority.flatMap(rr), ...additional.flatMap(rr),
  ];
}

/** Deterministic PRNG for fuzz tests. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
