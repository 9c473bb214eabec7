import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCapture, parsePtcpdumpComments, type FrameRecord, type SideBlock } from '@wirewho/pcap';
import type { LiveFrame } from './helper-client.js';
import { RingWriter } from './ring-writer.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-ring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const iface = { name: 'lo', linkType: 1, snaplen: 262144, nanosecond: true, filter: 'udp' };
const frame = (i: number, pid = 0): LiveFrame => ({
  iface: 0, tsNs: 1_700_000_000_123_456_789n + BigInt(i), data: Uint8Array.from({ length: 60 }, (_, k) => (k + i) & 0xff), origLen: 1500, pid, confidence: pid > 0 ? 'exact' : undefined,
});

function read(file: string): { frames: FrameRecord[]; side: SideBlock[] } {
  const frames: FrameRecord[] = [];
  const side: SideBlock[] = [];
  parseCapture(readFileSync(file), { onInterface() { /* one */ }, onFrame: (f) => frames.push({ ...f, data: f.data.slice() }), onSideBlock: (b) => side.push(b) });
  return { frames, side };
}

describe('RingWriter', () => {
  it('writes frames untouched with ptcpdump comments, processid and one process-info block per process', () => {
    const dir = path.join(tmp, 'one');
    const w = new RingWriter({ dir, interfaces: [iface] });
    w.process({ pid: 77, ppid: 1, comm: 'curl', exe: '/usr/bin/curl', argv: ['curl', '-s', 'http://x/'], uid: 0, startTicks: 5, startTimeNs: 1_699_999_999_000_000_000n });
    w.write([frame(0, 77), frame(1), frame(2, 77)]);
    w.updateCounters([{ recv: 10, drop: 1, ifdrop: 2 }]);
    w.close();
    const { frames, side } = read(w.files[0]);
    expect(frames.map((f) => [f.tsNs, f.origLen, [...f.data]])).toEqual([0, 1, 2].map((i) => [frame(i).tsNs, 1500, [...frame(i).data]]));
    expect(parsePtcpdumpComments(frames[0].comments)).toMatchObject({ pid: 77, cmd: '/usr/bin/curl', args: ['curl', '-s', 'http://x/'], uid: 0, parent: { pid: 1 } });
    expect(frames[0].processId).toBe(77);
    expect(frames[1].comments ?? []).toEqual([]);
    expect(frames[1].processId).toBeUndefined();
    const pibs = side.filter((b) => b.kind === 'process-info');
    expect(pibs).toHaveLength(1);
    expect(pibs[0]).toMatchObject({ pid: 77, name: 'curl', path: '/usr/bin/curl', argv: ['curl', '-s', 'http://x/'], ppid: 1, startTimeNs: 1_699_999_999_000_000_000n });
    expect(side.find((b) => b.kind === 'interface-statistics')).toMatchObject({ received: 10n, dropped: 3n });
  });

  it('rotates by size, keeps the last N files, and describes processes again in each file', () => {
    const dir = path.join(tmp, 'ring');
    const removed: string[] = [];
    const w = new RingWriter({ dir, interfaces: [iface], maxFileBytes: 500, maxFiles: 2, onFileRemoved: (f) => removed.push(f) });
    w.process({ pid: 9, comm: 'x', argv: ['x'] });
    for (let i = 0; i < 8; i++) w.write([frame(i * 10, 9), frame(i * 10 + 1, 9), frame(i * 10 + 2, 9)]);
    w.close();
    expect(w.files).toHaveLength(8); // each batch (with its process-info block) outgrows 500 bytes
    expect(removed).toEqual(w.files.slice(0, w.files.length - 2));
    for (const f of removed) expect(existsSync(f)).toBe(false);
    for (const f of w.files.slice(-2)) {
      const { frames, side } = read(f);
      expect(frames.length).toBeGreaterThan(0);
      expect(side.filter((b) => b.kind === 'process-info')).toHaveLength(1);
    }
  });
});
