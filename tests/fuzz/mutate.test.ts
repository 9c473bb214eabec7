/** The capture mutators do what their names say (on small hand-built pcap and pcapng files). */
import { describe, expect, it } from 'vitest';
import { CaptureFormatError, CaptureParser, type FrameRecord } from '@wirewho/pcap';
import { summarizeFrame } from '@wirewho/protocols';
import { MUTATORS, recordOffsets, rng } from './mutate.js';

const FRAME = Uint8Array.from([...Array(12).fill(2), 0x08, 0x00, 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 0, 53, 0, 53, 0, 8, 0, 0]);

function pcap(frames: number): Uint8Array {
  const out = new Uint8Array(24 + frames * (16 + FRAME.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true); dv.setUint16(4, 2, true); dv.setUint16(6, 4, true); dv.setUint32(16, 65535, true); dv.setUint32(20, 1, true);
  for (let i = 0, p = 24; i < frames; i++, p += 16 + FRAME.length) {
    dv.setUint32(p + 8, FRAME.length, true); dv.setUint32(p + 12, FRAME.length, true);
    out.set(FRAME, p + 16);
  }
  return out;
}

function pcapng(frames: number): Uint8Array {
  const epb = 32 + ((FRAME.length + 3) & ~3);
  const out = new Uint8Array(28 + 20 + frames * epb);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x0a0d0d0a, true); dv.setUint32(4, 28, true); dv.setUint32(8, 0x1a2b3c4d, true); dv.setUint16(12, 1, true);
  dv.setBigInt64(16, -1n, true); dv.setUint32(24, 28, true);
  dv.setUint32(28, 1, true); dv.setUint32(32, 20, true); dv.setUint16(36, 1, true); dv.setUint32(40, 65535, true); dv.setUint32(44, 20, true);
  for (let i = 0, p = 48; i < frames; i++, p += epb) {
    dv.setUint32(p, 6, true); dv.setUint32(p + 4, epb, true); dv.setUint32(p + 20, FRAME.length, true); dv.setUint32(p + 24, FRAME.length, true);
    out.set(FRAME, p + 28);
    dv.setUint32(p + epb - 4, epb, true);
  }
  return out;
}

/** Frames of a file, or the typed fault that stopped the reader (anything else throws). */
function parse(bytes: Uint8Array): { frames: FrameRecord[]; fault?: CaptureFormatError } {
  const frames: FrameRecord[] = [];
  const parser = new CaptureParser();
  const sink = { onInterface() {}, onFrame(f: FrameRecord) { frames.push({ ...f, data: f.data.slice() }); } };
  try {
    parser.push(bytes, sink);
    parser.end(sink);
  } catch (err) {
    if (!(err instanceof CaptureFormatError)) throw err;
    return { frames, fault: err };
  }
  return { frames };
}

describe('mutators', () => {
  it('the hand-built files are valid', () => {
    expect(parse(pcap(3)).frames).toHaveLength(3);
    expect(parse(pcapng(3)).frames).toHaveLength(3);
    expect(recordOffsets(pcapng(3))).toEqual([0, 28, 48, 124, 200]);
  });

  it('cope with inputs too small to hold a header', () => {
    for (const [name, m] of Object.entries(MUTATORS)) {
      for (const size of [0, 1, 3, 23]) {
        expect(() => m(new Uint8Array(size), rng(size)), `${name} on ${size} bytes`).not.toThrow();
      }
    }
  });

  it('hugeCaplen sets a captured length far past the snap length, and the reader rejects it with an offset', () => {
    for (const [kind, file] of [['pcap', pcap(4)], ['pcapng', pcapng(4)]] as const) {
      for (let s = 0; s < 10; s++) {
        const out = MUTATORS.hugeCaplen(file, rng(s));
        const dv = new DataView(out.buffer);
        const capField = (p: number) => (kind === 'pcap' ? p + 8 : p + 20);
        const caps = recordOffsets(file).filter((p) => kind === 'pcap' || dv.getUint32(p, true) === 6).map((p) => dv.getUint32(capField(p), true));
        expect(Math.max(...caps), `${kind} seed ${s}`).toBeGreaterThan(65_535);
        const r = parse(out);
        expect(r.fault, `${kind} seed ${s}`).toBeInstanceOf(CaptureFormatError);
      }
    }
  });

  it('absurdOptionLength gives a pcapng block an option that runs past the block', () => {
    let absurd = 0;
    for (let s = 0; s < 20; s++) {
      const out = MUTATORS.absurdOptionLength(pcapng(3), rng(s));
      const dv = new DataView(out.buffer);
      for (const p of recordOffsets(out)) {
        const type = dv.getUint32(p, true);
        const len = dv.getUint32(p + 4, true);
        const opt = type === 0x0a0d0d0a ? p + 24 : type === 1 ? p + 16 : type === 6 ? p + 28 + ((dv.getUint32(p + 20, true) + 3) & ~3) : -1;
        if (opt < 0 || opt + 4 > p + len - 4) continue;
        if (opt + 4 + dv.getUint16(opt + 2, true) > p + len - 4) { absurd++; break; }
      }
      parse(out); // ends cleanly or with a typed fault
    }
    expect(absurd).toBeGreaterThanOrEqual(15);
  });

  it('fragmentFlood appends hundreds of IPv4/IPv6 fragments the reader and decoders see as fragments', () => {
    for (const file of [pcap(2), pcapng(2)]) {
      const { frames, fault } = parse(MUTATORS.fragmentFlood(file, rng(5)));
      expect(fault).toBeUndefined();
      expect(frames.length).toBeGreaterThan(100);
      const added = frames.slice(2);
      const fragments = added.filter((f) => summarizeFrame(f.linkType, f.data, f.origLen).ipFragment);
      expect(fragments.length).toBeGreaterThan(added.length * 0.8);
      expect(added.some((f) => f.data[12] === 0x86)).toBe(true);
    }
  });

  it('sequenceChaos rewrites TCP sequence/ack bytes, changeLinkType the link type', () => {
    const file = pcap(3);
    expect(MUTATORS.sequenceChaos(file, rng(1))).not.toEqual(file);
    const linked = MUTATORS.changeLinkType(file, rng(2));
    expect(new DataView(linked.buffer).getUint32(20, true)).not.toBe(1);
  });
});
