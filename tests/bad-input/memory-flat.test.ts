/**
 * Memory follows configured caps, not file size: ingesting a 512 MB capture keeps the process's
 * resident memory growth far below the file size.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';
import { pcapHeader, pcapRecord, udpFrame } from '../helpers/hostile-captures.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-mem-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('ingest of a 512 MB capture grows RSS by far less than the file', async () => {
  const file = path.join(tmp, 'big.pcap');
  const fd = openSync(file, 'w');
  writeSync(fd, pcapHeader(1, 262144));
  const frame = Buffer.concat([udpFrame(0), Buffer.alloc(60_000, 0x41)]);
  const records = 8600;
  for (let i = 0; i < records; i++) writeSync(fd, pcapRecord(frame, 1_700_000_000 + i, 0));
  closeSync(fd);
  const fileBytes = 24 + records * (16 + frame.length);

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const index = CaseIndex.open(path.join(tmp, 'case'));
  const r = await ingestEvidenceFile(index, file, {
    progressIntervalMs: 0,
    onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); },
  });
  await r.factIndex;
  index.close();
  expect(r.evidence.status).toBe('complete');
  expect(r.frames).toBe(records);
  const growth = peak - baseline;
  expect(fileBytes).toBeGreaterThan(512e6);
  expect(growth).toBeLessThan(fileBytes / 4);
}, 120_000);
