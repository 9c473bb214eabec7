/**
 * `wirewho streams`, `follow` and `pdus` as a user runs them, checked against tshark run now (conv
 * table, per-frame tcp.stream, `-z follow`) and the corpus oracle (SHA-256 of each reassembled
 * direction): JSON shapes, stream numbering, exact bytes, gaps on stderr and marked in ascii/hex,
 * directions, UDP, one-line errors. Most commands run in-process (the same `main`); a few run as a
 * real child process to check pipes, stderr and exit statuses.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wirewho, wirewhoBytes } from '../helpers/cli.js';
import { wirewhoInProcess } from '../helpers/cli-inprocess.js';
import { corpusRoot } from '../helpers/corpus.js';
import { haveTshark, tsharkFields } from '../helpers/tshark.js';

const loMix = path.join(corpusRoot, 'captures/lo_mix.pcapng');
const lossy = path.join(corpusRoot, 'public/pcapplusplus/unidirectional_tcp_stream_with_missing_packet.pcap');
interface OracleDir { len: number; sha256: string }
interface OracleTcp {
  stream: number; client: string | null; node0: { ip: string; port: number }; node1: { ip: string; port: number };
  reassembled: { node0_to_node1: OracleDir; node1_to_node0: OracleDir };
}
const oracle = (name: string) => JSON.parse(readFileSync(path.join(corpusRoot, 'oracle', name), 'utf8')) as { tcp_streams: OracleTcp[]; udp_streams: unknown[] };
const loMixOracle = oracle('lo_mix.pcapng.json');
const lossyOracle = oracle('public/unidirectional_tcp_stream_with_missing_packet.pcap.json');

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-cli-streams-'));
const loCase = path.join(tmp, 'lo');
const lossyCase = path.join(tmp, 'lossy');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** tshark's `-z follow,<proto>,<format>,<n>` output, without the blank line tshark prints first. */
function tsharkFollow(file: string, proto: string, format: string, stream: number): string {
  const out = execFileSync('tshark', ['-r', file, '-q', '-z', `follow,${proto},${format},${stream}`],
    { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return out.replace(/^\n/, '');
}

/** The bytes of a tshark raw follow: its hex lines (node 1's start with a tab) in order. */
function tsharkRawBytes(file: string, proto: string, stream: number, node?: 0 | 1): Buffer {
  const lines = tsharkFollow(file, proto, 'raw', stream).split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
  const pick = node === undefined ? lines : lines.filter((l) => l.startsWith('\t') === (node === 1));
  return Buffer.from(pick.map((l) => l.trim()).join(''), 'hex');
}

const lines = (s: string) => s.split('\n').filter(Boolean);
/** In-process run, stdout as text / as bytes. */
const cli = async (args: string[]) => { const r = await wirewhoInProcess(args); return { ...r, stdout: r.stdout.toString('utf8') }; };
const cliBytes = (args: string[]) => wirewhoInProcess(args);
const json = (s: string) => lines(s).map((l) => JSON.parse(l) as Record<string, unknown>);

let streamsJson: Record<string, unknown>[];
beforeAll(async () => {
  for (const [file, dir] of [[loMix, loCase], [lossy, lossyCase]]) {
    const r = await cli(['ingest', file, '--case', dir]);
    expect(r.status, r.stderr).toBe(0);
  }
  const r = await cli(['streams', '--case', loCase, '--json']);
  expect(r.status, r.stderr).toBe(0);
  streamsJson = json(r.stdout);
});

describe('wirewho streams', () => {
  it('--json: one object per conversation, tcp.stream / udp.stream numbering, Wireshark-style keys', async () => {
    const rows = streamsJson;
    const tcp = rows.filter((o) => o.proto === 'tcp'), udp = rows.filter((o) => o.proto === 'udp');
    expect(tcp.map((o) => o['tcp.stream'])).toEqual(loMixOracle.tcp_streams.map((s) => s.stream));
    expect(udp.map((o) => o['udp.stream'])).toEqual(loMixOracle.udp_streams.map((_, i) => i));
    expect(Object.keys(tcp[0])).toEqual(['tcp.stream', 'proto', 'evidence', 'ip_version', 'node0', 'node1', 'client', 'first_frame',
      'last_frame', 'packets', 'frame_bytes', 'reassembled_bytes', 'gaps', 'gap_bytes', 'conflicts', 'closed', 'mid_stream', 'state', 'app']);
    expect(Object.keys(udp[0])).toEqual(['udp.stream', 'proto', 'evidence', 'ip_version', 'node0', 'node1', 'client', 'first_frame',
      'last_frame', 'packets', 'frame_bytes', 'payload_bytes', 'app']);
    for (const s of loMixOracle.tcp_streams) {
      const o = tcp[s.stream];
      expect({ node0: o.node0, node1: o.node1, client: o.client }).toEqual({ node0: s.node0, node1: s.node1, client: s.client });
      expect(o.reassembled_bytes).toEqual({ node0_to_node1: s.reassembled.node0_to_node1.len, node1_to_node0: s.reassembled.node1_to_node0.len });
    }
    expect(tcp[6]).toMatchObject({ state: 'closed', app: 'http', gaps: { node0_to_node1: 0, node1_to_node0: 0 } });
    expect(udp[0]).toMatchObject({ app: 'dns', client: null, packets: { node0_to_node1: 1, node1_to_node0: 1 } });
  });

  it.runIf(haveTshark())('numbers streams like tshark: first/last frame, Node 0 and packets per direction from tcp.stream / udp.stream', async () => {
    const rows = streamsJson;
    const frames = tsharkFields(loMix, ['frame.number', 'tcp.stream', 'udp.stream', 'ip.src', 'ipv6.src', 'tcp.srcport', 'udp.srcport']);
    const want = new Map<string, { first: number; last: number; node0: string; packets: [number, number] }>();
    for (const [n, tcpStream, udpStream, ip4, ip6, tport, uport] of frames) {
      const key = tcpStream ? `tcp ${tcpStream}` : udpStream ? `udp ${udpStream}` : null;
      if (!key) continue;
      const src = `${ip4 || ip6} ${tport || uport}`;
      const s = want.get(key) ?? { first: Number(n), last: 0, node0: src, packets: [0, 0] as [number, number] };
      s.last = Number(n);
      s.packets[src === s.node0 ? 0 : 1]++;
      want.set(key, s);
    }
    const ours = new Map(rows.map((o) => {
      const node0 = o.node0 as { ip: string; port: number }, p = o.packets as { node0_to_node1: number; node1_to_node0: number };
      return [`${String(o.proto)} ${String(o[`${String(o.proto)}.stream`])}`,
        { first: o.first_frame, last: o.last_frame, node0: `${node0.ip} ${node0.port}`, packets: [p.node0_to_node1, p.node1_to_node0] }];
    }));
    expect(ours).toEqual(want);
  });

  it.runIf(haveTshark())('frames per direction equal tshark -z conv,tcp', async () => {
    const conv = execFileSync('tshark', ['-r', loMix, '-q', '-z', 'conv,tcp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // "A:port <-> B:port  framesB→A bytes  framesA→B bytes  total …" (IPv6 without brackets).
    const split = (ep: string) => { const i = ep.lastIndexOf(':'); return `${ep.slice(0, i)} ${ep.slice(i + 1)}`; };
    const tshark = conv.split('\n').map((l) => l.match(/^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+\d+ \S+\s+(\d+)\s+\d+ \S+/)).filter((m) => m !== null)
      .map((m) => ({ a: split(m[1]), b: split(m[2]), ba: Number(m[3]), ab: Number(m[4]) }));
    expect(tshark).toHaveLength(loMixOracle.tcp_streams.length);
    const rows = json((await cli(['streams', '--case', loCase, '--json', '--proto', 'tcp'])).stdout);
    for (const t of tshark) {
      const o = rows.find((r) => {
        const n0 = r.node0 as { ip: string; port: number }, n1 = r.node1 as { ip: string; port: number };
        const e = [`${n0.ip} ${n0.port}`, `${n1.ip} ${n1.port}`];
        return e.includes(t.a) && e.includes(t.b);
      });
      expect(o, `${t.a} <-> ${t.b}`).toBeDefined();
      const n0 = o!.node0 as { ip: string; port: number }, p = o!.packets as { node0_to_node1: number; node1_to_node0: number };
      const aIsNode0 = `${n0.ip} ${n0.port}` === t.a;
      expect(aIsNode0 ? [p.node0_to_node1, p.node1_to_node0] : [p.node1_to_node0, p.node0_to_node1], `${t.a} <-> ${t.b}`).toEqual([t.ab, t.ba]);
    }
  });

  it('text output: one line per conversation; --proto udp keeps UDP only', async () => {
    const all = lines((await cli(['streams', '--case', loCase])).stdout);
    expect(all).toHaveLength(loMixOracle.tcp_streams.length + loMixOracle.udp_streams.length);
    expect(all[5]).toMatch(/^tcp\.stream 5 +\[::1\]:40004 → \[::1\]:8080 +frames 429-453 +packets 13\/12 .* closed +http$/);
    const udp = lines((await cli(['streams', '--case', loCase, '--proto', 'udp'])).stdout);
    expect(udp).toHaveLength(loMixOracle.udp_streams.length);
    expect(udp.every((l) => l.startsWith('udp.stream '))).toBe(true);
  });
});

describe('wirewho follow', () => {
  const o6 = loMixOracle.tcp_streams[6].reassembled;

  it('--format raw writes the exact reassembled bytes of each direction (SHA-256 of the tshark oracle)', async () => {
    const client = await cliBytes(['follow', '--case', loCase, '--stream', '6', '--format', 'raw', '--direction', 'client']);
    const server = await cliBytes(['follow', '--case', loCase, '--stream', '6', '--format', 'raw', '--direction', 'server']);
    expect([client.status, server.status, client.stderr, server.stderr]).toEqual([0, 0, '', '']);
    expect({ len: client.stdout.length, sha: sha256(client.stdout) }).toEqual({ len: o6.node0_to_node1.len, sha: o6.node0_to_node1.sha256 });
    expect({ len: server.stdout.length, sha: sha256(server.stdout) }).toEqual({ len: o6.node1_to_node0.len, sha: o6.node1_to_node0.sha256 });
    // The 5 MiB download over IPv4 loopback (64 KiB segments) and the IPv6 stream.
    const big = await cliBytes(['follow', '--case', loCase, '--stream', '2', '--format', 'raw', '--direction', 'server']);
    expect(sha256(big.stdout)).toBe(loMixOracle.tcp_streams[2].reassembled.node1_to_node0.sha256);
    const v6 = await cliBytes(['follow', '--case', loCase, '--stream', '5', '--format', 'raw', '--direction', 'server']);
    expect(sha256(v6.stdout)).toBe(loMixOracle.tcp_streams[5].reassembled.node1_to_node0.sha256);
  });

  it.runIf(haveTshark())('--direction both interleaves in arrival order exactly as tshark -z follow,tcp,raw', async () => {
    const both = await cliBytes(['follow', '--case', loCase, '--stream', '6', '--format', 'raw']);
    expect(both.status).toBe(0);
    expect(both.stdout.length).toBe(o6.node0_to_node1.len + o6.node1_to_node0.len);
    expect(sha256(both.stdout)).toBe(sha256(tsharkRawBytes(loMix, 'tcp', 6)));
  });

  it.runIf(haveTshark())('--format ascii and hex print what tshark -z follow prints, byte for byte', async () => {
    for (const format of ['ascii', 'hex']) {
      const r = await cliBytes(['follow', '--case', loCase, '--stream', '6', '--format', format]);
      expect(r.status).toBe(0);
      expect(r.stdout.toString('latin1') === tsharkFollow(loMix, 'tcp', format, 6), `tcp ${format}`).toBe(true);
    }
    const hex = (await cli(['follow', '--case', loCase, '--stream', '6', '--format', 'hex'])).stdout.split('\n');
    expect(hex.slice(0, 6)).toEqual([
      '='.repeat(67), 'Follow: tcp,hex', 'Filter: tcp.stream eq 6', 'Node 0: 127.0.0.1:40005', 'Node 1: 127.0.0.1:8080',
      '00000000  47 45 54 20 2f 73 6d 61  6c 6c 2e 74 78 74 20 48  GET /sma ll.txt H',
    ]);
  });

  it.runIf(haveTshark())('--proto udp follows a udp.stream (a DNS query and its answer)', async () => {
    const raw = await cliBytes(['follow', '--case', loCase, '--proto', 'udp', '--stream', '0', '--format', 'raw', '--direction', 'client']);
    expect(raw.status).toBe(0);
    expect(raw.stdout.equals(tsharkRawBytes(loMix, 'udp', 0, 0))).toBe(true);
    expect(raw.stdout.includes(Buffer.from('\x06static\x06corpus\x04test', 'latin1'))).toBe(true);
    const hex = await cliBytes(['follow', '--case', loCase, '--proto', 'udp', '--stream', '0', '--format', 'hex']);
    expect(hex.stdout.toString('latin1') === tsharkFollow(loMix, 'udp', 'hex', 0)).toBe(true);
  });

  it('a lost segment: raw goes on past the gap and reports it on stderr; ascii and hex mark it in place', async () => {
    const want = lossyOracle.tcp_streams[0].reassembled.node0_to_node1;
    const raw = await cliBytes(['follow', '--case', lossyCase, '--stream', '0', '--format', 'raw', '--direction', 'client']);
    expect(raw.status).toBe(0);
    expect(raw.stderr).toBe('wirewho: tcp.stream 0: 1420 bytes missing in capture at client→server offset 1420 (end, before frame 4)\n');
    // tshark's Follow stops at the hole (its 1420 bytes are our prefix); we keep the 7108 captured after it.
    expect(sha256(raw.stdout.subarray(0, want.len))).toBe(want.sha256);
    expect(raw.stdout.length).toBe(8528);
    const marker = '[1420 bytes missing in capture at client→server offset 1420 (end, before frame 4)]';
    for (const format of ['ascii', 'hex']) {
      const r = await cli(['follow', '--case', lossyCase, '--stream', '0', '--format', format]);
      expect(r.status).toBe(0);
      expect(lines(r.stdout).filter((l) => l.includes('missing in capture')), format).toEqual([marker]);
    }
    // The unidirectional stream has nothing from the server: empty output, not an error.
    const server = await cliBytes(['follow', '--case', lossyCase, '--stream', '0', '--format', 'raw', '--direction', 'server']);
    expect([server.status, server.stdout.length, server.stderr]).toEqual([0, 0, '']);
  });
});

describe('wirewho pdus', () => {
  it('--json: one object per PDU with its stream, direction, offset, frames and reassembled-in frame', async () => {
    const r = await cli(['pdus', '--case', loCase, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const pdus = json(r.stdout);
    expect(pdus[0]).toEqual({
      'protocol': 'dns', 'udp.stream': 0, 'evidence': 1, 'direction': 'client_to_server', 'node_direction': 'node0_to_node1', 'offset': 0,
      'length': 59, 'frames': [1], 'reassembled_in': 1, 'truncated': false, 'summary': 'Standard query 0xc9bc A static.corpus.test',
    });
    const http = pdus.filter((p) => p.protocol === 'http' && p['tcp.stream'] === 6);
    expect(http.filter((p) => p.direction === 'client_to_server').map((p) => p.offset)).toEqual([0, 80, 161]);
    expect(http.filter((p) => p.direction === 'client_to_server').map((p) => p.summary)).toEqual([
      'GET /small.txt HTTP/1.1', 'GET /index.html HTTP/1.1', 'GET /64k.bin HTTP/1.1',
    ]);
    // A response spanning segments lists every frame it came from and the one that completed it.
    const big = pdus.find((p) => p.protocol === 'http' && p['tcp.stream'] === 2 && p.direction === 'server_to_client')!;
    expect((big.frames as number[]).length).toBeGreaterThan(100);
    expect(big.reassembled_in).toBe((big.frames as number[]).at(-1));
  });
});

const cases: [string[], RegExp][] = [
  [['follow', '--case', loCase, '--stream', 'x'], /--stream must be an integer >= 0, not "x"/],
  [['follow', '--case', loCase, '--stream', '99'], /tcp\.stream 99 is not in this case/],
  [['follow', '--case', loCase, '--stream', '1', '--proto', 'sctp'], /--proto must be tcp or udp, not "sctp"/],
  [['follow', '--case', loCase, '--stream', '1', '--direction', 'up'], /--direction must be client, server or both, not "up"/],
  [['follow', '--case', loCase, '--stream', '1', '--format', 'pdf'], /--format must be raw, ascii or hex, not "pdf"/],
  [['follow', '--case', loCase], /required option '--stream <n>' not specified/],
  [['streams', '--case', loCase, '--proto', 'icmp'], /--proto must be tcp or udp, not "icmp"/],
  [['streams', '--case', path.join(tmp, 'nope')], /no case index/],
];

describe('bad arguments', () => {
  it('give one line on stderr and a non-zero exit', async () => {
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(lines(r.stderr), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('as a child process', () => {
  it('raw bytes go through the pipe exactly, the gap to stderr, exit status 0', () => {
    const r = wirewhoBytes(['follow', '--case', lossyCase, '--stream', '0', '--format', 'raw']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('wirewho: tcp.stream 0: 1420 bytes missing in capture at client→server offset 1420 (end, before frame 4)\n');
    expect(r.stdout.length).toBe(8528);
    expect(sha256(r.stdout.subarray(0, 1420))).toBe(lossyOracle.tcp_streams[0].reassembled.node0_to_node1.sha256);
  });

  it('a missing option: one line on stderr, non-zero exit status', () => {
    for (const [args, message] of [cases[5]]) {
      const r = wirewho(args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(lines(r.stderr), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
