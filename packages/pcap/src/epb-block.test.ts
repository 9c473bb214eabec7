/** An EPB read back by itself and copied into a new file: exact units, options kept, Apple indexes dropped. */
import { describe, expect, it } from 'vitest';
import { concat, epb, idb, payload, shb } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { copyEpbOptions, EPB_HEADER_BYTES, readEpbBlock, readEpbHead } from './epb-block.js';
import { PcapngWriter } from './pcapng-writer.js';

describe('readEpbBlock / copyEpbOptions', () => {
  const w = new PcapngWriter();
  const data = payload(61, 9);
  const source = concat(
    w.sectionHeader(),
    // 2^-20 s units: a count of units is not a whole number of ns, so only the units copy is exact.
    w.interfaceDescription({ linkType: 1, tsResolution: { base: 2, exponent: 20 } }),
    w.enhancedPacket({
      interfaceId: 0, tsNs: 0n, tsUnits: 1_795_424_583n * 1_048_576n + 777n, data, origLen: 1500, comments: ['hello', 'PID: 5'], flags: 2,
      packetId: 7n, processId: 5, threadId: 6, appleProcessIndex: 3, customOptions: [{ code: 2989, pen: 99, data: Uint8Array.of(1, 2, 3) }],
    }),
  );
  const src = collect(source);
  const frame = src.frames[0];
  const start = frame.dataOffset - EPB_HEADER_BYTES;

  it('finds the block from the frame data offset', () => {
    const head = readEpbHead(source.subarray(start, start + 8));
    expect(head?.le).toBe(true);
    const b = readEpbBlock(source.subarray(start))!;
    expect(b.capLen).toBe(61);
    expect(b.origLen).toBe(1500);
    expect(b.tsUnits).toBe(1_795_424_583n * 1_048_576n + 777n);
  });

  it('copies options byte for byte minus dropped codes, into a file that reads back the same', () => {
    const block = source.subarray(start);
    const b = readEpbBlock(block)!;
    const copied = copyEpbOptions(block, b, new Set([0x8001]));
    expect(copied.comments).toEqual(['hello', 'PID: 5']);
    expect(copied.codes).not.toContain(0x8001);
    const w2 = new PcapngWriter();
    const out = concat(
      w2.sectionHeader(),
      w2.interfaceDescription({ linkType: 1, tsResolution: { base: 2, exponent: 20 } }),
      w2.enhancedPacket({ interfaceId: 0, tsNs: 0n, tsUnits: b.tsUnits, data, origLen: b.origLen, comments: ['analyst'], rawOptions: copied.bytes }),
    );
    const f = collect(out).frames[0];
    expect(f.tsNs).toBe(frame.tsNs);
    expect(f.comments).toEqual(['analyst', 'hello', 'PID: 5']);
    expect(f.flags).toBe(2);
    expect(f.packetId).toBe(7n);
    expect([f.processId, f.threadId]).toEqual([5, 6]);
    expect(f.customOptions?.map((c) => c.pen)).toEqual([99]);
    expect(f.appleProcessIndex).toBeUndefined();
    const outStart = f.dataOffset - EPB_HEADER_BYTES;
    expect(readEpbBlock(out.subarray(outStart))!.tsUnits).toBe(b.tsUnits);
  });

  it('tells big-endian blocks and rejects what is not an EPB', () => {
    const be = concat(shb(false), idb(false, 1), epb(false, 0, 1n, payload(4)));
    const parsed = collect(be);
    const at = parsed.frames[0].dataOffset - EPB_HEADER_BYTES;
    expect(readEpbHead(be.subarray(at))?.le).toBe(false);
    expect(readEpbBlock(be.subarray(at))?.capLen).toBe(4);
    expect(() => copyEpbOptions(be.subarray(at), readEpbBlock(be.subarray(at))!)).toThrow(/little-endian/);
    expect(readEpbHead(be.subarray(0, 8))).toBeNull();
    expect(readEpbBlock(source.subarray(start, start + 20))).toBeNull();
  });
});
