/**
 * Detail-tree conformance against tshark 4.0 PDML: for a core set of Wireshark fields, every
 * occurrence we emit must have the same value ("show"), byte offset ("pos") and size as tshark's
 * occurrence at the same index. tshark may print more occurrences (tunnels, ICMP-quoted headers,
 * reassembled PDUs); we compare the common prefix. Fields whose tshark position refers to a
 * reassembled buffer (IP fragments, TCP-reassembled DNS) are skipped for frames we decode no
 * reassembly for.
 *
 * Not compared, by design: tcp.options.sack_le/re (tshark shows them relative to the stream's ISN,
 * we show the raw values, like tcp.seq_raw) and tcp.flags.str when tshark draws the AccECN ACE
 * counter ("-2-"), which depends on the handshake having negotiated AccECN.
 *
 * Test-only file (uses node:fs / node:child_process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import type { DetailNode } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));
const corpus = process.env.WIREWHO_CORPUS ?? resolve(here, '../../../../shared/corpus');
const TSHARK = process.env.TSHARK ?? '/usr/bin/tshark';

const CORE = new Set([
  'frame.len', 'frame.cap_len', 'frame.number',
  'eth.dst', 'eth.src', 'eth.type', 'eth.len', 'vlan.id', 'vlan.priority', 'vlan.etype', 'ieee8021ad.id',
  'sll.pkttype', 'sll.hatype', 'sll.halen', 'sll.etype', 'sll.ifindex', 'sll.src.eth', 'null.family',
  'ip.version', 'ip.hdr_len', 'ip.dsfield', 'ip.dsfield.dscp', 'ip.dsfield.ecn', 'ip.len', 'ip.id', 'ip.flags', 'ip.flags.rb',
  'ip.flags.df', 'ip.flags.mf', 'ip.frag_offset', 'ip.ttl', 'ip.proto', 'ip.checksum', 'ip.src', 'ip.dst',
  'ipv6.version', 'ipv6.tclass', 'ipv6.flow', 'ipv6.plen', 'ipv6.nxt', 'ipv6.hlim', 'ipv6.src', 'ipv6.dst',
  'ipv6.fraghdr.nxt', 'ipv6.fraghdr.offset', 'ipv6.fraghdr.more', 'ipv6.fraghdr.ident', 'ipv6.hopopts.nxt', 'ipv6.hopopts.len',
  'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.hdr_len', 'tcp.flags', 'tcp.flags.syn', 'tcp.flags.ack',
  'tcp.flags.fin', 'tcp.flags.reset', 'tcp.flags.push', 'tcp.flags.urg', 'tcp.flags.ece', 'tcp.flags.cwr', 'tcp.flags.ae',
  'tcp.flags.res', 'tcp.flags.str', 'tcp.window_size_value', 'tcp.checksum', 'tcp.urgent_pointer', 'tcp.len',
  'tcp.option_kind', 'tcp.option_len', 'tcp.options.mss_val', 'tcp.options.wscale.shift', 'tcp.options.wscale.multiplier',
  'tcp.options.timestamp.tsval', 'tcp.options.timestamp.tsecr',
  'udp.srcport', 'udp.dstport', 'udp.length', 'udp.checksum',
  'icmp.type', 'icmp.code', 'icmp.checksum', 'icmp.ident', 'icmp.seq', 'icmp.seq_le',
  'icmpv6.type', 'icmpv6.code', 'icmpv6.checksum', 'icmpv6.echo.identifier', 'icmpv6.echo.sequence_number',
  'icmpv6.nd.ns.target_address', 'icmpv6.nd.na.target_address', 'icmpv6.opt.linkaddr',
  'arp.hw.type', 'arp.proto.type', 'arp.opcode', 'arp.src.hw_mac', 'arp.src.proto_ipv4', 'arp.dst.hw_mac', 'arp.dst.proto_ipv4',
  'dns.id', 'dns.flags', 'dns.flags.response', 'dns.flags.opcode', 'dns.flags.rcode', 'dns.count.queries', 'dns.count.answers',
  'dns.qry.name', 'dns.qry.type', 'dns.resp.name', 'dns.resp.type', 'dns.resp.ttl', 'dns.resp.len', 'dns.a', 'dns.aaaa',
  'dns.cname', 'dns.ns', 'dns.ptr.domain_name',
  'http.request.method', 'http.request.uri', 'http.request.version', 'http.response.code', 'http.host',
  'tls.record.content_type', 'tls.record.version', 'tls.record.length', 'tls.handshake.type',
  'tls.handshake.extensions_server_name',
]);
/** Fields tshark may place in a reassembled buffer (positions then refer to that buffer). */
const REASSEMBLY_SENSITIVE = /^(dns|http|tls)\./;

