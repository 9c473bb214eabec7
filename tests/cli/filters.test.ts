/**
 * Display filters on the command line as a user runs them: `frames --filter` (text, --fields, --json
 * keyed by Wireshark field names), `count '<expr>'` and `pdus --filter`, checked against tshark -Y run
 * now on the same capture; process fields against `processes --json`; a bad filter prints tshark's
 * three-line message (message, filter, caret under the offending part) on stderr and exits 2 with
 * nothing on stdout. Most runs are in-process; the exit statuses and streams come from real processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wirewho } from '../helpers/cli.js';
import { wirewhoInProcess } from '../helpers/cli-inprocess.js';
import { corpusRoot } from '../helpers/corpus.js';
import { haveTshark, tsharkFields } from '../helpers/tshark.js';

const loMix = path.join(corpusRoot, 'captures/lo_mix.pcapng');
const curl = path.join(corpusRoot, 'public/ptcpdump/ptcpdump_curl-thread.pcapng');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-cli-filters-'));
const loCase = path.join(tmp, 'lo');
const curlCase = path.join(tmp, 'curl');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = async (args: string[]) => { const r = await wirewhoInProcess(args); return { ...r, stdout: r.stdout.toString('utf8') }; };
const lines = (s: string) => s.split('\n').filter(Boolean);
/** Frame numbers tshark -Y selects. */
const tsharkNumbers = (file: string, filter: string) => tsharkFields(file, ['frame.number'], ['-Y', filter]).map((r) => Number(r[0]));

beforeAll(async () => {
  for (const [file, dir] of [[loMix, loCase], [curl, curlCase]]) {
    const r = await cli(['ingest', file, '--case', dir]);
    expect(r.status, r.stderr).toBe(0);
  }
}, 120_000);

describe.runIf(haveTshark())('wirewho frames --filter', () => {
  const filters = [
    'dns', 'tcp.port == 8080', 'ip.addr == 127.0.0.53', 'tcp.flags.syn == 1 && !tcp.flags.ack', 'udp && !dns',
    'http.request.method == "GET"', 'tcp.dstport in {8443, 40001..40002}', 'frame.len > 1000 or tls',
    'dns.qry.name contains "corpus"', 'dns.qry.name matches "^WEB\\\\."', 'tcp.stream == 3', 'ip.addr != 127.0.0.1',
  ];
  for (const f of filters) {
    it(`selects the frames tshark -Y selects: ${f}`, async () => {
      const want = tsharkNumbers(loMix, f);
      const r = await cli(['frames', '--case', loCase, '--filter', f, '--fields', 'frame.number']);
      expect(r.status, r.stderr).toBe(0);
      expect(lines(r.stdout).map(Number)).toEqual(want);
      const n = await cli(['count', '--case', loCase, f]);
      expect(n.status, n.stderr).toBe(0);
      expect(n.stdout).toBe(`${want.length}\n`);
    });
  }

  it('prints the same text line as the unfiltered list for each selected frame', async () => {
    const all = lines((await cli(['frames', '--case', loCase])).stdout);
    const dns = lines((await cli(['frames', '--case', loCase, '--filter', 'dns'])).stdout);
    const want = tsharkNumbers(loMix, 'dns');
    expect(dns).toEqual(want.map((n) => all[n - 1]));
    expect(dns[0]).toMatch(/^\s+1 0\.000000000 127\.0\.0\.1 → 127\.0\.0\.53 DNS \d+ Standard query 0x[0-9a-f]{4} A static\.corpus\.test/);
  });

  it('--json: one object per frame keyed by Wireshark field names, --fields and --limit respected', async () => {
    const want = tsharkFields(loMix, ['frame.number', 'ip.src', 'tcp.srcport', 'tcp.dstport'], ['-Y', 'tcp.flags.syn == 1 && tcp.flags.ack == 0']);
    const r = await cli(['frames', '--case', loCase, '--filter', 'tcp.flags.syn == 1 && tcp.flags.ack == 0', '--json',
      '--fields', 'frame.number,ip.src,tcp.srcport,tcp.dstport']);
    expect(r.status, r.stderr).toBe(0);
    const rows = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(want.length);
    // A field the frame does not have is left out (an IPv6 SYN has no ip.src), as tshark prints it empty.
    const names = ['frame.number', 'ip.src', 'tcp.srcport', 'tcp.dstport'];
    expect(rows.map((o) => Object.keys(o))).toEqual(want.map((w) => names.filter((_, i) => w[i] !== '')));
    expect(rows.map((o) => names.map((k) => (o[k] === undefined ? '' : String(o[k] as string | number))))).toEqual(want);
    expect(want.some((w) => w[1] !== '')).toBe(true);
    const two = await cli(['frames', '--case', loCase, '--filter', 'dns', '--json', '--limit', '2']);
    const objs = lines(two.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs).toHaveLength(2);
    for (const key of ['frame.number', 'frame.time_epoch', 'frame.len', 'ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport', '_ws.col.protocol', '_ws.col.info']) {
      expect(objs[0], key).toHaveProperty([key]);
    }
    expect(objs.map((o) => o['frame.number'])).toEqual(tsharkNumbers(loMix, 'dns').slice(0, 2));
  });
});

