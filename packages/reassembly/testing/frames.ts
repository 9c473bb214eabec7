/** Test support: build frames byte by byte (Ethernet/IPv4/IPv6/TCP/UDP and friends). */

export const u16 = (v: number): number[] => [(v >> 8) & 255, v & 255];
export const u32 = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
const text = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

export function tcp(sport: number, dport: number, seq: number, ack: number, flags: number, data: number[] | string = []): number[] {
  const d = typeof data === 'string' ? text(data) : data;
  return [...u16(sport), ...u16(dport), ...u32(seq), ...u32(ack), 0x50, flags, ...u16(65535), 0, 0, 0, 0, ...d];
}

export function udp(sport: number, dport: number, data: number[] | string = []): number[] {
  const d = typeof data === 'string' ? text(data) : data;
  return [...u16(sport), ...u16(dport), ...u16(8 + d.length), 0, 0, ...d];
}

export interface Ip4Options { id?: number; mf?: boolean; offset?: number; totalLength?: number }

export function ipv4(src: number[], dst: number[], proto: number, payload: number[], o: Ip4Options = {}): number[] {
  const frag = (o.mf ? 0x2000 : 0) | ((o.offset ?? 0) >> 3);
  return [0x45, 0, ...u16(o.totalLength ?? 20 + payload.length), ...u16(o.id ?? 1), ...u16(frag), 64, proto, 0, 0, ...src, ...dst, ...payload];
}

/** IPv6 with optional extension headers given as [type, bytes-after-next-and-len] (generic layout). */
export function ipv6(src: number[], dst: number[], proto: number, payload: number[], ext: { type: number; body: number[] }[] = []): number[] {
  let next = proto;
  let chain: number[] = [];
  for (let i = ext.length - 1; i >= 0; i--) {
    const e = ext[i];
    const len = 2 + e.body.length; // must be a multiple of 8
    chain = [next, len / 8 - 1, ...e.body, ...chain];
    next = e.type;
  }
  const body = [...chain, ...payload];
  return [0x60, 0, 0, 0, ...u16(body.length), next, 64, ...src, ...dst, ...body];
}

export function ipv6Fragment(src: number[], dst: number[], next: number, ident: number, offset: number, more: boolean, data: number[]): number[] {
  const hdr = [next, 0, ...u16(offset | (more ? 1 : 0)), ...u32(ident)];
  const body = [...hdr, ...data];
  return [0x60, 0, 0, 0, ...u16(body.length), 44, 64, ...src, ...dst, ...body];
}

export function ether(type: number, payload: number[], vlans: number[] = []): number[] {
  const tags = vlans.flatMap((v) => [0x81, 0x00, ...u16(v)]);
  return [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, ...tags, ...u16(type), ...payload];
}

export const A4 = [10, 0, 0, 1];
export const B4 = [10, 0, 0, 2];
export const A6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const B6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
