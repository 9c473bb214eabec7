/** ICMPv6 (RFC 4443) with Neighbor Discovery (RFC 4861) names and the link-layer address options the Info column shows. */
import { Cursor, markTruncated } from './cursor.js';
import { HEX2, be16, be32, formatIPv6, formatMac, hex16, hex32 } from './format.js';
import { DCursor, add, addData } from './tree.js';
import type { DetailNode, FrameSummary } from './types.js';

const TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem',
  128: 'Echo (ping) request', 129: 'Echo (ping) reply', 130: 'Multicast Listener Query', 131: 'Multicast Listener Report',
  132: 'Multicast Listener Done', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement', 137: 'Redirect', 138: 'Router Renumbering', 139: 'ICMP Node Information Query',
  140: 'ICMP Node Information Response', 141: 'Inverse Neighbor Discovery Solicitation Message',
  142: 'Inverse Neighbor Discovery Advertisement Message', 143: 'Multicast Listener Report Message v2',
  144: 'Home Agent Address Discovery Request Message', 145: 'Home Agent Address Discovery Reply Message',
  146: 'Mobile Prefix Solicitation', 147: 'Mobile Prefix Advertisement', 151: 'Multicast Router Advertisement',
  152: 'Multicast Router Solicitation', 153: 'Multicast Router Termination', 155: 'RPL Control Message',
};
const CODES: Record<number, readonly string[]> = {
  1: ['no route to destination', 'communication with destination administratively prohibited', 'beyond scope of source address',
    'address unreachable', 'port unreachable', 'source address failed ingress/egress policy', 'reject route to destination',
    'error in source routing header'],
  3: ['hop limit exceeded in transit', 'fragment reassembly time exceeded'],
  4: ['erroneous header field encountered', 'unrecognized Next Header type encountered', 'unrecognized IPv6 option encountered',
    'IPv6 First Fragment has incomplete IPv6 Header Chain'],
};

export function icmpv6TypeName(t: number): string {
  return TYPES[t] ?? `Unknown (${t})`;
}

/** Offset of the ND options for the ND message types, or -1. */
function ndOptionsStart(type: number): number {
  switch (type) {
    case 133: return 8;
    case 134: return 16;
    case 135: case 136: return 24;
    case 137: return 40;
    default: return -1;
  }
}

/** Text of the first link-layer address option of `want` type (1 source, 2 target), or undefined. */
function llOption(d: Uint8Array, p: number, end: number, want: number): string | undefined {
  for (let i = 0; i < 32 && p + 2 <= end; i++) {
    const len = d[p + 1] << 3;
    if (len === 0) return undefined; // RFC 4861: length 0 is invalid and would loop
    if (d[p] === want && len === 8 && p + 8 <= end) return formatMac(d, p + 2);
    p += len;
  }
  return undefined;
}

export function summarizeIcmpv6(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocol = 'ICMPv6';
  s.protocols += ':icmpv6';
  if (o + 2 > c.cap) {
    s.info = '';
    markTruncated(s, c, o + 2, 'ICMPv6');
    return;
  }
  const type = d[o], code = d[o + 1];
  s.icmpType = type;
  s.icmpCode = code;
  let info = icmpv6TypeName(type);
  const codes = CODES[type];
  if (codes !== undefined && codes[code] !== undefined) info += ' (' + codes[code] + ')';
  const end = c.rep < c.cap ? c.rep : c.cap;
  switch (type) {
    case 128:
    case 129:
      if (o + 8 > c.cap) break;
      info += ' id=' + hex16(be16(d, o + 4)) + ', seq=' + be16(d, o + 6) + ', hop limit=' + c.ttl;
      if (o + 8 < c.rep) s.protocols += ':data';
      break;
    case 133:
    case 134: {
      const mac = llOption(d, o + ndOptionsStart(type), end, 1);
      if (mac !== undefined) info += ' from ' + mac;
      break;
    }
    case 135: {
      if (o + 24 > c.cap) break;
      info += ' for ' + formatIPv6(d, o + 8);
      const mac = llOption(d, o + 24, end, 1);
      if (mac !== undefined) info += ' from ' + mac;
      break;
    }
    case 136: {
      if (o + 24 > c.cap) break;
      info += ' ' + formatIPv6(d, o + 8);
      const f = d[o + 4];
      if (f & 0xe0) info += ' (' + [f & 0x80 ? 'rtr' : '', f & 0x40 ? 'sol' : '', f & 0x20 ? 'ovr' : ''].filter(Boolean).join(', ') + ')';
      const mac = llOption(d, o + 24, end, 2);
      if (mac !== undefined) info += ' is at ' + mac;
      break;
    }
  }
  s.info = info;
  if (o + 4 > c.cap) markTruncated(s, c, o + 4, 'ICMPv6');
}

