/**
 * One fuzz case: a (mutated) capture through the pure pipeline — reader, frame summary, detail tree,
 * IP/TCP reassembly — in memory. A case ends either cleanly or with a typed CaptureFormatError that
 * names an offset; anything else is a bug.
 */
import { CaptureFormatError, CaptureParser, type CaptureSink } from '@wirewho/pcap';
import { dissectFrame, summarizeFrame } from '@wirewho/protocols';
import { FramePipeline } from '@wirewho/reassembly';

export interface CaseOutcome {
  frames: number;
  /** The typed fault, when the input was rejected part-way. */
  fault?: { code: string; offset: number };
  ms: number;
}

const CHUNK = 64 * 1024;

export function runCase(bytes: Uint8Array): CaseOutcome {
  const t0 = performance.now();
  const pipeline = new FramePipeline({});
  let frames = 0;
  const sink: CaptureSink = {
    onInterface() {},
    onFrame(f) {
      frames++;
      const s = summarizeFrame(f.linkType, f.data, f.origLen);
      if (s.info === undefined) throw new Error('summary without info');
      pipeline.push({ number: f.number, tsNs: f.tsNs, linkType: f.linkType, data: f.data, origLen: f.origLen });
      if (frames % 7 === 1) {
        dissectFrame(f.data, { number: f.number, linkType: f.linkType, tsNs: f.tsNs, capLen: f.capLen, origLen: f.origLen, interfaceId: f.interfaceId });
      }
    },
  };
  const parser = new CaptureParser();
  let fault: CaseOutcome['fault'];
  try {
    for (let o = 0; o < bytes.length; o += CHUNK) parser.push(bytes.subarray(o, o + CHUNK), sink);
    parser.end(sink);
  } catch (err) {
    if (!(err instanceof CaptureFormatError)) throw err;
    if (!Number.isInteger(err.offset) || err.offset < 0 || err.offset > bytes.length) {
      throw new Error(`fault offset ${err.offset} outside the file (${bytes.length} bytes)`, { cause: err });
    }
    fault = { code: err.code, offset: err.offset };
  }
  pipeline.end();
  return { frames, fault, ms: performance.now() - t0 };
}
