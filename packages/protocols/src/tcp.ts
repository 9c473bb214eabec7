/**
 * TCP (RFC 9293) with options MSS, window scale, SACK permitted, SACK, timestamps, NOP, EOL (and
 * names for the other common kinds). Seq/Ack are the raw 32-bit values: relative numbers need
 * per-stream state, which the engine has and this layer does not.
 */
import { summarizeDnsTcp, dissectDnsTcp } from './app/dns.js';
import { HTTP_TCP_PORTS, looksLikeHttp, summarizeHttp, dissectHttp } from './app/http.js';
import { TLS_TCP_PORTS, looksLikeTls, summarizeTls, dissectTls } from './app/tls.js';
import { Cursor, markMalformed, markTruncated } from './cursor.js';
import { be16, be32, bitPicture, hex16, portsArrow, u16Str } from './format.js';
import { DCursor, add, addData } from './tree.js';
import { TcpFlag, type DetailNode, type FrameSummary } from './types.js';

const FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'AE'];
/** "[SYN, ACK]" for each 12-bit flags value, built on first use. */
const FLAG_TEXT: (string | undefined)[] = new Array<string | undefined>(4096);

/** Info-column flag list exactly as Wireshark 4.0 writes it, e.g. "SYN, ACK" or "<None>". */
export function tcpFlagsText(flags: number): string {
  let t = FLAG_TEXT[flags & 0xfff];
  if (t === undefined) {
    const parts: string[] = [];
    for (let i = 0; i < 9; i++) if (flags & (1 << i)) parts.push(FLAG_NAMES[i]);
    if (flags & 0xe00) parts.push('Reserved');
    t = parts.length ? parts.join(', ') : '<None>';
    FLAG_TEXT[flags & 0xfff] = t;
  }
  return t;
}

/** Bytes 12-13 masked to the 12 flag bits (Wireshark's tcp.flags). */
const FLAGS_MASK = 0x0fff;

export function summarizeTcp(s: FrameSummary, c: Cursor): void {
  const d = c.d, o = c.off;
  s.protocol = 'TCP';
  s.protocols += ':tcp';
  s.tcpOffset = o;
  s.tcpEnd = c.rep;
  if (o + 4 > c.cap) {
    s.info = '';
    markTruncated(s, c, o + 4, 'TCP');
    return;
  }
  const sp = be16(d, o), dp = be16(d, o + 2);
  s.srcPort = sp;
  s.dstPort = dp;
  const ports = portsArrow(sp, dp);
  if (o + 20 > c.cap) {
    s.info = ports;
    markTruncated(s, c, o + 20, 'TCP');
    return;
  }
  const seq = be32(d, o + 4);
  const ack = be32(d, o + 8);
  const hlen = (d[o + 12] >> 4) << 2;
  const flags = be16(d, o + 12) & FLAGS_MASK;
  const win = be16(d, o + 14);
  s.tcpSeq = seq;
  s.tcpAck = ack;
  s.tcpWindow = win;
  // Wireshark gives up on a header length below 20 before it adds tcp.flags (the Info still shows them).
  if (hlen >= 20) s.tcpFlags = flags;
  if (hlen < 20) {
    s.info = ports + ', bogus TCP header length (' + hlen + ', must be at least 20)';
    markMalformed(s, 'Bogus TCP header length (' + hlen + ', must be at least 20)');
    return;
  }
  const segMax = c.rep - o;
  if (hlen > segMax) {
    s.info = ports + ', bogus TCP header length (' + hlen + ', must be at most ' + segMax + ')';
    markMalformed(s, 'Bogus TCP header length (' + hlen + ', must be at most ' + segMax + ')');
    return;
  }
  const seglen = segMax - hlen;
  let info = ports + ' [' + tcpFlagsText(flags) + '] Seq=' + seq;
  if (flags & TcpFlag.ACK) info += ' Ack=' + ack;
  info += ' Win=' + u16Str(win);
  if (flags & TcpFlag.URG) info += ' Urg=' + u16Str(be16(d, o + 18));
  info += ' Len=' + seglen;
  const payOff = o + hlen;
  s.l4PayloadLen = seglen;
  s.l4PayloadOffset = payOff;
  if (hlen > 20) {
    info += optionsInfo(d, o + 20, payOff < c.cap ? payOff : c.cap);
    if (sawMptcp) {
      s.protocol = 'MPTCP';
      s.protocols += ':mptcp';
    }
  }
  s.info = info;
  if (payOff > c.cap) {
    markTruncated(s, c, payOff, 'TCP');
    return;
  }
  // A RST's data is its "reset cause" text to Wireshark: no subdissector runs on it.
  if (seglen > 0 && !c.fragmented && !(flags & TcpFlag.RST)) summarizeTcpPayload(s, c, sp, dp, payOff, seglen);
}

