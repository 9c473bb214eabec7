/**
 * Bad input through the whole ingest: each fault gives one clear error naming the file offset (and the
 * frame), keeps every frame before it, and marks the evidence incomplete (or failed when nothing was
 * readable). Nothing hangs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';
import { epb, idb, pcapHeader, pcapRecord, pcapWithFrames, shb, udpFrame } from '../helpers/hostile-captures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ingestBytes(name: string, bytes: Buffer) {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  const index = CaseIndex.open(path.join(tmp, `${name}.case`));
  try {
    const result = await ingestEvidenceFile(index, file, { writer: 'inline' });
    return { ...result, stored: index.frameCount() };
  } finally {
    index.close();
  }
}

describe('ingest of damaged evidence', () => {
  it('truncated in the middle of a record keeps the frames before it', async () => {
    const good = pcapWithFrames(10);
    const r = await ingestBytes('truncated.pcap', good.subarray(0, good.length - 7));
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(9);
    const lastRecordOffset = 24 + 9 * (16 + udpFrame(0).length);
    expect(r.evidence.errorOffset).toBe(lastRecordOffset);
    expect(r.evidence.error).toMatch(new RegExp(`offset ${lastRecordOffset}`));
    expect(r.evidence.errorFrame).toBe(10);
  });

  it('bad magic fails with offset 0 and indexes nothing', async () => {
    const r = await ingestBytes('magic.pcap', Buffer.from('this is not a capture file at all....'));
    expect(r.evidence.status).toBe('failed');
    expect(r.evidence.errorOffset).toBe(0);
    expect(r.stored).toBe(0);
  });

  it('an empty file fails clearly', async () => {
    const r = await ingestBytes('empty.pcap', Buffer.alloc(0));
    expect(r.evidence.status).toBe('failed');
    expect(r.evidence.error).toBeTruthy();
  });

  it('a pcapng block length that is not a multiple of 4 stops at that block', async () => {
    const bad = epb(udpFrame(1));
    bad.writeUInt32LE(bad.length - 2, 4);
    const file = Buffer.concat([shb(), idb(), epb(udpFrame(0)), bad, epb(udpFrame(2))]);
    const r = await ingestBytes('blocklen.pcapng', file);
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(1);
    expect(r.evidence.errorOffset).toBe(shb().length + idb().length + epb(udpFrame(0)).length);
  });

  it('an absurd pcapng block length does not allocate it', async () => {
    const bad = epb(udpFrame(1));
    bad.writeUInt32LE(0xfffffff0, 4);
    const r = await ingestBytes('absurd.pcapng', Buffer.concat([shb(), idb(), epb(udpFrame(0)), bad]));
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(1);
    expect(r.evidence.error).toMatch(/offset \d+/);
  });

  it('caplen beyond the block is refused', async () => {
    const bad = epb(udpFrame(1), 0, 4000);
    const r = await ingestBytes('caplen-block.pcapng', Buffer.concat([shb(), idb(), epb(udpFrame(0)), bad]));
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(1);
    expect(r.evidence.errorFrame).toBe(2);
  });

  it('caplen beyond 256 KiB is refused without reading it', async () => {
    const file = Buffer.concat([pcapHeader(), pcapRecord(udpFrame(0), 1, 0), pcapRecord(Buffer.alloc(0), 2, 0, 300 * 1024, 300 * 1024)]);
    const r = await ingestBytes('caplen-huge.pcap', file);
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(1);
    expect(r.evidence.errorFrame).toBe(2);
    expect(r.evidence.errorOffset).toBe(24 + 16 + udpFrame(0).length);
  });

  it('an EPB that names an interface not yet defined is refused', async () => {
    const r = await ingestBytes('no-idb.pcapng', Buffer.concat([shb(), idb(), epb(udpFrame(0)), epb(udpFrame(1), 3)]));
    expect(r.evidence.status).toBe('incomplete');
    expect(r.stored).toBe(1);
    expect(r.evidence.errorFrame).toBe(2);
  });

  it('a link type no registry knows is refused like tshark refuses it', async () => {
    const file = Buffer.concat([pcapHeader(4242), pcapRecord(Buffer.from('opaque bytes'), 1, 0)]);
    const r = await ingestBytes('linktype.pcap', file);
    expect(r.evidence.status).toBe('failed');
    expect(r.evidence.error).toMatch(/link type 4242/);
    expect(r.evidence.errorOffset).toBe(20);
    expect(r.stored).toBe(0);
  });

  it('a registered link type we do not decode is indexed with its bytes', async () => {
    const file = Buffer.concat([pcapHeader(160), pcapRecord(Buffer.from('opaque bytes'), 1, 0)]);
    const r = await ingestBytes('user13.pcap', file);
    expect(r.evidence.status).toBe('complete');
    expect(r.stored).toBe(1);
  });
});
