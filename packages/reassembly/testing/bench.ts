/**
 * Throughput of the pipeline on a corpus capture (default netem_client.pcap): frames are parsed
 * once into memory, then pushed through FramePipeline repeatedly. Run: npx tsx packages/reassembly/testing/bench.ts [file] [rounds]
 */
import { join } from 'node:path';
import { CaptureParser, type FrameRecord } from '@wirewho/pcap';
import { FramePipeline } from '../src/pipeline/frame-pipeline.js';
import { CORPUS, readCapture } from './corpus.js';

const file = process.argv[2] || join(CORPUS, 'captures', 'netem_client.pcap');
const rounds = Number(process.argv[3] ?? 20);
const frames: FrameRecord[] = [];
const parser = new CaptureParser();
const sink = { onInterface: () => {}, onFrame: (f: FrameRecord) => frames.push({ ...f, data: f.data.slice() }) };
parser.push(readCapture(file), sink);
parser.end(sink);

let segments = 0, bytes = 0;
const best: number[] = [];
for (let r = 0; r < rounds; r++) {
  let delivered = 0;
  const p = new FramePipeline({ data: (_s, _d, _o, b) => { delivered += b.length; } });
  let segs = 0;
  const t0 = performance.now();
  for (const f of frames) if (p.push(f).tcpStream >= 0) segs++;
  p.end();
  const ms = performance.now() - t0;
  best.push(ms);
  segments = segs;
  bytes = delivered;
}
best.sort((a, b) => a - b);
const ms = best[Math.floor(best.length / 2)];
console.log(`${file.split('/').pop()}: ${frames.length} frames, ${segments} TCP segments, ${(bytes / 1e6).toFixed(1)} MB delivered`);
console.log(`median ${ms.toFixed(1)} ms/round (best ${best[0].toFixed(1)}): ${(segments / ms / 1000).toFixed(2)} M segments/s, ${(frames.length / ms / 1000).toFixed(2)} M frames/s, ${(bytes / ms / 1e3).toFixed(0)} MB/s`);
