/** Ethernet II / IEEE 802.3 (LINKTYPE_ETHERNET). The caller strips any FCS before we see the frame. */
import { Cursor, markTruncated } from '../cursor.js';
import { MAX_802_3_LEN, dissectEtherPayload, etherTypeLabel, summarizeEtherPayload } from '../ethertype.js';
import { be16, formatMac, hex16, hexColon, hexPlain } from '../format.js';
import { DCursor, add } from '../tree.js';
import type { DetailNode, FrameSummary } from '../types.js';

export const ETH_HEADER_LEN = 14;

export function summarizeEthernet(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocols = 'eth';
  if (o + ETH_HEADER_LEN > c.cap) {
    s.protocol = 'Ethernet';
    markTruncated(s, c, o + ETH_HEADER_LEN, 'Ethernet');
    return;
  }
  s.ethDst = formatMac(d, o);
  s.ethSrc = formatMac(d, o + 6);
  const t = be16(d, o + 12);
  c.off = o + ETH_HEADER_LEN;
  if (t <= MAX_802_3_LEN) {
    // 802.3 length: the LLC PDU is `t` bytes; anything after it is padding.
    const end = c.off + t;
    if (end < c.rep) c.rep = end;
    if (c.rep < c.cap) c.cap = c.rep;
    s.protocol = 'LLC';
    s.info = 'IEEE 802.3 Ethernet';
  }
  summarizeEtherPayload(s, c, t, 'Ethernet II');
}

/** The MAC address line with its LG/IG bits, as Wireshark draws eth.dst / eth.src. */
export function macNode(parent: DetailNode, c: DCursor, label: string, field: string, off: number): void {
  c.need(off, 6);
  const mac = formatMac(c.d, off);
  const n = add(parent, `${label}: ${mac}`, field, mac, off, 6);
  add(n, `Address: ${mac}`, 'eth.addr', mac, off, 6);
  const b = c.d[off];
  const lg = (b >> 1) & 1, ig = b & 1;
  add(n, `.... ..${lg}. .... .... .... .... = LG bit: ${lg ? 'Locally administered address (this is NOT the factory default)' : 'Globally unique address (factory default)'}`,
    `${field}.lg`, String(lg), off, 3);
  add(n, `.... ...${ig} .... .... .... .... = IG bit: ${ig ? 'Group address (multicast/broadcast)' : 'Individual address (unicast)'}`,
    `${field}.ig`, String(ig), off, 3);
}

export function dissectEthernet(c: DCursor): void {
  const o = c.off;
  c.layer = 'Ethernet';
  const isLen = c.cap >= o + 14 && ((c.d[o + 12] << 8) | c.d[o + 13]) <= MAX_802_3_LEN;
  const haveAddrs = c.cap >= o + 12;
  const title = isLen ? 'IEEE 802.3 Ethernet' : 'Ethernet II';
  const n = c.layerNode(
    haveAddrs ? `${title}, Src: ${formatMac(c.d, o + 6)}, Dst: ${formatMac(c.d, o)}` : title,
    'eth', o, Math.min(14, c.cap - o));
  macNode(n, c, 'Destination', 'eth.dst', o);
  macNode(n, c, 'Source', 'eth.src', o + 6);
  const t = c.u16(o + 12);
  c.off = o + 14;
  if (t <= MAX_802_3_LEN) {
    add(n, `Length: ${t}`, 'eth.len', String(t), o + 12, 2);
    const end = c.off + t;
    const frameCap = c.cap;
    if (end < c.rep) c.rep = end;
    if (c.rep < c.cap) c.cap = c.rep;
    dissectEtherPayload(c, t, n);
    if (end < frameCap) {
      add(n, `Padding: ${hexPlain(c.d, end, frameCap - end)}`, 'eth.padding', hexColon(c.d, end, frameCap - end), end, frameCap - end);
    }
    return;
  }
  add(n, `Type: ${etherTypeLabel(t)}`, 'eth.type', hex16(t), o + 12, 2);
  dissectEtherPayload(c, t, n);
}