const OPT_NAMES: Record<number, string> = {
  1: 'Source link-layer address', 2: 'Target link-layer address', 3: 'Prefix information', 4: 'Redirected header',
  5: 'MTU', 14: 'Nonce', 24: 'Route Information', 25: 'Recursive DNS Server', 31: 'DNS Search List',
};

function dissectNdOptions(n: DetailNode, c: DCursor, p: number, end: number): void {
  for (let i = 0; i < 32 && p < end; i++) {
    const t = c.u8(p);
    const l = c.u8(p + 1);
    const len = l << 3;
    const name = OPT_NAMES[t] ?? `Unknown (${t})`;
    const isLl = (t === 1 || t === 2) && len === 8;
    if (isLl) c.need(p, 8);
    const mac = isLl ? formatMac(c.d, p + 2) : '';
    const on = add(n, `ICMPv6 Option (${name}${isLl ? ` : ${mac}` : ''})`, 'icmpv6.opt', undefined, p, Math.max(2, Math.min(len, end - p)));
    add(on, `Type: ${name} (${t})`, 'icmpv6.opt.type', String(t), p, 1);
    add(on, `Length: ${l} (${len} bytes)`, 'icmpv6.opt.length', String(l), p + 1, 1);
    if (len === 0) {
      add(on, '[Invalid option length 0]', undefined, undefined, p + 1, 1);
      return;
    }
    if (isLl) add(on, `Link-layer address: ${mac}`, 'icmpv6.opt.linkaddr', mac, p + 2, 6);
    else if (t === 5 && len === 8) add(on, `MTU: ${c.u32(p + 4)}`, 'icmpv6.opt.mtu', String(be32(c.d, p + 4)), p + 4, 4);
    p += len;
  }
}

