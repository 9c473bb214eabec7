/**
 * Conformance against the shared corpus: frame counts and byte totals from the tshark oracle,
 * identical results whatever the chunking, and per-frame timestamps/lengths equal to tshark's.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { collect, fingerprint, type Collected } from '../testing/collect.js';
import { CORPUS, corpusCaptures, oracleFor, readCapture } from '../testing/corpus.js';
import { formatFrameTimeEpoch } from './epoch-format.js';

const files = corpusCaptures();
const rel = (f: string): string => relative(CORPUS, f);

/** tshark 4.0 shows pcapng custom blocks as records ("frames") of their data after the PEN. */
function customBlocks(c: Collected): { data: number }[] {
  return c.sideBlocks.filter((b) => b.kind === 'custom' || b.kind === 'process-info').map((b) => ({ data: b.kind === 'custom' ? b.data.length : 0 }));
}

describe('corpus: every capture against the tshark oracle', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(85);
  });

  it.each(files.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const c = collect(readCapture(file));
    const oracle = oracleFor(file);
    if (basename(file) === 'le_test901.pcapng') return; // asserted below
    expect(c.error).toBeUndefined();
    if (oracle === undefined) {
      // ptcpdump/synthetic samples have no oracle file; tshark's own count is checked below.
      expect(c.frames.length).toBeGreaterThan(0);
      return;
    }
    const cbs = customBlocks(c);
    expect(c.frames.length + cbs.length).toBe(oracle.frame_count);
    const cbBytes = cbs.reduce((n, b) => n + b.data, 0);
    expect(c.frames.reduce((n, f) => n + f.origLen, 0) + cbBytes).toBe(oracle.frames.total_frame_len);
    expect(c.frames.reduce((n, f) => n + f.capLen, 0) + cbBytes).toBe(oracle.frames.total_cap_len);
    // Frame numbers are 1-based and dense; data can be read back at (dataOffset, capLen).
    const bytes = readCapture(file);
    c.frames.forEach((f, i) => {
      expect(f.number).toBe(i + 1);
      expect(f.data.length).toBe(f.capLen);
      if (i % 97 === 0) expect(bytes.subarray(f.dataOffset, f.dataOffset + f.capLen)).toEqual(f.data);
    });
    const expectFormat = oracle.capture.file_type === 'nsecpcap' ? 'pcap-ns' : oracle.capture.file_type;
    expect(c.parser.format).toBe(expectFormat);
  });

  it('le_test901.pcapng: section 2 has version 2.0 — one frame, then bad-version at its SHB', () => {
    const file = files.find((f) => f.endsWith('le_test901.pcapng'))!;
    const oracle = oracleFor(file)!;
    expect(oracle.frame_count).toBe(1);
    expect(oracle.tshark_messages.some((m) => m.stderr.includes('unknown SHB version 2.0'))).toBe(true);
    const c = collect(readCapture(file));
    expect(c.frames.length).toBe(1);
    expect(c.frames[0].origLen).toBe(oracle.frames.total_frame_len);
    expect(c.error?.code).toBe('bad-version');
    expect(c.error?.offset).toBe(480);
    expect(c.parser.bytesConsumed).toBe(480);
  });
});

describe('corpus: chunking does not change the result', () => {
  // 1-byte pushes only for small files (they cost a push call per byte).
  const sizes = (len: number): number[] => [7, 65536, 4 * 1024 * 1024, ...(len <= 120_000 ? [1] : [])];
  it.each(files.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const bytes = readCapture(file);
    const whole = fingerprint(collect(bytes));
    for (const size of sizes(bytes.length)) {
      const c = collect(bytes, size);
      expect(fingerprint(c), `chunk size ${size}`).toEqual(whole);
      // Only the incomplete tail is kept: never much more than the largest block.
      expect(c.maxRetained).toBeLessThanOrEqual(1024 * 1024);
    }
  });
});

const tshark = '/usr/bin/tshark';
const run = promisify(execFile);

/** tshark -T fields escapes these in field values. */
function tsharkEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

describe.skipIf(!existsSync(tshark))('corpus: every record equals tshark (time_epoch, len, cap_len, interface, comments)', () => {
  it.concurrent.each(files.map((f) => [rel(f), f]))('%s', async (_name, file) => {
    const { stdout } = await run(
      tshark,
      ['-n', '-r', file, '-T', 'fields', '-E', 'aggregator=\u001f', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.interface_id', '-e', 'frame.comment'],
      { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
    ).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' })); // le_test901: tshark exits 2 after frame 1
    const want = stdout.split('\n').filter((l) => l.length > 0);
    const c = collect(readCapture(file));
    // Our records in file order: frames, plus the custom blocks tshark 4.0 lists as records.
    const got: string[] = [];
    let fi = 0;
    for (const ev of c.events) {
      if (ev === 'f') {
        const f = c.frames[fi++];
        const iface = c.interfaces[f.interfaceId];
        const ifCol = c.parser.format === 'pcapng' ? String(iface.localId) : ''; // tshark 4.0 shows the id inside the section
        got.push([formatFrameTimeEpoch(f), f.origLen, f.capLen, ifCol, (f.comments ?? []).map(tsharkEscape).join('\u001f')].join('\t'));
      }
    }
    const cbs = c.sideBlocks.filter((b) => b.kind === 'custom' || b.kind === 'process-info');
    // Merge custom-block rows back at their file positions (tshark: empty time, len = data after PEN).
    const rows: { offset: number; line: string }[] = [
      ...c.frames.map((f, i) => ({ offset: f.recordOffset, line: got[i] })),
      ...cbs.map((b) => ({ offset: b.offset, line: `\t${b.kind === 'custom' ? b.data.length : 0}\t${b.kind === 'custom' ? b.data.length : 0}\t\t` })),
    ].sort((a, b) => a.offset - b.offset);
    expect(rows.map((r) => r.line)).toEqual(want.map((l) => l.replace(/\s+$/, (m) => m.replace(/[^\t]/g, ''))));
  }, 60_000);
});
