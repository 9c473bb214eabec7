import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBulkWriter } from './bulk-writer.js';
import { CaseIndex } from './case-index.js';
import { appendFrame, createFrameBatch } from './frame-batch.js';
import { IngestBusyError } from './ingest-lock.js';

const dirs: string[] = [];
const open: CaseIndex[] = [];
function tempCase(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wirewho-recovery-'));
  dirs.push(d);
  return d;
}
function openCase(dir: string): CaseIndex {
  const idx = CaseIndex.open(dir);
  open.push(idx);
  return idx;
}
afterEach(() => {
  for (const idx of open.splice(0)) if (idx.db.open) idx.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Commits `count` frames of evidence `id` numbered from `first` (one writer transaction). */
async function commitFrames(idx: CaseIndex, id: number, first: number, count: number): Promise<void> {
  const b = createFrameBatch(id, count);
  for (let i = 0; i < count; i++) {
    appendFrame(b, {
      number: first + i, fileOffset: 24 + i * 100, capLen: 60, origLen: 60, ts: { sec: 1, nsec: i, ns: 1_000_000_000n + BigInt(i) },
      ifaceId: 0, ipVersion: 4, ipProto: 17, srcPort: 1, dstPort: 2, ipSrc: '10.0.0.1', ipDst: '10.0.0.2', protocol: 'UDP',
    });
  }
  b.framesTotal = first + count - 1;
  b.bytesIndexed = 24 + count * 100;
  const w = createBulkWriter(idx.dbPath, 'inline');
  await w.write(b);
  await w.close();
  idx.insertFrameFields([[first, 'dns.qry.name', 'a.example']]);
}

describe('interrupted imports', () => {
  it('lets one connection import at a time and leaves a running import alone', () => {
    const dir = tempCase();
    const a = openCase(dir);
    const ev = a.beginEvidence({ path: '/e/a.pcap', size: 10 });
    const b = openCase(dir);
    expect(b.evidence(ev.id)!.status).toBe('ingesting');
    expect(() => b.beginEvidence({ path: '/e/b.pcap', size: 10 })).toThrow(IngestBusyError);
    a.finishEvidence(ev.id, { status: 'complete', sha256: 'ab' });
    expect(b.beginEvidence({ path: '/e/b.pcap', size: 10 }).id).toBe(ev.id + 1);
  });

  it('marks an import whose process is gone incomplete with the frames really committed', async () => {
    const dir = tempCase();
    const a = openCase(dir);
    const ev = a.beginEvidence({ path: '/e/a.pcap', size: 10_000 });
    await commitFrames(a, ev.id, 1, 40);
    a.close(); // the lock goes with the connection, as it goes with a killed process
    const b = openCase(dir);
    expect(b.evidence(ev.id)).toMatchObject({
      status: 'incomplete', sha256: null, frameCount: 40, firstFrame: 1, errorFrame: 41,
      error: 'ingest interrupted after 40 frames (last committed frame 40); import the file again to complete it',
    });
  });

  it('restarts the interrupted last import of the same file in place', async () => {
    const dir = tempCase();
    const a = openCase(dir);
    const first = a.beginEvidence({ path: '/e/a.pcap', size: 10_000 });
    await commitFrames(a, first.id, 1, 5);
    a.finishEvidence(first.id, { status: 'complete', sha256: 'aa' });
    const ev = a.beginEvidence({ path: '/e/b.pcap', size: 10_000 });
    await commitFrames(a, ev.id, 6, 30);
    a.close();

    const b = openCase(dir);
    const again = b.beginEvidence({ path: '/e/b.pcap', size: 10_000 });
    expect(again).toMatchObject({ id: ev.id, status: 'ingesting', frameCount: 0, firstFrame: null, error: null });
    expect(b.frameCount()).toBe(5);
    expect(b.nextFrameNumber()).toBe(6);
    expect(b.frameFieldValues(6, 'dns.qry.name')).toEqual([]);
    expect(b.frameFieldValues(1, 'dns.qry.name')).toEqual(['a.example']);
    expect(b.listEvidence()).toHaveLength(2);
  });

  it('adds a new evidence row when the interrupted import is not the last, or stopped at a fault of its own', async () => {
    const dir = tempCase();
    const a = openCase(dir);
    const ev = a.beginEvidence({ path: '/e/a.pcap', size: 10 });
    a.close();
    const b = openCase(dir);
    const other = b.beginEvidence({ path: '/e/other.pcap', size: 10 });
    b.finishEvidence(other.id, { status: 'incomplete', sha256: 'cc', error: 'truncated record', errorOffset: 99, errorFrame: 3 });
    expect(b.beginEvidence({ path: '/e/a.pcap', size: 10 }).id).toBe(other.id + 1);
    expect(b.evidence(ev.id)!.status).toBe('incomplete');
    b.finishEvidence(other.id + 1, { status: 'complete', sha256: 'dd' });
    expect(b.beginEvidence({ path: '/e/other.pcap', size: 10 }).id).toBe(other.id + 2);
  });
});

describe('an import that fails in this process', () => {
  it('is marked interrupted at once, releases the lock, and leaves a running import of this connection alone', async () => {
    const dir = tempCase();
    const a = openCase(dir);
    const first = a.beginEvidence({ path: '/e/a.pcap', size: 10 });
    await commitFrames(a, first.id, 1, 3);
    a.abandonEvidence(first.id);
    expect(a.evidence(first.id)).toMatchObject({ status: 'incomplete', frameCount: 3 });
    const other = openCase(dir);
    const second = other.beginEvidence({ path: '/e/b.pcap', size: 10 });
    expect(second.id).toBe(first.id + 1);
    // A second import by the same connection does not mark the first one interrupted.
    const third = other.beginEvidence({ path: '/e/c.pcap', size: 10 });
    expect(other.evidence(second.id)!.status).toBe('ingesting');
    other.finishEvidence(third.id, { status: 'complete', sha256: 'cc' });
    expect(() => a.beginEvidence({ path: '/e/d.pcap', size: 10 })).toThrow(IngestBusyError);
    other.finishEvidence(second.id, { status: 'complete', sha256: 'bb' });
    expect(a.beginEvidence({ path: '/e/d.pcap', size: 10 }).id).toBe(third.id + 1);
  });
});
