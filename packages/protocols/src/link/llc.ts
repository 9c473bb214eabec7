/** IEEE 802.2 LLC (after an 802.3 length field) with SNAP. SNAP with OUI 0 carries an EtherType. */
import { Cursor, markTruncated } from '../cursor.js';
import { HEX2, be16, hex16 } from '../format.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';

const S_FUNC = ['RR', 'RNR', 'REJ', 'SREJ'];

function controlText(ctl: number, ctl2: number): string {
  if ((ctl & 1) === 0) return `I, N(R)=${ctl2 >> 1}, N(S)=${ctl >> 1}`;
  if ((ctl & 3) === 1) return `S, func=${S_FUNC[(ctl >> 2) & 3]}, N(R)=${ctl2 >> 1}`;
  return ctl === 0x03 ? 'U, func=UI' : `U, func=0x${HEX2[ctl & 0xef]}`;
}

/** Returns the SNAP EtherType to continue with, or -1 when LLC is the top decoded layer. */
export function summarizeLlc(s: FrameSummary, c: Cursor): number {
  const d = c.d, o = c.off;
  s.protocol = 'LLC';
  if (o + 3 > c.cap) {
    s.info = '';
    markTruncated(s, c, o + 3, 'LLC');
    return -1;
  }
  const dsap = d[o], ssap = d[o + 1], ctl = d[o + 2];
  const ctlLen = (ctl & 3) === 3 ? 1 : 2;
  if (o + 2 + ctlLen > c.cap) {
    markTruncated(s, c, o + 2 + ctlLen, 'LLC');
    return -1;
  }
  const ctlText = controlText(ctl, ctlLen === 2 ? d[o + 3] : 0);
  if (dsap === 0xaa && ssap === 0xaa && ctl === 0x03) {
    if (o + 8 > c.cap) {
      s.info = ctlText;
      markTruncated(s, c, o + 8, 'LLC');
      return -1;
    }
    const oui = (d[o + 3] << 16) | (d[o + 4] << 8) | d[o + 5];
    const pid = be16(d, o + 6);
    c.off = o + 8;
    if (oui === 0) return pid;
    s.info = `${ctlText}; SNAP, OUI 0x${HEX2[d[o + 3]]}${HEX2[d[o + 4]]}${HEX2[d[o + 5]]}, PID ${hex16(pid)}`;
    if (c.off < c.rep) s.protocols += ':data';
    return -1;
  }
  s.info = `${ctlText}; DSAP 0x${HEX2[dsap & 0xfe]} ${dsap & 1 ? 'Group' : 'Individual'}, SSAP 0x${HEX2[ssap & 0xfe]} ${ssap & 1 ? 'Response' : 'Command'}`;
  c.off = o + 2 + ctlLen;
  if (c.off < c.rep) s.protocols += ':data';
  return -1;
}

export function dissectLlc(c: DCursor): number {
  const o = c.off;
  c.layer = 'LLC';
  const n = c.layerNode('Logical-Link Control', 'llc', o, Math.max(0, Math.min(3, c.cap - o)));
  const dsap = c.u8(o);
  add(n, `DSAP: 0x${HEX2[dsap & 0xfe]}`, 'llc.dsap', '0x' + HEX2[dsap & 0xfe], o, 1);
  add(n, `.... ...${dsap & 1} = IG Bit: ${dsap & 1 ? 'Group' : 'Individual'}`, 'llc.dsap.ig', String(dsap & 1), o, 1);
  const ssap = c.u8(o + 1);
  add(n, `SSAP: 0x${HEX2[ssap & 0xfe]}`, 'llc.ssap', '0x' + HEX2[ssap & 0xfe], o + 1, 1);
  add(n, `.... ...${ssap & 1} = CR Bit: ${ssap & 1 ? 'Response' : 'Command'}`, 'llc.ssap.cr', String(ssap & 1), o + 1, 1);
  const ctl = c.u8(o + 2);
  const ctlLen = (ctl & 3) === 3 ? 1 : 2;
  const ctlVal = ctlLen === 2 ? c.u16(o + 2) : ctl;
  add(n, `Control field: ${controlText(ctl, ctlLen === 2 ? c.d[o + 3] : 0)} (0x${ctlLen === 2 ? hex16(ctlVal).slice(2) : HEX2[ctl]})`,
    'llc.control', ctlLen === 2 ? hex16(ctlVal) : '0x' + HEX2[ctl], o + 2, ctlLen);
  n.length = 2 + ctlLen;
  c.off = o + 2 + ctlLen;
  if (dsap === 0xaa && ssap === 0xaa && ctl === 0x03) {
    c.need(o + 3, 5);
    const oui = (c.d[o + 3] << 16) | (c.d[o + 4] << 8) | c.d[o + 5];
    const pid = be16(c.d, o + 6);
    n.length = 8;
    add(n, `Organization Code: 0x${HEX2[c.d[o + 3]]}${HEX2[c.d[o + 4]]}${HEX2[c.d[o + 5]]}`, 'llc.oui', String(oui), o + 3, 3);
    add(n, `${oui === 0 ? 'Type' : 'PID'}: ${hex16(pid)}`, oui === 0 ? 'llc.type' : 'llc.pid', hex16(pid), o + 6, 2);
    c.off = o + 8;
    if (oui === 0) return pid;
  }
  addData(c, c.off, c.rep);
  return -1;
}
