/** dissectFrame: the on-demand detail tree for one selected frame. */
import { formatAbsTimeUtc, formatEpochNs } from './format.js';
import { dissectEthernet } from './link/ethernet.js';
import { dissectNflog } from './link/nflog.js';
import { dissectNull } from './link/null.js';
import { dissectPpp } from './link/ppp.js';
import { dissectRaw, dissectRawFixed } from './link/raw.js';
import { dissectSll } from './link/sll.js';
import { dissectSll2 } from './link/sll2.js';
import { LinkType, linkTypeName, wtapEncap } from './linktype.js';
import { summarizeFrame } from './summary.js';
import { DCursor, Truncated, add, addData, bytesBits } from './tree.js';
import type { DetailNode, FrameContext } from './types.js';

const DIRECTIONS = ['Unknown', 'Inbound', 'Outbound', 'Invalid'];

function frameNode(data: Uint8Array, ctx: FrameContext, protocols: string): DetailNode {
  const wire = ctx.origLen, cap = ctx.capLen;
  let label = `Frame ${ctx.number}: ${wire} bytes on wire (${wire * 8} bits), ${cap} bytes captured (${cap * 8} bits)`;
  if (ctx.interfaceName !== undefined) label += ` on interface ${ctx.interfaceName}, id ${ctx.interfaceId}`;
  const n: DetailNode = { label, field: 'frame', start: 0, length: data.length, children: [] };
  const ifn = add(n, `Interface id: ${ctx.interfaceId}${ctx.interfaceName !== undefined ? ` (${ctx.interfaceName})` : ''}`,
    'frame.interface_id', String(ctx.interfaceId), 0, 0);
  if (ctx.interfaceName !== undefined) add(ifn, `Interface name: ${ctx.interfaceName}`, 'frame.interface_name', ctx.interfaceName, 0, 0);
  const enc = wtapEncap(ctx.linkType);
  add(n, `Encapsulation type: ${enc ? `${enc.name} (${enc.id})` : `${linkTypeName(ctx.linkType)} (LINKTYPE ${ctx.linkType})`}`,
    'frame.encap_type', String(enc ? enc.id : ctx.linkType), 0, 0);
  add(n, `Arrival Time: ${formatAbsTimeUtc(ctx.tsNs)}`, 'frame.time', formatAbsTimeUtc(ctx.tsNs), 0, 0);
  const epoch = formatEpochNs(ctx.tsNs);
  add(n, `Epoch Time: ${epoch} seconds`, 'frame.time_epoch', epoch, 0, 0);
  add(n, `Frame Number: ${ctx.number}`, 'frame.number', String(ctx.number), 0, 0);
  add(n, `Frame Length: ${bytesBits(wire)}`, 'frame.len', String(wire), 0, 0);
  add(n, `Capture Length: ${bytesBits(cap)}`, 'frame.cap_len', String(cap), 0, 0);
  if (ctx.flags !== undefined) {
    const f = ctx.flags >>> 0;
    const fl = add(n, `Packet flags: 0x${f.toString(16).padStart(8, '0')}`, 'frame.packet_flags', '0x' + f.toString(16).padStart(8, '0'), 0, 0);
    add(fl, `Direction: ${DIRECTIONS[f & 3]} (0x${f & 3})`, 'frame.packet_flags_direction', String(f & 3), 0, 0);
  }
  add(n, `[Protocols in frame: ${protocols}]`, 'frame.protocols', protocols, 0, 0);
  if (ctx.comments && ctx.comments.length > 0) {
    const cn = add(n, 'Packet comments', undefined, undefined, 0, 0);
    for (const cm of ctx.comments) add(cn, cm, 'frame.comment', cm, 0, 0);
  }
  return n;
}

/**
 * Build the detail tree of one frame: a "Frame N" node, then one node per decoded layer with
 * Wireshark field names and exact byte ranges. Never throws: a truncated frame ends with a
 * "[Packet size limited during capture: ...]" or "[Malformed Packet: ...]" node.
 */
export function dissectFrame(data: Uint8Array, ctx: FrameContext): DetailNode[] {
  const sum = summarizeFrame(ctx.linkType, data, ctx.origLen);
  const c = new DCursor(data, ctx.origLen);
  c.fragmentsAsData = ctx.fragmentsAsData === true;
  try {
    switch (ctx.linkType) {
      case LinkType.EN10MB: dissectEthernet(c); break;
      case LinkType.LINUX_SLL: dissectSll(c); break;
      case LinkType.LINUX_SLL2: dissectSll2(c); break;
      case LinkType.RAW:
      case LinkType.RAW_12:
      case LinkType.RAW_14: dissectRaw(c); break;
      case LinkType.IPV4: dissectRawFixed(c, 4); break;
      case LinkType.IPV6: dissectRawFixed(c, 6); break;
      case LinkType.NULL: dissectNull(c, false); break;
      case LinkType.LOOP: dissectNull(c, true); break;
      case LinkType.NFLOG: dissectNflog(c); break;
      case LinkType.PPP: dissectPpp(c); break;
      default:
        addData(c, 0, data.length);
    }
  } catch (e) {
    if (e instanceof Truncated) {
      if (e.need <= c.rep) {
        c.out.push({ label: `[Packet size limited during capture: ${e.layer} truncated]`, field: '_ws.short', start: data.length, length: 0 });
      } else {
        c.out.push({ label: `[Malformed Packet: ${e.layer}]`, field: '_ws.malformed', start: Math.min(c.off, data.length), length: 0 });
      }
    } else {
      c.out.push({ label: `[Dissector bug: ${e instanceof Error ? e.message : String(e)}]`, field: '_ws.malformed', start: 0, length: 0 });
    }
  }
  const out = [frameNode(data, ctx, sum.protocols), ...c.out];
  clampRanges(out, data.length);
  return out;
}

/**
 * Headers promise lengths the capture may not hold (snaplen, bogus length fields): keep every
 * highlighted range inside the captured bytes so the byte pane never points past the data.
 */
function clampRanges(nodes: DetailNode[], len: number): void {
  for (const n of nodes) {
    if (n.start > len) n.start = len;
    if (n.start + n.length > len) n.length = len - n.start;
    if (n.children) clampRanges(n.children, len);
  }
}
