/**
 * `pnpm exec tsx tests/bench/parse-bench.ts <file>`: capture-parser and frame-summary throughput on one
 * file held in memory (4 MiB chunks), best of 5 rounds. A benchmark: it prints numbers, it asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { CaptureParser, type CaptureSink } from '@wirewho/pcap';
import { summarizeFrame } from '@wirewho/protocols';

const file = process.argv[2];
if (!file) { console.error('usage: tsx tests/bench/parse-bench.ts <capture>'); process.exit(2); }
const bytes = readFileSync(file);
const CHUNK = 4 * 1024 * 1024;

function round(summarize: boolean): number {
  let frames = 0;
  const sink: CaptureSink = {
    onInterface() {},
    onFrame(f) { frames++; if (summarize) summarizeFrame(f.linkType, f.data, f.origLen); },
  };
  const p = new CaptureParser();
  const t0 = performance.now();
  for (let i = 0; i < bytes.length; i += CHUNK) p.push(bytes.subarray(i, i + CHUNK), sink);
  p.end(sink);
  return frames / ((performance.now() - t0) / 1000);
}

for (const summarize of [false, true]) {
  round(summarize);
  const best = Math.max(...Array.from({ length: 5 }, () => round(summarize)));
  console.log(`${summarize ? 'parse + summarizeFrame' : 'parse only'}: ${Math.round(best).toLocaleString('en-US')} frames/s`);
}
