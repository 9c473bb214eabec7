/**
 * EtherType dispatch shared by Ethernet, 802.1Q/802.1ad, Linux SLL/SLL2 and LLC/SNAP.
 * VLAN tags are handled in a loop here (not by recursion) so a frame full of tags cannot blow the stack.
 */
import { summarizeArp, dissectArp } from './arp.js';
import { Cursor, markTruncated } from './cursor.js';
import { hex16, hexColon, hexPlain } from './format.js';
import { summarizeIPv4, dissectIPv4 } from './ipv4.js';
import { summarizeIPv6, dissectIPv6 } from './ipv6.js';
import { summarizeLlc, dissectLlc } from './link/llc.js';
import { summarizeMpls, dissectMpls } from './link/mpls.js';
import { summarizePppoe, dissectPppoe } from './link/pppoe.js';
import { summarizeVlan, dissectVlan } from './link/vlan.js';
import { ETHERTYPE_COLUMN, ETHERTYPE_NAMES, ETHERTYPE_PROTO, etherTypeLabel } from './names.js';
import { DCursor, add, addData } from './tree.js';
import type { DetailNode, FrameSummary } from './types.js';

/** Values up to 1500 in the type/length field are an 802.3 length (LLC follows). */
export const MAX_802_3_LEN = 1500;

export { etherTypeLabel };

/**
 * Decode what follows a type/length field. `linkInfo` is the Info text Wireshark leaves when
 * nothing above the link layer is recognised ("Ethernet II"); `quiet` leaves the first
 * "ethertype" out of frame.protocols.
 */
export function summarizeEtherPayload(s: FrameSummary, c: Cursor, typeOrLen: number, linkInfo: string, quiet = false): void {
  let t = typeOrLen;
  for (let depth = 0; depth < 64; depth++) {
    if (t <= MAX_802_3_LEN) {
      s.protocols += ':llc';
      t = summarizeLlc(s, c);
      if (t < 0) return; // not SNAP-encapsulated EtherType: LLC is the top
      continue;
    }
    // Wireshark lists its "ethertype" pseudo-layer, except when NULL/loopback hands over a type.
    if (!quiet || depth > 0) s.protocols += ':ethertype';
    switch (t) {
      case 0x0800:
        summarizeIPv4(s, c);
        return;
      case 0x86dd:
        summarizeIPv6(s, c);
        return;
      case 0x0806:
        summarizeArp(s, c);
        return;
      case 0x8100:
      case 0x88a8:
      case 0x9100:
        t = summarizeVlan(s, c, t);
        if (t < 0) return;
        continue;
      case 0x8847:
      case 0x8848:
        summarizeMpls(s, c);
        return;
      case 0x8864:
        summarizePppoe(s, c);
        return;
      default:
        unknownEtherType(s, c, t, linkInfo);
        return;
    }
  }
  // 64 nested tags: treat as garbage rather than loop on.
  s.malformed = 'too many nested VLAN/LLC headers';
}

function unknownEtherType(s: FrameSummary, c: Cursor, t: number, linkInfo: string): void {
  const col = ETHERTYPE_COLUMN.get(t);
  if (col !== undefined) {
    s.protocol = col;
    s.info = ETHERTYPE_NAMES.get(t) ?? '';
    s.protocols += ':' + (ETHERTYPE_PROTO.get(t) ?? 'data');
    return;
  }
  s.protocol = hex16(t);
  s.info = linkInfo;
  if (c.off < c.rep) s.protocols += ':data';
  if (c.off > c.cap && c.off > c.rep) markTruncated(s, c, c.off, 'Ethernet');
}

/** Detail-tree twin of summarizeEtherPayload. `carrier` receives the padding line (eth.padding). */
export function dissectEtherPayload(c: DCursor, typeOrLen: number, carrier: DetailNode): void {
  let t = typeOrLen;
  const frameEnd = c.cap;
  for (let depth = 0; depth < 64; depth++) {
    if (t <= MAX_802_3_LEN) {
      t = dissectLlc(c);
      if (t < 0) return;
      continue;
    }
    switch (t) {
      case 0x0800:
        dissectIPv4(c);
        addPadding(c, carrier, frameEnd);
        return;
      case 0x86dd:
        dissectIPv6(c);
        addPadding(c, carrier, frameEnd);
        return;
      case 0x0806:
        dissectArp(c);
        addPadding(c, carrier, frameEnd);
        return;
      case 0x8100:
      case 0x88a8:
      case 0x9100: {
        const r = dissectVlan(c, t);
        t = r.type;
        carrier = r.node;
        continue;
      }
      case 0x8847:
      case 0x8848:
        dissectMpls(c);
        return;
      case 0x8864:
        dissectPppoe(c);
        return;
      default:
        addData(c, c.off, c.rep);
        return;
    }
  }
}

/** Bytes after the network-layer datagram inside an Ethernet frame are padding (eth.padding). */
function addPadding(c: DCursor, carrier: DetailNode, frameEnd: number): void {
  const end = c.l3End;
  if (end < 0 || end >= frameEnd) return;
  const len = frameEnd - end;
  add(carrier, `Padding: ${hexPlain(c.d, end, len)}`, 'eth.padding', hexColon(c.d, end, len), end, len);
}