interface Occ { pos: number; size: number; show: string }

function unescape(s: string): string {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function pdml(path: string, count: number | undefined): Map<string, Occ[]>[] {
  const args = ['-r', path, '-T', 'pdml'];
  if (count !== undefined) args.push('-c', String(count));
  const r = spawnSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const packets: Map<string, Occ[]>[] = [];
  for (const chunk of (r.stdout ?? '').split('<packet>').slice(1)) {
    const m = new Map<string, Occ[]>();
    const re = /<field name="([^"]+)"([^>]*)>/g;
    for (let x = re.exec(chunk); x; x = re.exec(chunk)) {
      if (!CORE.has(x[1])) continue;
      const attrs = x[2];
      if (/hide="yes"/.test(attrs)) continue;
      const pos = /\bpos="(\d+)"/.exec(attrs), size = /\bsize="(\d+)"/.exec(attrs), show = /\bshow="([^"]*)"/.exec(attrs);
      const list = m.get(x[1]) ?? [];
      list.push({ pos: pos ? +pos[1] : -1, size: size ? +size[1] : -1, show: show ? unescape(show[1]) : '' });
      m.set(x[1], list);
    }
    packets.push(m);
  }
  return packets;
}

function collect(nodes: DetailNode[], into = new Map<string, Occ[]>()): Map<string, Occ[]> {
  for (const n of nodes) {
    if (n.field && CORE.has(n.field)) {
      const list = into.get(n.field) ?? [];
      list.push({ pos: n.start, size: n.length, show: n.value ?? '' });
      into.set(n.field, list);
    }
    if (n.children) collect(n.children, into);
  }
  return into;
}

// A pcap-only reader (the pcapng captures are covered by the summary conformance test).
function readPcap(path: string): { linkType: number; frames: { data: Uint8Array; origLen: number }[] } | undefined {
  const buf = new Uint8Array(readFileSync(path));
  if (buf.length < 24) return undefined;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magics = [0xa1b2c3d4, 0xa1b23c4d];
  const le = magics.includes(dv.getUint32(0, true));
  if (!le && !magics.includes(dv.getUint32(0, false))) return undefined;
  const linkType = dv.getUint32(20, le) & 0xffff;
  const frames: { data: Uint8Array; origLen: number }[] = [];
  for (let p = 24; p + 16 <= buf.length;) {
    const cl = dv.getUint32(p + 8, le), ol = dv.getUint32(p + 12, le);
    if (p + 16 + cl > buf.length) break;
    frames.push({ data: buf.subarray(p + 16, p + 16 + cl), origLen: ol });
    p += 16 + cl;
  }
  return { linkType, frames };
}

const CAPTURES = [
  'captures/frag_client.pcap', 'captures/lo_mix_snap128.pcap', 'captures/netem_any_sll2.pcap', 'captures/netem_client.pcap',
  'public/tcpdump/802.1ad_QinQ.pcap', 'public/tcpdump/accecn_handshake.pcap', 'public/tcpdump/bigtcp-ipv4.pcap',
  'public/tcpdump/dns_tcp.pcap', 'public/tcpdump/dns_udp.pcap', 'public/tcpdump/dnssec.pcap', 'public/tcpdump/edns-opts.pcap',
  'public/tcpdump/gso-ipv6.pcap', 'public/tcpdump/heapoverflow-tcp_print.pcap', 'public/tcpdump/ip6_frag_asan.pcap',
  'public/tcpdump/ipv4_invalid_hdr_length.pcap', 'public/tcpdump/ipv4_invalid_total_length.pcap',
  'public/tcpdump/ipv4_tcp_http_xml_tso.pcap', 'public/tcpdump/ipv6_frag6_negative_len.pcap', 'public/tcpdump/LINKTYPE_IPV4.pcap',
  'public/tcpdump/LINKTYPE_RAW_ipv6.pcap', 'public/tcpdump/mptcp-v1.pcap', 'public/tcpdump/nflog.pcap', 'public/tcpdump/ssh.pcap',
  'public/tcpdump/tcp_rst_data-trunc.pcap', 'public/tcpdump/tfo-5c1fa7f9ae91.pcap', 'public/tcpdump/vxlan.pcap',
  'public/tcpdump/whois.pcap', 'public/gopacket/test_dns.pcap', 'public/gopacket/test_loopback.pcap',
  'public/pcapplusplus/DnsPackets.pcap', 'public/pcapplusplus/VlanPackets.pcap', 'public/pcapplusplus/ip6_fragments.pcap',
  'public/pcapplusplus/null_loopback.pcap', 'public/pcapplusplus/sll2.pcap', 'public/pcapplusplus/raw_ip.pcap',
  'public/pcapplusplus/four_ipv6_http_streams.pcap',
].map((f) => join(corpus, f)).filter((f) => existsSync(f));
const MAX_FRAMES = 400;

