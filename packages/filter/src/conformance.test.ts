/**
 * Conformance with tshark 4.0 for the fields the frames table holds today: for each capture, the
 * frames table is built from tshark's field values (what the index stores), every filter is compiled
 * and run on it, and the frame numbers must equal `tshark -r <capture> -Y '<filter>'`.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matching } from '../testing/db.js';
import { CORPUS, frameDbFromTshark, haveTshark, pool, TSHARK, tsharkMatches, tsharkMatchesMany } from '../testing/tshark.js';
import { defaultRegistry } from './index.js';

const CAPTURES = ['lo_mix.pcapng', 'netem_client.pcap', 'lo_mix_snap128.pcap', 'frag_client.pcap'].map((c) => path.join(CORPUS, c));

const FILTERS = [
  // protocols
  'frame', 'eth', 'ip', 'ipv6', 'tcp', 'udp', 'icmp', 'icmpv6', 'arp', '!ip && !ipv6', 'ip && !tcp && !udp', 'not (tcp or udp)',
  // ports, either-end semantics and quantifiers
  'tcp.port == 8080', 'tcp.port != 8080', 'tcp.port !== 8080', 'tcp.port === 8080', 'tcp.port eq 53', 'tcp.port ne 53',
  'tcp.srcport == 8080', 'tcp.dstport >= 40000 && tcp.dstport <= 40003', 'tcp.port in {8080, 53}', 'tcp.port in {40001..40004}',
  'tcp.srcport == tcp.dstport', 'tcp.srcport > tcp.dstport', 'all tcp.port > 1024', 'any tcp.port < 1024', 'tcp.port == 0x1f90',
  'tcp.port == 017620', 'udp.port == 53', 'udp.srcport != 53', 'udp.dstport in {53, 5353}', 'udp.port >= 50000',
  // addresses, CIDR, ranges, both IP versions
  'ip.addr == 127.0.0.1', 'ip.addr != 127.0.0.1', 'ip.src == 127.0.0.53', 'ip.dst == 127.0.0.0/8', 'ip.addr == 10.77.0.0/16',
  'ip.addr == 10.77.0.2/31', 'ip.addr == 10.77.0.0/30', 'ip.src > 10.77.0.1', 'ip.dst <= 127.0.0.1', 'ip.addr in {10.77.0.1, 127.0.0.53}',
  'ip.addr in {127.0.0.2 .. 127.0.0.60}', 'ip.src == ip.dst', 'not ip.addr == 127.0.0.1', 'ip.host == "10.77.0.1"',
  'ip.src_host contains "0.53"', 'ip.proto == 6', 'ip.proto in {1, 17}', 'ip.proto != 6',
  'ipv6.addr == ::1', 'ipv6.src == fd77::1', 'ipv6.dst == ff02::/16', 'ipv6.addr == fe80::/10', 'ipv6.src == ::', 'ipv6.dst >= fd77::2',
  'ipv6.host matches "^fd77::"', 'ipv6.src == ipv6.dst', 'ipv6.addr in {fd77::1 .. fd77::1:0}', 'ipv6.addr != fd77::1',
  // link layer, slices, bitwise
  'eth.addr == 00:00:00:00:00:00', 'eth.src[0:3] == 00:00:00', 'eth.src[0:3] == e6:42:93', 'eth.src[3-5] == 9a:7c:fe', 'eth.dst[-1] == 0x16',
  'eth.dst.ig == 1', 'eth.src == e6-42-93-9a-7c-fe', 'eth.addr[0] & 0x02 == 02', 'eth.dst == ffff.ffff.ffff', 'eth.src.lg == 1',
  'len(eth.dst) == 6', 'eth.src.oui == 0xe64293',
  // TCP flags
  'tcp.flags.syn == 1', 'tcp.flags.syn == 1 && tcp.flags.ack == 0', 'tcp.flags & 0x02', 'tcp.flags & 0x12 == 0x12', 'tcp.flags == 0x018',
  'tcp.flags.fin || tcp.flags.reset == 1', 'tcp.flags.reset == 1', 'tcp.flags.push == 1 and not tcp.port == 8080',
  'tcp.flags.cwr == 1 || tcp.flags.ece == 1', 'tcp.flags.fin == True', 'tcp.flags bitwise_and 0x11 == 0x11',
  // frame
  'frame.len > 1000', 'frame.len in {54..100}', 'frame.len <= 66', 'frame.cap_len < frame.len', 'frame.number <= 10 || frame.number == 100',
  'frame.number in {1, 3, 5}', 'frame.time_relative >= 0.5', 'frame.time_relative < 0.01', 'frame.time_delta > 0.01', 'frame.time_delta == 0',
  'frame.interface_id == 0', 'frame.len > 100 and frame.len < 200 or frame.number == 2',
  // functions
  'count(tcp.port) == 2', 'count(ip.addr) == 2', 'count(eth.addr) >= 2', 'string(tcp.srcport) matches "^4000[13]$"',
  'string(frame.number) matches "[13579]$"', 'len(eth.src) == 6 && frame.len == 74',
];

/** Filters built from the capture's own timestamps (first frame + half a second). */
function timeFilters(db: ReturnType<typeof frameDbFromTshark>): string[] {
  const first = db.prepare('SELECT ts_sec AS s, ts_nsec AS n FROM frames ORDER BY number LIMIT 1').get() as { s: number; n: number };
  const mid = first.s + 1;
  const d = new Date(mid * 1000);
  const p = (x: number) => String(x).padStart(2, '0');
  const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.25`;
  return [`frame.time_epoch >= ${mid}`, `frame.time_epoch < ${mid}.5`, `frame.time >= "${local}"`, `frame.time < "${local}"`];
}

const runIt = haveTshark() && CAPTURES.every((c) => existsSync(c)) ? describe : describe.skip;

runIt('conformance with tshark 4.0 (frames-table fields)', () => {
  for (const capture of CAPTURES) {
    it(path.basename(capture), async () => {
      const db = frameDbFromTshark(capture);
      const filters = [...FILTERS, ...timeFilters(db)];
      const expected = await tsharkMatchesMany(capture, filters);
      // The one-pass oracle (a tap per filter) agrees with -Y: spot-check a few filters.
      const sample = [0, 12, 40, 60, 75, 90].map((i) => filters[i]);
      const direct = await pool(sample, 2, (f) => tsharkMatches(capture, f));
      sample.forEach((f, k) => expect(expected[filters.indexOf(f)], `-Y ${f}`).toEqual(direct[k]));
      const mismatches: string[] = [];
      let nonEmpty = 0;
      filters.forEach((f, i) => {
        const ours = matching(db, f);
        if (expected[i].length > 0) nonEmpty++;
        if (JSON.stringify(ours) !== JSON.stringify(expected[i])) {
          const extra = ours.filter((n) => !expected[i].includes(n)).slice(0, 10);
          const missing = expected[i].filter((n) => !ours.includes(n)).slice(0, 10);
          mismatches.push(`${f}: ours ${ours.length} tshark ${expected[i].length}; extra ${extra.join(',')} missing ${missing.join(',')}`);
        }
      });
      expect(mismatches).toEqual([]);
      expect(filters.length).toBeGreaterThanOrEqual(100);
      expect(nonEmpty).toBeGreaterThan(40);
    }, 600_000);
  }
});

(haveTshark() ? describe : describe.skip)('registry against tshark -G fields', () => {
  it('every Wireshark field the registry declares has Wireshark\'s name and type', () => {
    const ws = new Map<string, string>();
    const out = execFileSync(TSHARK, ['-G', 'fields'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of out.split('\n')) {
      const c = line.split('\t');
      if (c[0] === 'P') ws.set(c[2], 'FT_PROTOCOL');
      else if (c[0] === 'F') ws.set(c[2], c[3]);
    }
    const own = /^(proc|wirewho|tcpshark)(\.|$)/; // Wirewho's fields; tcpshark.lua is a plugin tshark does not load
    const problems: string[] = [];
    for (const f of defaultRegistry.fields()) {
      if (own.test(f.name)) continue;
      const t = ws.get(f.name);
      if (t === undefined) problems.push(`${f.name}: not a Wireshark 4.0 field`);
      else if (t !== f.type) problems.push(`${f.name}: ${f.type}, Wireshark says ${t}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
