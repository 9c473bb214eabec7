import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseIndex, IndexVersionError } from './case-index.js';
import { appendFrame, createFrameBatch } from './frame-batch.js';
import { createBulkWriter } from './bulk-writer.js';
import { SCHEMA_VERSION } from './schema.js';

const dirs: string[] = [];
function tempCase(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'wirewho-index-'));
  dirs.push(d);
  return d;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function fillBatch(evidenceId: number, first: number, count: number) {
  const b = createFrameBatch(evidenceId, count);
  for (let i = 0; i < count; i++) {
    appendFrame(b, {
      number: first + i, fileOffset: 24 + i * 100, capLen: 60, origLen: 60,
      ts: { sec: 1_700_000_000, nsec: 123_456_789 + i, ns: 1_700_000_000_123_456_789n + BigInt(i) }, ifaceId: 0, ipVersion: 4, ipProto: 6, srcPort: 1000 + i, dstPort: 80,
      tcpFlags: 0x18, ipSrc: '10.0.0.1', ipDst: '10.0.0.2', protocol: 'TCP', info: `row ${i}`,
      comments: i === 0 ? ['PID: 42'] : undefined,
    });
  }
  b.framesTotal = first + count - 1;
  b.bytesIndexed = 24 + count * 100;
  return b;
}

describe('CaseIndex', () => {
  it('creates the schema and records the version', () => {
    const idx = CaseIndex.open(tempCase());
    expect(idx.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(idx.frameCount()).toBe(0);
    idx.close();
  });

  it('refuses an index from a newer version', () => {
    const dir = tempCase();
    CaseIndex.open(dir).close();
    const raw = new Database(path.join(dir, 'index.sqlite'));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => CaseIndex.open(dir)).toThrow(IndexVersionError);
  });

  for (const mode of ['inline', 'worker'] as const) {
    it(`bulk-loads frames with exact nanosecond timestamps (${mode})`, async () => {
      const idx = CaseIndex.open(tempCase());
      const ev = idx.beginEvidence({ path: '/evidence/x.pcap', size: 1234 });
      const writer = createBulkWriter(idx.dbPath, mode);
      await writer.write(fillBatch(ev.id, 1, 1000));
      await writer.write(fillBatch(ev.id, 1001, 500));
      await writer.flush();
      await writer.close();
      expect(idx.frameCount()).toBe(1500);
      const f = idx.frame(1)!;
      expect([f.tsSec, f.tsNsec]).toEqual([1_700_000_000, 123_456_789]);
      expect(f.comments).toBe('["PID: 42"]');
      expect(f.srcPort).toBe(1000);
      const evRow = idx.evidence(ev.id)!;
      expect(evRow.frameCount).toBe(1500);
      expect(evRow.firstFrame).toBe(1);
      expect(evRow.firstTsNs).toBe('1700000000123456789');
      expect(idx.nextFrameNumber()).toBe(1501);
      expect(idx.timeSpan().last).toEqual({ sec: 1_700_000_000, nsec: 123_456_789 + 999 });
      expect(idx.framesInRange(1001, 3).map((r) => r.number)).toEqual([1001, 1002, 1003]);
      idx.buildSecondaryIndexes();
      idx.close();
    });
  }
});