const stats = { frames: 0, compared: 0, mismatches: 0 };
const examples: string[] = [];
const perField = new Map<string, number>();
/** Fields tshark shows that our tree lacks (reported, not failed: tunnels, ICMP-quoted, reassembly, app details). */
const missing = new Map<string, number>();

describe.skipIf(!existsSync(TSHARK) || CAPTURES.length === 0)('detail tree vs tshark PDML', () => {
  it.each(CAPTURES.map((f) => [relative(corpus, f), f]))('%s', (_name, path) => {
    const cap = readPcap(path);
    if (!cap) return;
    const n = Math.min(cap.frames.length, MAX_FRAMES);
    const theirs = pdml(path, cap.frames.length > MAX_FRAMES ? MAX_FRAMES : undefined);
    expect(theirs.length).toBe(n);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const f = cap.frames[i];
      const sum = summarizeFrame(cap.linkType, f.data, f.origLen);
      const tree = dissectFrame(f.data, {
        number: i + 1, linkType: cap.linkType, tsNs: 0n, capLen: f.data.length, origLen: f.origLen, interfaceId: 0,
      });
      const mine = collect(tree);
      stats.frames++;
      // Every highlighted range must lie inside the captured bytes.
      const walk = (ns: DetailNode[]) => ns.forEach((x) => {
        if (x.start < 0 || x.length < 0 || x.start + x.length > f.data.length) {
          bad++;
          if (examples.length < 60) examples.push(`${relative(corpus, path)} #${i + 1} range of "${x.label}" ${x.start}+${x.length} > ${f.data.length}`);
        }
        if (x.children) walk(x.children);
      });
      walk(tree);
      for (const field of theirs[i].keys()) {
        if (mine.has(field)) continue;
        missing.set(field, (missing.get(field) ?? 0) + 1);
        if (process.env.SHOW_MISSING) console.log(`missing ${field} in ${relative(corpus, path)} #${i + 1}`);
      }
      for (const [field, occs] of mine) {
        const t = theirs[i].get(field) ?? [];
        if (field === 'tcp.flags.str' && t[0]?.show.includes('-')) continue; // AccECN ACE counter
        if (REASSEMBLY_SENSITIVE.test(field) && (sum.ipFragment || t.length === 0)) continue;
        for (let k = 0; k < Math.min(occs.length, t.length); k++) {
          stats.compared++;
          const a = occs[k], b = t[k];
          if (a.show === b.show && a.pos === b.pos && a.size === b.size) continue;
          bad++;
          perField.set(field, (perField.get(field) ?? 0) + 1);
          if ((perField.get(field) ?? 0) <= 3 && examples.length < 60) {
            examples.push(`${relative(corpus, path)} #${i + 1} ${field}[${k}]: ours ${JSON.stringify(a)} tshark ${JSON.stringify(b)}`);
          }
        }
      }
    }
    stats.mismatches += bad;
    expect(bad, examples.join('\n')).toBe(0);
  });

  afterAll(() => {
    console.log(`\nPDML conformance: ${stats.frames} frames, ${stats.compared} field occurrences compared, ${stats.mismatches} mismatches` +
      `\nfields tshark shows that we do not (frames): ${[...missing].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}` +
      (perField.size ? `\nby field: ${[...perField].map(([k, v]) => `${k}=${v}`).join(', ')}\n${examples.join('\n')}` : ''));
  });
});
