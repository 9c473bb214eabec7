/** Test support: run the parser over bytes in chunks and keep everything it delivered. */
import { CaptureParser, type CaptureParserOptions } from '../src/capture-parser.js';
import { CaptureFormatError, type FrameRecord, type InterfaceDescription, type SideBlock } from '../src/types.js';

export interface Collected {
  frames: FrameRecord[];
  interfaces: InterfaceDescription[];
  sideBlocks: SideBlock[];
  /** Order of callbacks: 'i' interface, 'f' frame, 's' side block. */
  events: string;
  error?: CaptureFormatError;
  parser: CaptureParser;
  maxRetained: number;
}

/** Parses `bytes` pushed in `chunkSize` slices (whole file when omitted); frame data is copied. */
export function collect(bytes: Uint8Array, chunkSize = bytes.length || 1, options?: CaptureParserOptions): Collected {
  const out: Collected = { frames: [], interfaces: [], sideBlocks: [], events: '', parser: new CaptureParser(options), maxRetained: 0 };
  const events: string[] = [];
  const sink = {
    onInterface: (i: InterfaceDescription) => { out.interfaces.push(i); events.push('i'); },
    onFrame: (f: FrameRecord) => { out.frames.push({ ...f, data: f.data.slice() }); events.push('f'); },
    onSideBlock: (b: SideBlock) => { out.sideBlocks.push(b); events.push('s'); },
  };
  const p = out.parser;
  try {
    for (let i = 0; i < bytes.length; i += chunkSize) {
      p.push(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)), sink);
      out.maxRetained = Math.max(out.maxRetained, p.retainedBytes);
    }
    p.end(sink);
  } catch (e) {
    if (!(e instanceof CaptureFormatError)) throw e;
    out.error = e;
  }
  out.events = events.join('');
  return out;
}

/** A comparable summary of a run (bigints and bytes made printable). */
export function fingerprint(c: Collected): unknown {
  return {
    frames: c.frames.map((f) => ({ ...f, tsNs: f.tsNs.toString(), data: `${f.data.length}:${fnv1a(f.data)}` })),
    interfaces: c.interfaces,
    sideBlocks: c.sideBlocks,
    events: c.events,
    error: c.error && { code: c.error.code, offset: c.error.offset, frame: c.error.frame },
  };
}

/** FNV-1a 32-bit: a cheap content check for big captures. */
export function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

export function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
