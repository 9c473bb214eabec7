import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CaseIndex, IndexVersionError } from './case-index.js';
import { appendFrame, createFrameBatch } from './frame-batch.js';
import { createBulkWriter } from './bulk-writer.js';
import { factIndexes, migrations, SCHEMA_VERSION, secondaryIndexes } from './schema.js';

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

  /** A case at schema version 7 (facts indexed by (field, value)), raw. */
  function version7Case(facts: boolean): string {
    const dir = tempCase();
    const raw = new Database(path.join(dir, 'index.sqlite'));
    for (const m of migrations.slice(0, 7)) raw.exec(m as string);
    raw.exec(`INSERT INTO frames (number, evidence_id, file_offset, cap_len, orig_len, iface_id, ip_version, protocol)
      VALUES (1, 1, 24, 60, 60, 0, 4, 'DNS'), (2, 1, 84, 60, 60, 0, 4, 'DNS')`);
    if (facts) {
      raw.exec(`INSERT INTO frame_fields (frame, field, value) VALUES (2, 'dns.qry.name', 'b.test'), (1, 'dns.qry.name', 'a.test'),
        (2, 'dns.qry.name', 'a.test')`);
      raw.exec('CREATE INDEX frame_fields_field ON frame_fields(field, value)');
    }
    raw.pragma('user_version = 7');
    raw.close();
    return dir;
  }
  const indexesOn = (idx: CaseIndex, table: string) => (idx.db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?`)
    .all(table) as { name: string; sql: string }[]).map((r) => r.name);

  it('migration 8 replaces the fact index of a case with facts by the covering (field, value, frame) one', () => {
    const idx = CaseIndex.open(version7Case(true));
    expect(idx.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(indexesOn(idx, 'frame_fields')).toEqual(['frame_fields_value_frame']);
    const plan = (idx.db.prepare(`EXPLAIN QUERY PLAN SELECT frame FROM frame_fields WHERE field = ? AND value = ? ORDER BY frame`)
      .all('dns.qry.name', 'a.test') as { detail: string }[]).map((r) => r.detail);
    expect(plan).toEqual(['SEARCH frame_fields USING COVERING INDEX frame_fields_value_frame (field=? AND value=?)']);
    expect(idx.db.prepare(`SELECT frame FROM frame_fields WHERE field = ? AND value = ? ORDER BY frame`).pluck().all('dns.qry.name', 'a.test')).toEqual([1, 2]);
    expect(idx.frameFieldValues(2, 'dns.qry.name')).toEqual(['b.test', 'a.test']);
    idx.close();
  });

  it('migration 8 leaves a case without facts to build the fact index after its bulk load', () => {
    const idx = CaseIndex.open(version7Case(false));
    expect(idx.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(indexesOn(idx, 'frame_fields')).toEqual([]);
    for (const sql of factIndexes) idx.db.exec(sql);
    expect(indexesOn(idx, 'frame_fields')).toEqual(['frame_fields_value_frame']);
    idx.close();
    // A new case has none either: the bulk load does not maintain it.
    const fresh = CaseIndex.open(tempCase());
    expect(indexesOn(fresh, 'frame_fields')).toEqual([]);
    fresh.close();
  });

  it('migration 9 replaces the single-column address and port indexes of a case with frames by the ones with each end\'s family', () => {
    const dir = version7Case(false);
    const raw = new Database(path.join(dir, 'index.sqlite'));
    for (const c of ['ip_src', 'ip_dst', 'src_port', 'dst_port']) raw.exec(`CREATE INDEX frames_${c} ON frames(${c}) WHERE ${c} IS NOT NULL`);
    raw.close();
    const idx = CaseIndex.open(dir);
    expect(idx.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const NEW = ['frames_dst_port_p', 'frames_ip_dst_v', 'frames_ip_same', 'frames_ip_src_v', 'frames_port_same', 'frames_src_port_p'];
    expect(indexesOn(idx, 'frames').sort()).toEqual(NEW);
    const plan = (sql: string) => (idx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('10.0.0.1', '10.0.0.1') as { detail: string }[]).map((r) => r.detail);
    expect(plan('SELECT count(*) FROM frames WHERE ip_version = 4 AND ip_dst = ? AND ip_dst <> ?'))
      .toEqual(['SEARCH frames USING COVERING INDEX frames_ip_dst_v (ip_dst=? AND ip_version=?)']);
    expect(plan('SELECT count(*) FROM frames WHERE ip_version = 4 AND ip_src = ? AND ip_dst = ? AND ip_src = ip_dst'))
      .toEqual(['SEARCH frames USING COVERING INDEX frames_ip_same (ip_src=? AND ip_version=? AND ip_dst=?)']);
    idx.close();
    // A new case gets them with the other secondary indexes, after its first bulk load.
    const fresh = CaseIndex.open(tempCase());
    expect(indexesOn(fresh, 'frames')).toEqual([]);
    for (const sql of secondaryIndexes) fresh.db.exec(sql);
    expect(indexesOn(fresh, 'frames')).toEqual(expect.arrayContaining(NEW));
    fresh.close();
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
