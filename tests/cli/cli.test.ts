/** The `wirewho` CLI as a user runs it: ingest, frames (text, fields, JSON), errors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusRoot } from '../helpers/corpus.js';
import { pcapWithFrames } from '../helpers/hostile-captures.js';
import { wirewho } from '../helpers/cli.js';
import { haveTshark, tsharkFields } from '../helpers/tshark.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const capture = path.join(corpusRoot, 'captures/lo_mix.pcapng');

describe('wirewho CLI', () => {
  const caseDir = path.join(tmp, 'case');

  it('ingest reports frames/s and the SHA-256', () => {
    const r = wirewho(['ingest', capture, '--case', caseDir]);
    expect(r.stderr).toMatch(/668 frames in [\d.]+ s \(\d+ frames\/s\), sha256 [0-9a-f]{64}, complete/);
    expect(r.status).toBe(0);
  });

  it('frames --json prints Wireshark-keyed objects with exact timestamps', () => {
    const r = wirewho(['frames', '--case', caseDir, '--json', '--limit', '5']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]['frame.number']).toBe(1);
    expect(typeof lines[0]['frame.time_epoch']).toBe('string');
    expect(lines[0]['frame.time_epoch']).toMatch(/^\d+\.\d{9}$/);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['frame.len', 'frame.cap_len', 'ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport', '_ws.col.protocol', '_ws.col.info']));
    expect(lines[0]).not.toHaveProperty('tcp.srcport');
  });

  it.runIf(haveTshark())('frames --fields matches tshark -T fields', () => {
    const fields = ['frame.number', 'frame.time_epoch', 'frame.len', 'ip.src', 'tcp.dstport', 'eth.src', 'eth.dst'];
    const r = wirewho(['frames', '--case', caseDir, '--fields', fields.join(',')]);
    expect(r.status).toBe(0);
    const want = tsharkFields(capture, fields).map((cols) => cols.map((c) => c.split(',')[0]).join('\t'));
    expect(r.stdout.trim().split('\n')).toEqual(want);
  });

  it('default text output is one line per frame', () => {
    const r = wirewho(['frames', '--case', caseDir]);
    expect(r.stdout.trim().split('\n')).toHaveLength(668);
    expect(r.stdout.split('\n')[0]).toMatch(/^\s+1 0\.000000000 127\.0\.0\.1 → 127\.0\.0\.53 /);
  });

  it('unknown fields, missing cases and bad files give one clear line and a non-zero exit', () => {
    const bad = wirewho(['frames', '--case', caseDir, '--fields', 'frame.number,no.such.field']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/unknown field "no.such.field"/);

    const missing = wirewho(['frames', '--case', path.join(tmp, 'nope')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no case index/);

    const truncated = path.join(tmp, 'truncated.pcap');
    const bytes = pcapWithFrames(4);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 5));
    const r = wirewho(['ingest', truncated, '--case', path.join(tmp, 'case2')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/3 frames .* incomplete/);
    expect(r.stderr).toMatch(/at file offset \d+ \(frame 4\)/);
  });

  it('--help works on every command', () => {
    for (const cmd of ['ingest', 'frames', 'serve']) {
      const r = wirewho([cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Usage: wirewho/);
    }
  });
});
