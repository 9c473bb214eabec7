/**
 * Issue-2 conformance: every corpus capture ingested through the real pipeline gives tshark's frame
 * count and, frame by frame, tshark's nanosecond timestamp, lengths, addresses and ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex, type FrameRowDb } from '@wirewho/index';
import { epochText, ingestEvidenceFile } from '@wirewho/engine';
import { corpusCaptures, readOracle } from '../helpers/corpus.js';
import { haveTshark, tsharkFields } from '../helpers/tshark.js';

const FIELDS = ['frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
  'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function first(v: string | undefined): string {
  return (v ?? '').split(',')[0] ?? '';
}

function ours(r: FrameRowDb): string[] {
  const v4 = r.ipVersion === 4;
  const v6 = r.ipVersion === 6;
  const port = (proto: number, p: number | null) => (r.ipProto === proto && p !== null ? String(p) : '');
  return [String(r.number), epochText(r), String(r.origLen), String(r.capLen),
    v4 ? r.ipSrc ?? '' : '', v4 ? r.ipDst ?? '' : '', v6 ? r.ipSrc ?? '' : '', v6 ? r.ipDst ?? '' : '',
    port(6, r.srcPort), port(6, r.dstPort), port(17, r.srcPort), port(17, r.dstPort)];
}

describe.runIf(haveTshark())('frames equal tshark on every corpus capture', () => {
  for (const capture of corpusCaptures()) {
    it(capture.name, async () => {
      const oracle = readOracle(capture);
      const caseDir = path.join(tmp, capture.name);
      const index = CaseIndex.open(caseDir);
      try {
        const result = await ingestEvidenceFile(index, capture.file, { writer: 'inline' });
        expect(result.evidence.sha256).toBe(oracle.capture.sha256);
        const expected = tsharkFields(capture.file, FIELDS);
        expect(result.frames).toBe(oracle.frame_count);
        expect(index.frameCount()).toBe(expected.length);
        const mismatches: string[] = [];
        let k = 0;
        for (const row of index.iterateFrames()) {
          const want = expected[k++].map(first);
          const got = ours(row);
          for (let c = 0; c < FIELDS.length; c++) {
            if (got[c] !== want[c]) mismatches.push(`frame ${row.number} ${FIELDS[c]}: ours=${got[c]} tshark=${want[c]}`);
          }
        }
        expect(mismatches.slice(0, 20)).toEqual([]);
        if (result.evidence.status === 'complete') {
          expect(result.evidence.frameCount).toBe(oracle.frame_count);
        }
      } finally {
        index.close();
      }
    });
  }
});
