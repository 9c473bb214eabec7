import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { tcpFlagsText } from './tcp.js';
import { TCP_OPT, ascii, eth, ipv4, tcp } from './test-frames.js';
import type { DetailNode } from './types.js';

const summ = (f: Uint8Array, orig = f.length) => summarizeFrame(1, f, orig);
const tree = (f: Uint8Array, orig = f.length) => dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: orig, interfaceId: 0 });
function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}
const fields = (nodes: DetailNode[], f: string) => all(nodes).filter((n) => n.field === f);
const frame = (h: Parameters<typeof tcp>[0], payload: number[] | Uint8Array = []) => eth(0x0800, ipv4({}, tcp(h, payload)));

describe('TCP summary', () => {
  it('SYN-ACK Info like Wireshark (raw sequence numbers)', () => {
    const f = frame({
      sp: 45678, dp: 443, seq: 0, ack: 1, flags: 0x012, win: 65535,
      options: [...TCP_OPT.mss(1460), ...TCP_OPT.nop(), ...TCP_OPT.nop(), ...TCP_OPT.sackPerm(), ...TCP_OPT.nop(), ...TCP_OPT.ws(7)],
    });
    const s = summ(f);
    expect(s.info).toBe('45678 \u2192 443 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460 SACK_PERM WS=128');
    expect(s).toMatchObject({ protocol: 'TCP', srcPort: 45678, dstPort: 443, tcpFlags: 0x012, tcpSeq: 0, tcpAck: 1, tcpWindow: 65535, l4PayloadLen: 0 });
    expect(s.protocols).toBe('eth:ethertype:ip:tcp');
  });

  it('timestamps, SACK blocks and no Ack= without the ACK flag', () => {
    const f = frame({ seq: 4294967295, flags: 0x002, options: [...TCP_OPT.nop(), ...TCP_OPT.nop(), ...TCP_OPT.ts(369412736, 0)] });
    expect(summ(f).info).toBe('45678 \u2192 443 [SYN] Seq=4294967295 Win=65535 Len=0 TSval=369412736 TSecr=0');
    expect(summ(f).tcpSeq).toBe(4294967295);
    const g = frame({ flags: 0x010, options: [...TCP_OPT.nop(), ...TCP_OPT.nop(), ...TCP_OPT.sack(100, 200, 300, 400)] });
    expect(summ(g).info).toBe('45678 \u2192 443 [ACK] Seq=1000 Ack=2000 Win=65535 Len=0 SLE=100 SRE=200 SLE=300 SRE=400');
  });

  it('flag text for all bits, reserved and none', () => {
    expect(tcpFlagsText(0x000)).toBe('<None>');
    expect(tcpFlagsText(0x0c2)).toBe('SYN, ECE, CWR');
    expect(tcpFlagsText(0x1c2)).toBe('SYN, ECE, CWR, AE');
    expect(tcpFlagsText(0xd30)).toBe('ACK, URG, AE, Reserved');
    expect(tcpFlagsText(0x011)).toBe('FIN, ACK');
  });

  it('URG shows Urg=', () => {
    expect(summ(frame({ flags: 0x030, urg: 7 })).info).toBe('45678 \u2192 443 [ACK, URG] Seq=1000 Ack=2000 Win=65535 Urg=7 Len=0');
  });

  it('payload length and offset', () => {
    const s = summ(frame({ sp: 5000, dp: 6000 }, new Uint8Array(100)));
    expect(s).toMatchObject({ l4PayloadLen: 100, l4PayloadOffset: 14 + 20 + 20 });
    expect(s.protocols).toBe('eth:ethertype:ip:tcp:data');
  });

  it('data offset < 5 is bogus: ports kept, malformed', () => {
    const s = summ(frame({ doff: 4 }));
    expect(s.srcPort).toBe(45678);
    expect(s.l4PayloadLen).toBeUndefined();
    expect(s.malformed).toBe('Bogus TCP header length (16, must be at least 20)');
    expect(s.info).toBe('45678 \u2192 443, bogus TCP header length (16, must be at least 20)');
  });

  it('data offset past the end of the segment', () => {
    const s = summ(frame({ doff: 15 }));
    expect(s.malformed).toBe('Bogus TCP header length (60, must be at most 20)');
    expect(s.dstPort).toBe(443);
  });

  it('options cut by the snaplen: what fits is used, the rest flagged', () => {
    const full = frame({ options: [...TCP_OPT.mss(1460), ...TCP_OPT.ts(1, 2), ...TCP_OPT.ws(7)] }, new Uint8Array(50));
    const cut = full.subarray(0, 14 + 20 + 24);
    const s = summ(cut, full.length);
    expect(s.info).toBe('45678 \u2192 443 [PSH, ACK] Seq=1000 Ack=2000 Win=65535 Len=50 MSS=1460[Packet size limited during capture]');
    expect(s.l4PayloadLen).toBe(50);
  });

  it('hostile option lengths (0, 1, past the header) stop the option walk', () => {
    for (const opts of [[2, 0, 0, 0], [3, 1, 0, 0], [8, 40, 0, 0], [30, 255, 0, 0]]) {
      const s = summ(frame({ options: opts }));
      expect(s.srcPort).toBe(45678);
      expect(() => tree(frame({ options: opts }))).not.toThrow();
    }
  });

  it('header cut before the ports / before the flags', () => {
    const full = frame({});
    expect(summ(full.subarray(0, 36)).srcPort).toBeUndefined();
    const s = summ(full.subarray(0, 40), full.length);
    expect(s.srcPort).toBe(45678);
    expect(s.tcpFlags).toBeUndefined();
    expect(s.info).toBe('45678 \u2192 443[Packet size limited during capture]');
  });

  it('Multipath TCP option names the protocol MPTCP', () => {
    const s = summ(frame({ options: [30, 4, 0x10, 0x01] }));
    expect(s.protocol).toBe('MPTCP');
    expect(s.protocols).toBe('eth:ethertype:ip:tcp:mptcp');
  });

  it('application recognisers: HTTP, TLS, DNS over TCP', () => {
    const http = summ(frame({ sp: 40000, dp: 80 }, ascii('GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n')));
    expect(http).toMatchObject({ protocol: 'HTTP', info: 'GET /index.html HTTP/1.1 ' });
    expect(http.protocols).toBe('eth:ethertype:ip:tcp:http');
    const tls = summ(frame({ sp: 443, dp: 40000 }, [23, 3, 3, 0, 4, 1, 2, 3, 4]));
    expect(tls).toMatchObject({ protocol: 'TLSv1.2', info: 'Application Data' });
    const body = summ(frame({ sp: 80, dp: 40000 }, new Uint8Array(100)));
    expect(body.protocol).toBe('TCP');
    expect(body.protocols).toBe('eth:ethertype:ip:tcp'); // probably mid-PDU: no ":data" (Wireshark reassembles)
  });
});