/** Set by optionsInfo: the segment carries a Multipath TCP option (Wireshark then says "MPTCP"). */
let sawMptcp = false;

/** Options as the Info column lists them (" MSS=1460 SACK_PERM WS=128 ..."), in header order. */
function optionsInfo(d: Uint8Array, p: number, end: number): string {
  sawMptcp = false;
  let s = '';
  for (let i = 0; i < 40 && p < end; i++) {
    const kind = d[p];
    if (kind === 0) break;
    if (kind === 1) {
      p++;
      continue;
    }
    if (p + 2 > end) break;
    const len = d[p + 1];
    if (len < 2 || p + len > end) break;
    switch (kind) {
      case 2:
        if (len === 4) s += ' MSS=' + u16Str(be16(d, p + 2));
        break;
      case 3:
        if (len === 3) s += ' WS=' + (1 << Math.min(d[p + 2], 14));
        break;
      case 4:
        if (len === 2) s += ' SACK_PERM';
        break;
      case 5:
        for (let q = p + 2; q + 8 <= p + len; q += 8) s += ' SLE=' + be32(d, q) + ' SRE=' + be32(d, q + 4);
        break;
      case 8:
        if (len === 10) s += ' TSval=' + be32(d, p + 2) + ' TSecr=' + be32(d, p + 6);
        break;
      case 30:
        sawMptcp = true;
        break;
      case 34:
        s += len === 2 ? ' TFO=R' : ' TFO=C';
        break;
    }
    p += len;
  }
  return s;
}

/** Application recognisers: a light look at the first bytes for the Protocol/Info columns. */
function summarizeTcpPayload(s: FrameSummary, c: Cursor, sp: number, dp: number, payOff: number, seglen: number): void {
  const d = c.d;
  const capEnd = c.cap;
  const repEnd = payOff + seglen;
  if ((sp === 53 || dp === 53) && summarizeDnsTcp(s, d, payOff, capEnd, repEnd)) return;
  if ((HTTP_TCP_PORTS.has(sp) || HTTP_TCP_PORTS.has(dp)) && looksLikeHttp(d, payOff, capEnd)) {
    summarizeHttp(s, d, payOff, capEnd, repEnd);
    return;
  }
  if ((TLS_TCP_PORTS.has(sp) || TLS_TCP_PORTS.has(dp)) && looksLikeTls(d, payOff, capEnd)) {
    summarizeTls(s, d, payOff, capEnd, repEnd);
    return;
  }
  // On a well-known application port the bytes are probably the middle of a PDU that Wireshark
  // would reassemble; elsewhere Wireshark calls them "data".
  if (!HTTP_TCP_PORTS.has(sp) && !HTTP_TCP_PORTS.has(dp) && !TLS_TCP_PORTS.has(sp) && !TLS_TCP_PORTS.has(dp) &&
    sp !== 53 && dp !== 53) {
    s.protocols += ':data';
  }
}

const KIND_NAMES: Record<number, string> = {
  0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Maximum Segment Size', 3: 'Window Scale',
  4: 'SACK Permitted', 5: 'SACK', 8: 'Time Stamp Option', 19: 'MD5 Signature Option', 27: 'Quick-Start Response',
  28: 'User Timeout', 29: 'TCP Authentication Option (TCP-AO)', 30: 'Multipath TCP (MPTCP)', 34: 'TCP Fast Open Cookie',
  69: 'Encryption Negotiation (TCP-ENO)', 172: 'Accurate ECN Order 0 (AccECN)', 174: 'Accurate ECN Order 1 (AccECN)',
  253: 'RFC3692-style Experiment 1', 254: 'RFC3692-style Experiment 2',
};
const OPTION_TITLES: Record<number, [string, string]> = {
  5: ['SACK', 'tcp.options.sack'], 19: ['TCP MD5 signature', 'tcp.options.md5'], 28: ['User Timeout', 'tcp.options.user_to'],
  29: ['TCP-AO', 'tcp.options.tcpao'], 30: ['Multipath TCP', 'tcp.options.mptcp'], 34: ['TCP Fast Open', 'tcp.options.tfo'],
  172: ['Accurate ECN Order 0', 'tcp.options.acc_ecn'], 174: ['Accurate ECN Order 1', 'tcp.options.acc_ecn'],
  253: ['RFC3692-style Experiment 1', 'tcp.options.experimental'], 254: ['RFC3692-style Experiment 2', 'tcp.options.experimental'],
};