export function dissectIcmpv6(c: DCursor): void {
  const d = c.d, o = c.off;
  c.layer = 'ICMPv6';
  const end = Math.min(c.rep, c.cap);
  const n = c.layerNode('Internet Control Message Protocol v6', 'icmpv6', o, Math.max(0, end - o));
  const type = c.u8(o);
  add(n, `Type: ${icmpv6TypeName(type)} (${type})`, 'icmpv6.type', String(type), o, 1);
  const code = c.u8(o + 1);
  const cn = CODES[type]?.[code];
  add(n, `Code: ${code}${cn ? ` (${cn})` : ''}`, 'icmpv6.code', String(code), o + 1, 1);
  const ck = c.u16(o + 2);
  add(n, `Checksum: ${hex16(ck)} [unverified]`, 'icmpv6.checksum', hex16(ck), o + 2, 2);
  add(n, '[Checksum Status: Unverified]', 'icmpv6.checksum.status', '2', o + 2, 0);
  switch (type) {
    case 128:
    case 129: {
      const id = c.u16(o + 4), seq = c.u16(o + 6);
      add(n, `Identifier: ${hex16(id)}`, 'icmpv6.echo.identifier', hex16(id), o + 4, 2);
      add(n, `Sequence: ${seq}`, 'icmpv6.echo.sequence_number', String(seq), o + 6, 2);
      c.off = o + 8;
      addData(c, o + 8, c.rep);
      return;
    }
    case 2: {
      const mtu = c.u32(o + 4);
      add(n, `MTU: ${mtu}`, 'icmpv6.mtu', String(mtu), o + 4, 4);
      break;
    }
    case 133:
      c.need(o + 4, 4);
      add(n, `Reserved: ${HEX2[d[o + 4]]}${HEX2[d[o + 5]]}${HEX2[d[o + 6]]}${HEX2[d[o + 7]]}`, 'icmpv6.reserved', undefined, o + 4, 4);
      dissectNdOptions(n, c, o + 8, end);
      return;
    case 134: {
      add(n, `Cur hop limit: ${c.u8(o + 4)}`, 'icmpv6.nd.ra.cur_hop_limit', String(d[o + 4]), o + 4, 1);
      const f = c.u8(o + 5);
      add(n, `Flags: 0x${HEX2[f]}`, 'icmpv6.nd.ra.flag', '0x' + HEX2[f], o + 5, 1);
      add(n, `Router lifetime (s): ${c.u16(o + 6)}`, 'icmpv6.nd.ra.router_lifetime', String(be16(d, o + 6)), o + 6, 2);
      add(n, `Reachable time (ms): ${c.u32(o + 8)}`, 'icmpv6.nd.ra.reachable_time', String(be32(d, o + 8)), o + 8, 4);
      add(n, `Retrans timer (ms): ${c.u32(o + 12)}`, 'icmpv6.nd.ra.retrans_timer', String(be32(d, o + 12)), o + 12, 4);
      dissectNdOptions(n, c, o + 16, end);
      return;
    }
    case 135:
    case 136: {
      if (type === 136) {
        const f = c.u32(o + 4);
        const names = [f & 0x80000000 ? 'Router' : '', f & 0x40000000 ? 'Solicited' : '', f & 0x20000000 ? 'Override' : ''].filter(Boolean);
        const fl = add(n, `Flags: ${hex32(f)}${names.length ? ', ' + names.join(', ') : ''}`, 'icmpv6.nd.na.flag', hex32(f), o + 4, 4);
        add(fl, `${f & 0x80000000 ? '1' : '0'}... .... .... .... .... .... .... .... = Router: ${f & 0x80000000 ? 'Set' : 'Not set'}`, 'icmpv6.nd.na.flag.r', f & 0x80000000 ? '1' : '0', o + 4, 4);
        add(fl, `.${f & 0x40000000 ? '1' : '0'}.. .... .... .... .... .... .... .... = Solicited: ${f & 0x40000000 ? 'Set' : 'Not set'}`, 'icmpv6.nd.na.flag.s', f & 0x40000000 ? '1' : '0', o + 4, 4);
        add(fl, `..${f & 0x20000000 ? '1' : '0'}. .... .... .... .... .... .... .... = Override: ${f & 0x20000000 ? 'Set' : 'Not set'}`, 'icmpv6.nd.na.flag.o', f & 0x20000000 ? '1' : '0', o + 4, 4);
      } else {
        c.need(o + 4, 4);
        add(n, `Reserved: ${HEX2[d[o + 4]]}${HEX2[d[o + 5]]}${HEX2[d[o + 6]]}${HEX2[d[o + 7]]}`, 'icmpv6.reserved', undefined, o + 4, 4);
      }
      c.need(o + 8, 16);
      const target = formatIPv6(d, o + 8);
      add(n, `Target Address: ${target}`, type === 135 ? 'icmpv6.nd.ns.target_address' : 'icmpv6.nd.na.target_address', target, o + 8, 16);
      dissectNdOptions(n, c, o + 24, end);
      return;
    }
  }
  c.off = o + 4;
  if (o + 4 < c.rep) addData(c, o + 4, c.rep);
}
