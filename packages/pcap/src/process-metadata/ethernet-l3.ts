/**
 * Where the network-layer packet of an Ethernet frame ends, from its own length field — what
 * tells a tcpshark trailer (or padding, or an FCS) apart from payload. 802.1Q/802.1ad tags are
 * stepped over: tcpshark rebuilds a frame from every decoded layer's bytes, so a VLAN tag's 4 bytes
 * stay between the Ethernet header and the IP packet and the trailer follows the IP packet.
 */

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const MAX_VLAN_TAGS = 2;

export interface EthernetL3Extent {
  etherType: number;
  /** Offset of the first L3 byte (14, or 18/22 behind VLAN tags). */
  start: number;
  /** Offset just past the L3 packet as its header states it (may exceed the captured bytes). */
  end: number;
  /** IPv4 protocol / IPv6 next header; undefined for ARP. */
  ipProtocol?: number;
}

/** undefined for non-IP/ARP EtherTypes, 802.3 length frames and headers cut short. */
export function ethernetL3Extent(data: Uint8Array): EthernetL3Extent | undefined {
  let p = 12;
  let type = u16(data, p);
  for (let tags = 0; (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ) && tags < MAX_VLAN_TAGS; tags++) {
    p += 4;
    type = u16(data, p);
  }
  if (type === undefined) return undefined;
  const start = p + 2;
  switch (type) {
    case ETHERTYPE_IPV4: {
      if (data.length < start + 20 || data[start] >> 4 !== 4) return undefined;
      const total = u16(data, start + 2)!;
      if (total < (data[start] & 0xf) * 4) return undefined;
      return { etherType: type, start, end: start + total, ipProtocol: data[start + 9] };
    }
    case ETHERTYPE_IPV6: {
      if (data.length < start + 40 || data[start] >> 4 !== 6) return undefined;
      return { etherType: type, start, end: start + 40 + u16(data, start + 4)!, ipProtocol: data[start + 6] };
    }
    case ETHERTYPE_ARP: {
      // 8 fixed bytes + sender/target hardware and protocol addresses (gopacket's ARP layer contents).
      if (data.length < start + 8) return undefined;
      return { etherType: type, start, end: start + 8 + 2 * (data[start + 4] + data[start + 5]) };
    }
    default:
      return undefined;
  }
}

function u16(b: Uint8Array, at: number): number | undefined {
  return at + 2 <= b.length ? (b[at] << 8) | b[at + 1] : undefined;
}
