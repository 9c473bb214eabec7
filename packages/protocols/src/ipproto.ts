/** Dispatch on the IP protocol / IPv6 next-header number to the transport decoders. */
import type { Cursor } from './cursor.js';
import { be32, hex32 } from './format.js';
import { summarizeIcmp, dissectIcmp } from './icmp.js';
import { summarizeIcmpv6, dissectIcmpv6 } from './icmpv6.js';
import { IP_PROTO_COLUMN } from './names.js';
import { summarizeTcp, dissectTcp } from './tcp.js';
import { DCursor, add, addData } from './tree.js';
import type { FrameSummary } from './types.js';
import { summarizeUdp, dissectUdp } from './udp.js';

/** frame.protocols names for IP payloads we name but do not decode. */
const PROTO_FIELD: Record<number, string> = {
  2: 'igmp', 4: 'ip', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 88: 'eigrp', 89: 'ospf', 103: 'pim', 112: 'vrrp',
  115: 'l2tp', 132: 'sctp',
};

export function summarizeIpPayload(s: FrameSummary, c: Cursor, proto: number): void {
  switch (proto) {
    case 6:
      summarizeTcp(s, c);
      return;
    case 17:
      summarizeUdp(s, c);
      return;
    case 1:
      summarizeIcmp(s, c);
      return;
    case 58:
      summarizeIcmpv6(s, c);
      return;
    default: {
      const col = IP_PROTO_COLUMN.get(proto);
      if (col !== undefined) {
        s.protocol = col;
        s.protocols += ':' + PROTO_FIELD[proto];
        if (proto === 50 && c.off + 8 <= c.cap) {
          s.info = 'ESP (SPI=' + hex32(be32(c.d, c.off)) + ')';
        }
      } else if (proto !== 59 && c.off < c.rep) {
        s.protocols += ':data';
      }
    }
  }
}

/** `proto` -1 means "payload of a non-first fragment": shown as data. */
export function dissectIpPayload(c: DCursor, proto: number): void {
  switch (proto) {
    case 6:
      dissectTcp(c);
      return;
    case 17:
      dissectUdp(c);
      return;
    case 1:
      dissectIcmp(c);
      return;
    case 58:
      dissectIcmpv6(c);
      return;
    case 50: {
      if (c.off + 8 <= c.cap) {
        const n = c.layerNode('Encapsulating Security Payload', 'esp', c.off, c.rep - c.off);
        const spi = be32(c.d, c.off);
        add(n, `ESP SPI: ${hex32(spi)} (${spi})`, 'esp.spi', hex32(spi), c.off, 4);
        const seq = be32(c.d, c.off + 4);
        add(n, `ESP Sequence: ${seq}`, 'esp.sequence', String(seq), c.off + 4, 4);
        return;
      }
      addData(c, c.off, c.rep);
      return;
    }
    default:
      addData(c, c.off, c.rep);
  }
}
