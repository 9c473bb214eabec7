/** IEEE 802.1Q (0x8100), 802.1ad S-tag (0x88a8) and the old QinQ type 0x9100: 4-byte tags. */
import { Cursor, markTruncated } from '../cursor.js';
import { be16, bitPicture, hex16 } from '../format.js';
import { etherTypeLabel } from '../names.js';
import { DCursor, add } from '../tree.js';
import type { DetailNode, FrameSummary } from '../types.js';

const PRIORITY = [
  'Best Effort (default)', 'Background', 'Excellent Effort', 'Critical Applications',
  'Video, < 100ms latency and jitter', 'Voice, < 10ms latency and jitter', 'Internetwork Control', 'Network Control',
];

/** Records the VLAN id and returns the inner type/length, or -1 when the tag is cut off. */
export function summarizeVlan(s: FrameSummary, c: Cursor, tpid: number): number {
  const d = c.d, o = c.off;
  s.protocols += tpid === 0x88a8 ? ':ieee8021ad' : ':vlan';
  if (o + 4 > c.cap) {
    s.protocol = tpid === 0x88a8 ? 'IEEE 802.1ad' : '802.1Q';
    markTruncated(s, c, o + 4, 'VLAN');
    return -1;
  }
  const id = be16(d, o) & 0x0fff;
  if (s.vlanIds === undefined) s.vlanIds = [id];
  else s.vlanIds.push(id);
  c.off = o + 4;
  const inner = be16(d, o + 2);
  if (inner <= 1500) {
    // A length inside a tag: the LLC PDU is that long, the rest is padding.
    const end = c.off + inner;
    if (end < c.rep) c.rep = end;
    if (c.rep < c.cap) c.cap = c.rep;
  }
  return inner;
}

export function dissectVlan(c: DCursor, tpid: number): { type: number; node: DetailNode } {
  const o = c.off;
  c.layer = tpid === 0x88a8 ? 'IEEE 802.1ad' : '802.1Q';
  const tci = c.u16(o);
  const pri = tci >> 13, dei = (tci >> 12) & 1, id = tci & 0xfff;
  let n: DetailNode;
  if (tpid === 0x88a8) {
    n = c.layerNode(`IEEE 802.1ad, ID: ${id}`, 'ieee8021ad', o, 4);
    add(n, `${bitPicture(tci, 0xe000, 16)} = Priority: ${pri}`, 'ieee8021ad.priority', String(pri), o, 1);
    add(n, `${bitPicture(tci, 0x1000, 16)} = DEI: ${dei}`, 'ieee8021ad.dei', String(dei), o, 1);
    add(n, `${bitPicture(tci, 0x0fff, 16)} = ID: ${id}`, 'ieee8021ad.id', String(id), o, 2);
  } else {
    n = c.layerNode(`802.1Q Virtual LAN, PRI: ${pri}, DEI: ${dei}, ID: ${id}`, 'vlan', o, 4);
    add(n, `${bitPicture(tci, 0xe000, 16)} = Priority: ${PRIORITY[pri]} (${pri})`, 'vlan.priority', String(pri), o, 2);
    add(n, `${bitPicture(tci, 0x1000, 16)} = DEI: ${dei ? 'Eligible' : 'Ineligible'}`, 'vlan.dei', String(dei), o, 2);
    add(n, `${bitPicture(tci, 0x0fff, 16)} = ID: ${id}`, 'vlan.id', String(id), o, 2);
  }
  const t = c.u16(o + 2);
  c.off = o + 4;
  if (t <= 1500) {
    add(n, `Length: ${t}`, 'vlan.len', String(t), o + 2, 2);
    const end = c.off + t;
    if (end < c.rep) c.rep = end;
    if (c.rep < c.cap) c.cap = c.rep;
  } else {
    add(n, `Type: ${etherTypeLabel(t)}`, tpid === 0x88a8 ? 'ieee8021ah.etype' : 'vlan.etype', hex16(t), o + 2, 2);
  }
  return { type: t, node: n };
}
