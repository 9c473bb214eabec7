/** `wirewho processes` and the proc.* fields of `wirewho frames`, as a user runs them. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-cli-proc-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const thread = path.join(corpusRoot, 'public/ptcpdump/ptcpdump_curl-thread.pcapng');
const tcpshark = path.join(corpusRoot, 'synthetic/tcpshark_layout_synthetic.pcapng');

describe('wirewho processes', () => {
  const caseDir = path.join(tmp, 'case');
  beforeAll(() => {
    const r = wirewho(['ingest', thread, tcpshark, '--case', caseDir]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('--json: one object per process instance with the documented keys', () => {
    const r = wirewho(['processes', '--case', caseDir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    for (const k of ['pid', 'ppid', 'uid', 'user', 'cmd', 'exe', 'args', 'first_seen', 'last_seen', 'frames', 'streams', 'bytes_sent', 'bytes_received', 'source']) {
      expect(rows[0], k).toHaveProperty(k);
    }
    expect(rows[0]).toMatchObject({
      pid: 122868, ppid: 53229, cmd: 'curl', exe: '/usr/bin/curl', args: 'curl kernel.com', first_frame: 1, last_frame: 10, frames: 10,
      streams: 1, source: 'ptcpdump', confidence: 'exact', first_seen: '1734746437.400239166', last_seen: '1734746438.973317706',
      parent: { pid: 53229, exe: '/usr/bin/bash', args: '-bash' },
    });
    expect((rows[0].bytes_sent as number) + (rows[0].bytes_received as number)).toBeGreaterThan(0);
    expect(rows[1]).toMatchObject({ pid: 4242, cmd: 'curl', args: 'curl http://example.com/ -H a b', first_frame: 11, frames: 5, source: 'tcpshark' });
  });

  it('text: one line per process', () => {
    const r = wirewho(['processes', '--case', caseDir]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\s*122868\s+curl\s+ppid 53229\s+frames 1-10 \(10\)\s+streams 1\s+sent \d+ B\s+received \d+ B\s+ptcpdump\s+curl kernel\.com$/);
  });

  it('frames --fields prints the frame\'s process (proc.* names)', () => {
    const r = wirewho(['frames', '--case', caseDir, '--fields', 'frame.number,proc.pid,proc.cmd,proc.args,proc.source', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(16);
    expect(rows[0]).toEqual({ 'frame.number': 1, 'proc.pid': 122868, 'proc.cmd': 'curl', 'proc.args': 'curl kernel.com', 'proc.source': 'ptcpdump' });
    // The inbound tcpshark frame (PID 0 in its trailer) has its stream's process; the ICMP frame none.
    expect(rows[12]).toMatchObject({ 'frame.number': 13, 'proc.pid': 4242 });
    expect(rows[15]).toEqual({ 'frame.number': 16 });
    const text = wirewho(['frames', '--case', caseDir, '--fields', 'frame.number,proc.pid', '--limit', '1']);
    expect(text.stdout).toBe('1\t122868\n');
  });

  it('a case without process metadata lists no process', () => {
    const plain = path.join(tmp, 'plain');
    expect(wirewho(['ingest', path.join(corpusRoot, 'public/tcpdump/dns_udp.pcap'), '--case', plain]).status).toBe(0);
    const r = wirewho(['processes', '--case', plain, '--json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(wirewho(['frames', '--case', plain, '--fields', 'frame.number,proc.pid', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l)))
      .toEqual([{ 'frame.number': 1 }, { 'frame.number': 2 }]);
    const missing = wirewho(['processes', '--case', path.join(tmp, 'nope')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no case index/);
  });
});
