/**
 * A large, realistic capture for crash tests, built once per run with our pcapng writer from the
 * corpus's Ethernet captures: impaired TCP downloads (netem_client), the DNS/HTTP/TLS mix at snaplen
 * 128 (many small frames: many index batches) and fragmented UDP, repeated with later timestamps
 * until the target size is reached. Deterministic: same corpus, same bytes.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseCapture, PcapngWriter, type FrameRecord } from '@wirewho/pcap';
import { corpusRoot } from './corpus.js';

interface Source { file: string; repeat: number }

const SOURCES: Source[] = [
  { file: 'netem_client.pcap', repeat: 1 },
  { file: 'lo_mix_snap128.pcap', repeat: 40 },
  { file: 'frag_client.pcap', repeat: 1 },
];

function framesOf(file: string): { tsNs: bigint; data: Uint8Array; origLen: number }[] {
  const out: { tsNs: bigint; data: Uint8Array; origLen: number }[] = [];
  parseCapture(new Uint8Array(readFileSync(path.join(corpusRoot, 'captures', file))), {
    onInterface() {},
    onFrame(f: FrameRecord) { out.push({ tsNs: f.tsNs, data: f.data.slice(), origLen: f.origLen }); },
    onSideBlock() {},
  });
  return out;
}

/** Writes the capture to `out`; returns its frame count and size. */
export function writeBigCapture(out: string, targetBytes: number): { frames: number; bytes: number } {
  const sources = SOURCES.map((s) => ({ ...s, frames: framesOf(s.file) }));
  const w = new PcapngWriter();
  const fd = openSync(out, 'w');
  let bytes = 0;
  let frames = 0;
  const put = (b: Uint8Array) => { writeSync(fd, b); bytes += b.length; };
  try {
    put(w.sectionHeader({ userAppl: 'wirewho crash-test generator' }));
    put(w.interfaceDescription({ linkType: 1, snapLen: 262144, name: 'synthetic0' }));
    // Each copy starts an hour after the previous one, so time stays monotonic.
    let base = 1_700_000_000_000_000_000n;
    while (bytes < targetBytes) {
      for (const s of sources) {
        for (let r = 0; r < s.repeat; r++) {
          const first = s.frames[0].tsNs;
          for (const f of s.frames) {
            put(w.enhancedPacket({ interfaceId: 0, tsNs: base + (f.tsNs - first), data: f.data, origLen: f.origLen }));
            frames++;
          }
          base += 3_600_000_000_000n;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return { frames, bytes };
}