describe('TCP detail', () => {
  it('fields, values and ranges like tshark PDML', () => {
    const f = frame({ sp: 41001, dp: 8080, seq: 2084912278, ack: 0, flags: 0x002, win: 64240,
      options: [...TCP_OPT.mss(1460), ...TCP_OPT.sackPerm(), ...TCP_OPT.ts(369412736, 0), ...TCP_OPT.nop(), ...TCP_OPT.ws(10)] });
    const t = tree(f);
    const o = 34;
    const one = (x: string) => fields(t, x)[0];
    expect(t.find((n) => n.field === 'tcp')).toMatchObject({ start: o, length: 40,
      label: 'Transmission Control Protocol, Src Port: 41001, Dst Port: 8080, Seq: 2084912278, Len: 0' });
    expect(one('tcp.srcport')).toMatchObject({ label: 'Source Port: 41001', value: '41001', start: o, length: 2 });
    expect(one('tcp.dstport')).toMatchObject({ start: o + 2, length: 2 });
    expect(one('tcp.seq_raw')).toMatchObject({ value: '2084912278', start: o + 4, length: 4 });
    expect(one('tcp.ack_raw')).toMatchObject({ value: '0', start: o + 8, length: 4 });
    expect(one('tcp.hdr_len')).toMatchObject({ label: '1010 .... = Header Length: 40 bytes (10)', value: '40', start: o + 12, length: 1 });
    expect(one('tcp.flags')).toMatchObject({ label: 'Flags: 0x002 (SYN)', value: '0x0002', start: o + 12, length: 2 });
    expect(one('tcp.flags.syn')).toMatchObject({ label: '.... .... ..1. = Syn: Set', value: '1', start: o + 13, length: 1 });
    expect(one('tcp.flags.ae')).toMatchObject({ label: '...0 .... .... = Accurate ECN: Not set', start: o + 12 });
    expect(one('tcp.flags.str')).toMatchObject({ value: '··········S·' });
    expect(one('tcp.window_size_value')).toMatchObject({ value: '64240', start: o + 14 });
    expect(one('tcp.checksum')).toMatchObject({ value: '0xabcd', start: o + 16 });
    expect(one('tcp.urgent_pointer')).toMatchObject({ value: '0', start: o + 18 });
    expect(one('tcp.options')).toMatchObject({ start: o + 20, length: 20,
      label: 'Options: (20 bytes), Maximum segment size, SACK permitted, Timestamps, No-Operation (NOP), Window scale' });
    expect(fields(t, 'tcp.option_kind').map((n) => n.value)).toEqual(['2', '4', '8', '1', '3']);
    expect(one('tcp.options.mss_val')).toMatchObject({ value: '1460', start: o + 22, length: 2 });
    expect(one('tcp.options.sack_perm')).toMatchObject({ label: 'TCP Option - SACK permitted', start: o + 24, length: 2 });
    expect(one('tcp.options.timestamp.tsval')).toMatchObject({ value: '369412736', start: o + 28, length: 4 });
    expect(one('tcp.options.timestamp.tsecr')).toMatchObject({ value: '0', start: o + 32 });
    expect(one('tcp.options.wscale')).toMatchObject({ label: 'TCP Option - Window scale: 10 (multiply by 1024)', start: o + 37, length: 3 });
    expect(one('tcp.options.wscale.shift')).toMatchObject({ value: '10', start: o + 39 });
    expect(one('tcp.len')?.value).toBe('0');
  });

  it('SACK edges and payload', () => {
    const f = frame({ options: [...TCP_OPT.nop(), ...TCP_OPT.nop(), ...TCP_OPT.sack(10, 20)] }, [1, 2, 3]);
    const t = tree(f);
    expect(fields(t, 'tcp.options.sack_le')[0]).toMatchObject({ value: '10', start: 34 + 24, length: 4 });
    expect(fields(t, 'tcp.options.sack_re')[0]).toMatchObject({ value: '20', start: 34 + 28 });
    expect(fields(t, 'tcp.payload')[0]).toMatchObject({ label: 'TCP payload (3 bytes)', start: 34 + 32, length: 3 });
    expect(t[t.length - 1]).toMatchObject({ field: 'data', label: 'Data (3 bytes)' });
    expect(fields(t, 'data.data')[0].value).toBe('01:02:03');
  });

  it('option body cut off: kind and length still shown, then the size-limited line', () => {
    const full = frame({ options: [48, 40, ...new Array(38).fill(0x30)] });
    const t = tree(full.subarray(0, 64), full.length);
    expect(fields(t, 'tcp.option_kind')[0].value).toBe('48');
    expect(fields(t, 'tcp.option_len')[0].value).toBe('40');
    expect(t[t.length - 1].label).toBe('[Packet size limited during capture: TCP truncated]');
  });

  it('HTTP detail lines', () => {
    const t = tree(frame({ sp: 40000, dp: 80 }, ascii('GET /a?b HTTP/1.1\r\nHost: example.com\r\n\r\n')));
    expect(fields(t, 'http.request.method')[0].value).toBe('GET');
    expect(fields(t, 'http.request.uri')[0].value).toBe('/a?b');
    expect(fields(t, 'http.host')[0].value).toBe('example.com');
  });
});