describe.runIf(haveTshark())('wirewho count and pdus --filter', () => {
  it("count '' counts every frame; count of a filter with no match prints 0", async () => {
    const total = tsharkFields(loMix, ['frame.number']).length;
    expect((await cli(['count', '--case', loCase, ''])).stdout).toBe(`${total}\n`);
    expect((await cli(['count', '--case', loCase, 'udp.port == 9'])).stdout).toBe('0\n');
  });

  it('pdus --filter keeps the PDUs reassembled in a selected frame', async () => {
    const all = lines((await cli(['pdus', '--case', loCase, '--json'])).stdout).map((l) => JSON.parse(l) as { protocol: string; reassembled_in: number });
    const get = lines((await cli(['pdus', '--case', loCase, '--json', '--filter', 'http.request.method == "GET"'])).stdout)
      .map((l) => JSON.parse(l) as { protocol: string; reassembled_in: number });
    const selected = new Set(tsharkNumbers(loMix, 'http.request.method == "GET"'));
    expect(selected.size).toBeGreaterThan(0);
    expect(get).toEqual(all.filter((p) => selected.has(p.reassembled_in)));
    const dns = lines((await cli(['pdus', '--case', loCase, '--json', '--filter', 'dns'])).stdout).map((l) => JSON.parse(l) as { protocol: string });
    expect(dns.length).toBeGreaterThan(0);
    expect(new Set(dns.map((p) => p.protocol))).toEqual(new Set(['dns']));
  });
});

describe('process fields', () => {
  it('pid == N selects the frames `processes` attributes to that PID; cmd and args too', async () => {
    const procs = lines((await cli(['processes', '--case', curlCase, '--json'])).stdout)
      .map((l) => JSON.parse(l) as { pid: number; cmd: string; frames: number });
    expect(procs.length).toBeGreaterThan(0);
    const byPid = new Map<number, number>();
    for (const p of procs) byPid.set(p.pid, (byPid.get(p.pid) ?? 0) + p.frames);
    for (const [pid, frames] of byPid) {
      for (const f of [`pid == ${pid}`, `proc.pid == ${pid}`, `tcpshark.pid == ${pid}`]) {
        expect((await cli(['count', '--case', curlCase, f])).stdout, f).toBe(`${frames}\n`);
      }
    }
    const curlFrames = procs.filter((p) => p.cmd === 'curl').reduce((a, p) => a + p.frames, 0);
    expect((await cli(['count', '--case', curlCase, 'cmd == "curl"'])).stdout).toBe(`${curlFrames}\n`);
    const listed = lines((await cli(['frames', '--case', curlCase, '--filter', `pid == ${procs[0].pid}`, '--fields', 'frame.number'])).stdout);
    expect(listed).toHaveLength(byPid.get(procs[0].pid)!);
  });
});

describe('bad filters (real processes)', () => {
  it('unknown field: tshark-like message with a caret on stderr, exit 2, nothing on stdout', () => {
    for (const args of [['count', '--case', loCase, 'tcp.prot == 80'], ['frames', '--case', loCase, '--filter', 'tcp.prot == 80'],
      ['pdus', '--case', loCase, '--filter', 'tcp.prot == 80']]) {
      const r = wirewho(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('wirewho: error: invalid display filter: tcp.prot is neither a field nor a protocol name. Did you mean tcp.port?\n'
        + '    tcp.prot == 80\n'
        + '    ^~~~~~~~\n');
    }
  });

  it('the caret points at the offending part (type mismatch, unbalanced parenthesis)', async () => {
    const mismatch = await cli(['count', '--case', loCase, 'ip.src contains 3']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toBe('wirewho: error: invalid display filter: ip.src (type=IPv4 address) cannot participate in contains comparison.\n'
      + '    ip.src contains 3\n'
      + '           ^~~~~~~~\n');
    const open = await cli(['frames', '--case', loCase, '--filter', '(tcp && udp']);
    expect(open.status).toBe(2);
    expect(open.stdout).toBe('');
    expect(open.stderr).toBe('wirewho: error: invalid display filter: Unbalanced parentheses: "(" is never closed.\n    (tcp && udp\n    ^\n');
  });
});
