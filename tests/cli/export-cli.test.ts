/** `wirewho export` as a user runs it: JSON result, notices, refusal to overwrite, custody entries. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIndex, CustodyLog, verifyCustodyLines } from '@wirewho/index';
import { repoRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';

const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
let dir: string;
let caseDir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-export-cli-'));
  caseDir = path.join(dir, 'case');
  expect(wirewho(['ingest', SAMPLE, '--case', caseDir]).status).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wirewho export', () => {
  it('--pid --json: the frames of that process, with the result keys', () => {
    const out = path.join(dir, 'curl.pcapng');
    const r = wirewho(['export', '--case', caseDir, '--pid', '122868', '--out', out, '--json', '--operator', 'alice']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['out', 'format', 'frames', 'records', 'dependents', 'bytes', 'sha256', 'first_ts_ns', 'last_ts_ns',
      'attributed_frames', 'processes', 'process_blocks', 'notes', 'notices']);
    expect(j).toMatchObject({ out, format: 'pcapng', frames: 10, attributed_frames: 10, processes: 1, process_blocks: 1, first_ts_ns: '1734746437400239166' });
    const index = CaseIndex.open(caseDir, { readonly: true });
    const log = new CustodyLog(index.db);
    const entries = log.entries();
    expect(verifyCustodyLines(log.lines(), log.head())).toEqual([]);
    index.close();
    expect(entries.map((e) => e.event)).toEqual(['import', 'filter', 'export']);
    expect(entries[1]).toMatchObject({ operator: 'alice', details: { filter: null, pid: 122868, matched: 10 } });
    expect(entries[2].details).toMatchObject({ out, frames: 10, sha256: j.sha256 });
  });

  it('refuses an existing file without --force, replaces it with', () => {
    const out = path.join(dir, 'exists.pcap');
    writeFileSync(out, 'keep');
    const r = wirewho(['export', '--case', caseDir, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^wirewho: error: .*exists\.pcap already exists \(use --force to replace it\)\n$/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
    const f = wirewho(['export', '--case', caseDir, '--out', out, '--force', '--frames', '2-4']);
    expect(f.status).toBe(0);
    // .pcap picks the pcap format, which says what it cannot carry.
    expect(f.stderr).toMatch(/notice: pcap cannot carry process metadata or comments: 3 frame\(s\) lost their process attribution/);
    expect(readFileSync(out).readUInt32LE(0)).toBe(0xa1b23c4d);
  });

  it('bad arguments are one-line errors', () => {
    expect(wirewho(['export', '--case', caseDir, '--out', path.join(dir, 'x.pcapng'), '--pid', 'abc']).stderr).toMatch(/--pid must be an integer/);
    expect(wirewho(['export', '--case', caseDir, '--out', path.join(dir, 'x.pcapng'), '--format', 'erf']).stderr).toMatch(/--format must be pcapng or pcap/);
    expect(wirewho(['export', '--case', caseDir, '--out', path.join(dir, 'x.pcapng'), '--stream', '99']).stderr).toMatch(/tcp\.stream 99 is not in this case/);
  });
});

describe('wirewho annotate / annotations / custody', () => {
  it('notes become comments in the next export; the custody log lists every event and checks its chain', () => {
    const add = wirewho(['annotate', '--case', caseDir, '--frame', '3', '--note', 'ACK <after> SYN', '--json', '--operator', 'bob']);
    expect(add.status).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ kind: 'note', target: 'frame', frame: 3, text: 'ACK <after> SYN', author: 'bob' });
    expect(wirewho(['annotate', '--case', caseDir, '--stream', '0', '--bookmark']).status).toBe(0);
    expect(wirewho(['annotate', '--case', caseDir, '--frame', '3']).stderr).toMatch(/exactly one of --note, --tag, --bookmark/);
    expect(wirewho(['annotate', '--case', caseDir, '--frame', '99', '--tag', 'x']).stderr).toMatch(/frame 99 is not in this case/);
    const list = wirewho(['annotations', '--case', caseDir, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(list.map((a) => a.kind)).toEqual(['note', 'bookmark']);
    const out = path.join(dir, 'noted.pcapng');
    const r = JSON.parse(wirewho(['export', '--case', caseDir, '--frames', '3', '--out', out, '--json']).stdout) as { notes: number };
    expect(r.notes).toBe(1);
    const custody = wirewho(['custody', '--case', caseDir]);
    expect(custody.status).toBe(0);
    expect(custody.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).at(-1))).toEqual(
      ['import', 'filter', 'export', 'filter', 'export', 'filter', 'export']);
  });
});