/** Option line title and field name; values are only read when captured. */
function optionTitle(kind: number, d: Uint8Array, p: number, len: number, cap: number): [string, string] {
  const have = p + len <= cap;
  switch (kind) {
    case 2:
      return [`Maximum segment size${have && len >= 4 ? `: ${be16(d, p + 2)} bytes` : ''}`, 'tcp.options.mss'];
    case 3: {
      const shift = have && len >= 3 ? d[p + 2] : -1;
      return [`Window scale${shift >= 0 ? `: ${shift} (multiply by ${1 << Math.min(shift, 14)})` : ''}`, 'tcp.options.wscale'];
    }
    case 4:
      return ['SACK permitted', 'tcp.options.sack_perm'];
    case 5: {
      const blocks: string[] = [];
      if (have) for (let q = p + 2; q + 8 <= p + len; q += 8) blocks.push(`${be32(d, q)}-${be32(d, q + 4)}`);
      return [`SACK ${blocks.join(' ')}`.trimEnd(), 'tcp.options.sack'];
    }
    case 8:
      return [have && len >= 10 ? `Timestamps: TSval ${be32(d, p + 2)}, TSecr ${be32(d, p + 6)}` : 'Timestamps', 'tcp.options.timestamp'];
    default: {
      const t = OPTION_TITLES[kind];
      return t ? [t[0], t[1]] : ['Unknown', 'tcp.options.unknown'];
    }
  }
}

function kindLabel(kind: number): string {
  return `Kind: ${KIND_NAMES[kind] ?? 'Unknown'} (${kind})`;
}

function flagBit(flags: number, bit: number, name: string, field: string, o: number): [string, string, string, number] {
  return [`${bitPicture(flags, bit, 12)} = ${name}: ${flags & bit ? 'Set' : 'Not set'}`, field, flags & bit ? '1' : '0', bit >= 0x100 ? o : o + 1];
}

const STR_CHARS = 'RRRACEUAPRSF';

