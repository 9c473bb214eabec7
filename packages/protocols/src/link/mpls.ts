/** MPLS label stack (EtherType 0x8847/0x8848). After the bottom label the payload is guessed by its first nibble, as Wireshark does. */
import { Cursor, markTruncated } from '../cursor.js';
import { summarizeIPv4, dissectIPv4 } from '../ipv4.js';
import { summarizeIPv6, dissectIPv6 } from '../ipv6.js';
import { DCursor, add, addData } from '../tree.js';
import type { FrameSummary } from '../types.js';

/** Bound on labels so a stack without a bottom-of-stack bit cannot run forever. */
const MAX_LABELS = 32;

export function summarizeMpls(s: FrameSummary, c: Cursor): void {
  const d = c.d;
  s.protocols += ':mpls';
  s.protocol = 'MPLS';
  s.info = '';
  for (let i = 0; i < MAX_LABELS; i++) {
    const o = c.off;
    if (o + 4 > c.cap) {
      markTruncated(s, c, o + 4, 'MPLS');
      return;
    }
    c.off = o + 4;
    if (d[o + 2] & 1) break; // bottom of stack
  }
  if (c.off >= c.cap) {
    if (c.off < c.rep) markTruncated(s, c, c.off + 1, 'MPLS');
    return;
  }
  const v = d[c.off] >> 4;
  if (v === 4) summarizeIPv4(s, c);
  else if (v === 6) summarizeIPv6(s, c);
  else s.protocols += ':data';
}

export function dissectMpls(c: DCursor): void {
  c.layer = 'MPLS';
  const start = c.off;
  const n = c.layerNode('MultiProtocol Label Switching Header', 'mpls', start, 0);
  for (let i = 0; i < MAX_LABELS; i++) {
    const o = c.off;
    const w = c.u32(o);
    const label = w >>> 12, exp = (w >>> 9) & 7, bos = (w >>> 8) & 1, ttl = w & 0xff;
    n.label = `MultiProtocol Label Switching Header, Label: ${label}, Exp: ${exp}, S: ${bos}, TTL: ${ttl}`;
    add(n, `MPLS Label: ${label}`, 'mpls.label', String(label), o, 3);
    add(n, `MPLS Experimental Bits: ${exp}`, 'mpls.exp', String(exp), o + 2, 1);
    add(n, `MPLS Bottom Of Label Stack: ${bos}`, 'mpls.bottom', String(bos), o + 2, 1);
    add(n, `MPLS TTL: ${ttl}`, 'mpls.ttl', String(ttl), o + 3, 1);
    c.off = o + 4;
    n.length = c.off - start;
    if (bos) break;
  }
  const v = c.u8(c.off) >> 4;
  if (v === 4) dissectIPv4(c);
  else if (v === 6) dissectIPv6(c);
  else addData(c, c.off, c.rep);
}
