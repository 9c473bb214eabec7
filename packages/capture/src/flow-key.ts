/**
 * The transport 5-tuple of a captured frame, read straight from its bytes (hot path: no decoding
 * tree). Only what attribution needs: link layer → IPv4/IPv6 (extension headers skipped) → TCP/UDP
 * ports, first fragments only.
 */
import { formatIp } from '@wirewho/procmap';

export interface FrameFlow {
  proto: 'tcp' | 'udp';
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  /** TCP SYN without ACK: a connection (re)starts, so an old answer for the tuple is stale. */
  syn: boolean;
}

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

/** Offset of the network header and its ethertype, or -1 when the frame carries no IP. */
function networkStart(linkType: number, d: Uint8Array): [number, number] {
  switch (linkType) {
    case 1: { // Ethernet, with 802.1Q / QinQ tags
      let o = 12;
      let type = d.length >= 14 ? (d[12] << 8) | d[13] : -1;
      while ((type === 0x8100 || type === 0x88a8) && d.length >= o + 6) {
        o += 4;
        type = (d[o] << 8) | d[o + 1];
      }
      return [o + 2, type];
    }
    case 0: case 108: { // BSD loopback: address family in host / network order
      if (d.length < 4) return [-1, -1];
      const be = (d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3];
      const le = d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24);
      const af = linkType === 108 || le >= 256 ? be : le;
      return [4, af === 2 ? 0x0800 : af === 10 || af === 24 || af === 28 || af === 30 ? 0x86dd : -1];
    }
    case 113: return d.length >= 16 ? [16, (d[14] << 8) | d[15]] : [-1, -1];
    case 276: return d.length >= 20 ? [20, (d[0] << 8) | d[1]] : [-1, -1];
    case 101: case 12: case 14: return d.length >= 1 ? [0, d[0] >> 4 === 6 ? 0x86dd : 0x0800] : [-1, -1];
    case 228: return [0, 0x0800];
    case 229: return [0, 0x86dd];
    default: return [-1, -1];
  }
}

export function frameFlow(linkType: number, d: Uint8Array): FrameFlow | undefined {
  const [o, type] = networkStart(linkType, d);
  if (o < 0) return undefined;
  let proto: number;
  let t: number;
  let src: Uint8Array;
  let dst: Uint8Array;
  if (type === 0x0800) {
    if (d.length < o + 20 || d[o] >> 4 !== 4) return undefined;
    const ihl = (d[o] & 0x0f) * 4;
    if (((d[o + 6] & 0x1f) << 8 | d[o + 7]) !== 0) return undefined; // not a first fragment
    proto = d[o + 9]!;
    src = d.subarray(o + 12, o + 16);
    dst = d.subarray(o + 16, o + 20);
    t = o + ihl;
  } else if (type === 0x86dd) {
    if (d.length < o + 40 || d[o] >> 4 !== 6) return undefined;
    proto = d[o + 6]!;
    src = d.subarray(o + 8, o + 24);
    dst = d.subarray(o + 24, o + 40);
    t = o + 40;
    // Hop-by-hop, routing, destination options, fragment (first only).
    for (let hops = 0; hops < 8 && (proto === 0 || proto === 43 || proto === 60 || proto === 44); hops++) {
      if (d.length < t + 8) return undefined;
      if (proto === 44 && ((d[t + 2] << 8 | d[t + 3]) & 0xfff8) !== 0) return undefined;
      const next = d[t];
      t += proto === 44 ? 8 : (d[t + 1] + 1) * 8;
      proto = next;
    }
  } else {
    return undefined;
  }
  if ((proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) || d.length < t + 4) return undefined;
  const syn = proto === IPPROTO_TCP && d.length >= t + 14 && (d[t + 13] & 0x12) === 0x02;
  return {
    proto: proto === IPPROTO_TCP ? 'tcp' : 'udp',
    srcAddr: formatIp(src), srcPort: (d[t] << 8) | d[t + 1],
    dstAddr: formatIp(dst), dstPort: (d[t + 2] << 8) | d[t + 3],
    syn,
  };
}