export function dissectTcp(c: DCursor): void {
  const d = c.d, o = c.off;
  c.layer = 'TCP';
  const n = c.layerNode('Transmission Control Protocol', 'tcp', o, Math.max(0, Math.min(20, c.cap - o)));
  const sp = c.u16(o);
  add(n, `Source Port: ${sp}`, 'tcp.srcport', String(sp), o, 2);
  const dp = c.u16(o + 2);
  add(n, `Destination Port: ${dp}`, 'tcp.dstport', String(dp), o + 2, 2);
  n.label = `Transmission Control Protocol, Src Port: ${sp}, Dst Port: ${dp}`;
  const seq = c.u32(o + 4);
  const ack = c.u32(o + 8);
  const b12 = c.u8(o + 12);
  const hlen = (b12 >> 4) << 2;
  const segMax = c.rep - o;
  // Wireshark's order: tcp.len unless the segment is shorter than the header (then "Short segment"),
  // the sequence number, and only then the header length check; a short segment goes on to the
  // flags, window and options (and ends malformed), a header length below 20 stops here.
  const short = hlen > segMax;
  const seglen = short ? 0 : segMax - hlen;
  if (short) add(n, '[Short segment: the segment does not contain a full TCP header]', undefined, undefined, o, 0);
  else add(n, `[TCP Segment Len: ${seglen}]`, 'tcp.len', String(seglen), o, 0);
  add(n, `Sequence Number (raw): ${seq}`, 'tcp.seq_raw', String(seq), o + 4, 4);
  if (hlen < 20) {
    add(n, `${bitPicture(b12, 0xf0, 8)} = Header Length: ${hlen} bytes (${hlen >> 2}) [bogus, must be at least 20]`, 'tcp.hdr_len', String(hlen), o + 12, 1);
    return;
  }
  add(n, `Acknowledgment number (raw): ${ack}`, 'tcp.ack_raw', String(ack), o + 8, 4);
  add(n, `${bitPicture(b12, 0xf0, 8)} = Header Length: ${hlen} bytes (${hlen >> 2})`, 'tcp.hdr_len', String(hlen), o + 12, 1);
  const flags = c.u16(o + 12) & FLAGS_MASK;
  const fl = add(n, `Flags: 0x${flags.toString(16).padStart(3, '0')} (${tcpFlagsText(flags)})`, 'tcp.flags', hex16(flags), o + 12, 2);
  const bits: [string, string, string, number][] = [
    [`${bitPicture(flags, 0xe00, 12)} = Reserved: ${flags & 0xe00 ? 'Set' : 'Not set'}`, 'tcp.flags.res', flags & 0xe00 ? '1' : '0', o + 12],
    flagBit(flags, 0x100, 'Accurate ECN', 'tcp.flags.ae', o + 12),
    flagBit(flags, TcpFlag.CWR, 'Congestion Window Reduced', 'tcp.flags.cwr', o + 12),
    flagBit(flags, TcpFlag.ECE, 'ECN-Echo', 'tcp.flags.ece', o + 12),
    flagBit(flags, TcpFlag.URG, 'Urgent', 'tcp.flags.urg', o + 12),
    flagBit(flags, TcpFlag.ACK, 'Acknowledgment', 'tcp.flags.ack', o + 12),
    flagBit(flags, TcpFlag.PSH, 'Push', 'tcp.flags.push', o + 12),
    flagBit(flags, TcpFlag.RST, 'Reset', 'tcp.flags.reset', o + 12),
    flagBit(flags, TcpFlag.SYN, 'Syn', 'tcp.flags.syn', o + 12),
    flagBit(flags, TcpFlag.FIN, 'Fin', 'tcp.flags.fin', o + 12),
  ];
  for (const [label, field, value, start] of bits) add(fl, label, field, value, start, 1);
  let str = '';
  for (let i = 11; i >= 0; i--) str += flags & (1 << i) ? STR_CHARS[11 - i] : '\u00b7';
  add(fl, `[TCP Flags: ${str}]`, 'tcp.flags.str', str, o + 12, 2);
  const win = c.u16(o + 14);
  add(n, `Window: ${win}`, 'tcp.window_size_value', String(win), o + 14, 2);
  const ck = c.u16(o + 16);
  add(n, `Checksum: ${hex16(ck)} [unverified]`, 'tcp.checksum', hex16(ck), o + 16, 2);
  add(n, '[Checksum Status: Unverified]', 'tcp.checksum.status', '2', o + 16, 0);
  const urp = c.u16(o + 18);
  add(n, `Urgent Pointer: ${urp}`, 'tcp.urgent_pointer', String(urp), o + 18, 2);
  n.label += `, Seq: ${seq}${flags & TcpFlag.ACK ? `, Ack: ${ack}` : ''}, Len: ${seglen}`;
  n.length = hlen;
  if (hlen > 20) dissectOptions(n, c, o + 20, o + hlen);
  const payOff = o + hlen;
  c.off = payOff;
  if (short || seglen <= 0) return;
  if (flags & TcpFlag.RST) {
    // RFC 1122 4.2.2.12: a RST may carry text explaining the reset; Wireshark shows it as such.
    const end = Math.min(c.cap, payOff + seglen);
    let text = '';
    for (let i = payOff; i < end; i++) text += d[i] < 0x80 ? String.fromCharCode(d[i]) : '\ufffd';
    add(n, `Reset cause: ${text}`, 'tcp.reset_cause', text, payOff, Math.max(0, end - payOff));
    return;
  }
  const capLen = Math.max(0, Math.min(c.cap, payOff + seglen) - payOff);
  add(n, `TCP payload (${seglen} byte${seglen === 1 ? '' : 's'})`, 'tcp.payload', undefined, payOff, capLen);
  const repEnd = payOff + seglen;
  if (c.fragmented) {
    addData(c, payOff, repEnd);
    return;
  }
  if ((sp === 53 || dp === 53) && dissectDnsTcp(c, payOff, repEnd)) return;
  if ((HTTP_TCP_PORTS.has(sp) || HTTP_TCP_PORTS.has(dp)) && looksLikeHttp(d, payOff, c.cap)) {
    dissectHttp(c, payOff, repEnd);
    return;
  }
  if ((TLS_TCP_PORTS.has(sp) || TLS_TCP_PORTS.has(dp)) && looksLikeTls(d, payOff, c.cap)) {
    dissectTls(c, payOff, repEnd);
    return;
  }
  addData(c, payOff, repEnd);
}

