/**
 * `pnpm bench:ingest <file> [--runs N] [--writer worker|inline]`: ingests a capture into a fresh case and
 * reports measured frames/s, MB/s and the process's peak RSS (ingest thread + writer thread). Numbers go in
 * the closing note; this is a benchmark, not a test.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' }, writer: { type: 'string', default: 'worker' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: pnpm bench:ingest <capture file> [--runs N] [--writer worker|inline]');
  process.exit(2);
}
const writer = values.writer === 'inline' ? 'inline' : 'worker';
const size = statSync(file).size;
const results: { seconds: number; frames: number; factIndexSeconds: number }[] = [];

for (let run = 0; run < Number(values.runs); run++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-bench-'));
  const index = CaseIndex.open(dir);
  const r = await ingestEvidenceFile(index, file, { writer });
  // The fact index (frame_fields) is built after ingest reports back; its time is reported apart.
  const t0 = performance.now();
  await r.factIndex;
  const factIndexSeconds = (performance.now() - t0) / 1000;
  const counts = index.db.prepare(`SELECT (SELECT count(*) FROM streams) AS streams, (SELECT count(*) FROM segments) AS segments,
    (SELECT count(*) FROM pdus) AS pdus, (SELECT count(*) FROM frame_fields) AS facts`).get();
  index.close();
  rmSync(dir, { recursive: true, force: true });
  results.push({ seconds: r.seconds, frames: r.frames, factIndexSeconds });
  console.log(`run ${run + 1}: ${r.frames} frames in ${r.seconds.toFixed(2)} s = ${Math.round(r.frames / r.seconds).toLocaleString('en-US')} frames/s, ${(size / 1e6 / r.seconds).toFixed(1)} MB/s (${r.evidence.status}); fact index +${factIndexSeconds.toFixed(2)} s; ${JSON.stringify(counts)}`);
}
const median = [...results].sort((a, b) => a.seconds - b.seconds)[Math.floor(results.length / 2)];
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({
  file, bytes: size, writer, runs: results.length, frames: median.frames, medianSeconds: Number(median.seconds.toFixed(3)),
  framesPerSecond: Math.round(median.frames / median.seconds), factIndexSeconds: Number(median.factIndexSeconds.toFixed(3)),
  peakRssMiB: Number(peakRssMiB.toFixed(1)),
}));