describe('malformed TCP headers and RST data as Wireshark 4.0 shows them', () => {
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  const sll = (f: Uint8Array) => dissectFrame(f, { number: 1, linkType: 113, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
  const values = (nodes: DetailNode[], f: string) => fields(nodes, f).map((n) => n.value);
  // gopacket linux_sll_oversized_addr.pcapng frame 95: header length 0
  const bogus = hex('000400010006a65843f24806000008004500006101c940004006d32dc0a891930ad10894c81255ef3bfb6503dd9218360018213bc28300000101080a3ea285c53a6a128f01010101010101010101010101010101010101010101010101010101010000003c64657461696c73202f3e0d0a');
  // ... frame 87: IP says 52 bytes, the frame holds 40: the 32-byte TCP header is cut after 20
  const short = hex('000400010006a65843f24806000008004500003401c540004006d35ec0a891930ad10894c81255ef3bfb64f6dd92152b8110213b8c8b0000');

  it('a header length below 20: tcp.len and the sequence number, then nothing (no flags, ack or payload)', () => {
    const t = sll(bogus);
    expect(values(t, 'tcp.len')).toEqual(['77']);
    expect(values(t, 'tcp.seq_raw')).toEqual(['1006331139']);
    expect(values(t, 'tcp.hdr_len')).toEqual(['0']);
    for (const f of ['tcp.ack_raw', 'tcp.flags', 'tcp.flags.push', 'tcp.payload', 'tcp.window_size_value']) expect(fields(t, f), f).toEqual([]);
    expect(summarizeFrame(113, bogus, bogus.length).tcpFlags).toBeUndefined();
  });

  it('a segment shorter than its header: no tcp.len, but flags and window, then malformed', () => {
    const t = sll(short);
    expect(fields(t, 'tcp.len')).toEqual([]);
    expect(values(t, 'tcp.ack_raw')).toEqual(['3717338411']);
    expect(values(t, 'tcp.flags')).toEqual(['0x0110']);
    expect(values(t, 'tcp.window_size_value')).toEqual(['8507']);
    expect(fields(t, 'tcp.payload')).toEqual([]);
    expect(fields(t, '_ws.malformed')).toHaveLength(1);
    expect(summarizeFrame(113, short, short.length).tcpFlags).toBe(0x110);
  });

  it('data on a RST is the reset cause, not tcp.payload (tcpdump tcp_rst_data.pcap)', () => {
    const f = hex('002170676f5000907f3e02d008004520006220334000f3064ee3c7cc1f59ac1085290050ce8b6063e721736f198950141699847100004249472d49503a205b3078313163353637323a333034355d207b706565727d20544350205253542066726f6d2072656d6f74652073797374656d');
    const t = tree(f);
    expect(values(t, 'tcp.len')).toEqual(['58']);
    expect(fields(t, 'tcp.payload')).toEqual([]);
    expect(fields(t, 'data')).toEqual([]);
    expect(values(t, 'tcp.reset_cause')).toEqual(['BIG-IP: [0x11c5672:3045] {peer} TCP RST from remote system']);
    expect(summ(f).protocols).toBe('eth:ethertype:ip:tcp');
  });
});