function dissectOptions(n: DetailNode, c: DCursor, start: number, end: number): void {
  const d = c.d;
  const on = add(n, `Options: (${end - start} bytes)`, 'tcp.options', undefined, start, end - start);
  const names: string[] = [];
  let p = start;
  for (let i = 0; i < 40 && p < end; i++) {
    const kind = c.u8(p);
    if (kind === 0 || kind === 1) {
      const name = kind === 0 ? 'End of Option List (EOL)' : 'No-Operation (NOP)';
      names.push(name);
      const x = add(on, `TCP Option - ${name}`, kind === 0 ? 'tcp.options.eol' : 'tcp.options.nop', undefined, p, 1);
      add(x, kindLabel(kind), 'tcp.option_kind', String(kind), p, 1);
      p++;
      if (kind === 0) {
        // Everything after EOL is padding.
        if (p < end) add(on, `TCP Option - Padding (${end - p} bytes)`, 'tcp.options.padding', undefined, p, end - p);
        break;
      }
      continue;
    }
    const len = c.u8(p + 1);
    if (len < 2 || p + len > end) {
      const x = add(on, `TCP Option - ${KIND_NAMES[kind] ?? 'Unknown'} [bogus length ${len}]`, undefined, undefined, p, Math.min(2, end - p));
      add(x, kindLabel(kind), 'tcp.option_kind', String(kind), p, 1);
      add(x, `Length: ${len}`, 'tcp.option_len', String(len), p + 1, 1);
      break;
    }
    // Kind and length are shown even when the option body is cut off (as Wireshark does).
    const [title, field] = optionTitle(kind, d, p, len, c.cap);
    names.push(kind === 5 ? 'SACK' : title.split(':')[0]);
    const x: DetailNode = add(on, `TCP Option - ${title}`, field, undefined, p, len);
    add(x, kindLabel(kind), 'tcp.option_kind', String(kind), p, 1);
    add(x, `Length: ${len}`, 'tcp.option_len', String(len), p + 1, 1);
    c.need(p, len);
    switch (kind) {
      case 2:
        if (len >= 4) add(x, `MSS Value: ${be16(d, p + 2)}`, 'tcp.options.mss_val', String(be16(d, p + 2)), p + 2, 2);
        break;
      case 3:
        if (len >= 3) {
          const shift = d[p + 2];
          add(x, `Shift count: ${shift}`, 'tcp.options.wscale.shift', String(shift), p + 2, 1);
          add(x, `[Multiplier: ${1 << Math.min(shift, 14)}]`, 'tcp.options.wscale.multiplier', String(1 << Math.min(shift, 14)), p + 2, 1);
        }
        break;
      case 5: {
        let count = 0;
        for (let q = p + 2; q + 8 <= p + len; q += 8, count++) {
          add(x, `left edge = ${be32(d, q)}`, 'tcp.options.sack_le', String(be32(d, q)), q, 4);
          add(x, `right edge = ${be32(d, q + 4)}`, 'tcp.options.sack_re', String(be32(d, q + 4)), q + 4, 4);
        }
        add(x, `[TCP SACK Count: ${count}]`, 'tcp.options.sack.count', String(count), p, 0);
        break;
      }
      case 8:
        if (len >= 10) {
          add(x, `Timestamp value: ${be32(d, p + 2)}`, 'tcp.options.timestamp.tsval', String(be32(d, p + 2)), p + 2, 4);
          add(x, `Timestamp echo reply: ${be32(d, p + 6)}`, 'tcp.options.timestamp.tsecr', String(be32(d, p + 6)), p + 6, 4);
        }
        break;
    }
    p += len;
  }
  on.label = `Options: (${end - start} bytes)${names.length ? ', ' + names.join(', ') : ''}`;
}
