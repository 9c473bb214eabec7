/** Long streams: bounded memory whatever the file size, and parse speed. */
import { describe, expect, it } from 'vitest';
import { concat, epb, idb, payload, pcapHeader, pcapRecord, shb } from '../testing/build.js';
import { CaptureParser } from './capture-parser.js';
import type { CaptureSink, FrameRecord } from './types.js';

const MiB = 1024 * 1024;

/**
 * Feeds `head` then `pattern` repeated until `total` bytes, in chunks of varying odd sizes cut
 * from one reused buffer (the parser must not keep references to a pushed chunk).
 */
function stream(p: CaptureParser, sink: CaptureSink, head: Uint8Array, pattern: Uint8Array, repeats: number): { maxRetained: number; bytes: number } {
  p.push(head, sink);
  const total = pattern.length * repeats;
  const buf = new Uint8Array(2 * MiB);
  const sizes = [1 * MiB + 13, 7, 64 * 1024 - 1, 2 * MiB, 333_333, 1];
  let done = 0;
  let k = 0;
  let maxRetained = 0;
  while (done < total) {
    const n = Math.min(sizes[k++ % sizes.length], total - done);
    for (let i = 0; i < n; ) {
      const at = (done + i) % pattern.length;
      const take = Math.min(n - i, pattern.length - at);
      buf.set(pattern.subarray(at, at + take), i);
      i += take;
    }
    p.push(buf.subarray(0, n), sink);
    done += n;
    maxRetained = Math.max(maxRetained, p.retainedBytes);
  }
  p.end(sink);
  return { maxRetained, bytes: head.length + total };
}

/** Records of mixed sizes, including a 256 KiB one that straddles many chunk boundaries. */
const SIZES = [60, 1514, 262144, 40, 9000, 1, 65535];

describe('200 MB streams keep the retained buffer small', () => {
  it('pcap', () => {
    const pattern = concat(...SIZES.map((n, i) => pcapRecord(true, 1_700_000_000 + i, i, payload(n, i))));
    const repeats = Math.ceil((200 * MiB) / pattern.length);
    const p = new CaptureParser();
    let frames = 0;
    let bytes = 0;
    let checked = 0;
    const sink: CaptureSink = {
      onInterface() {},
      onFrame(f: FrameRecord) {
        frames++;
        bytes += f.capLen;
        const i = (f.number - 1) % SIZES.length;
        if (f.capLen !== SIZES[i] || f.tsNs !== BigInt(1_700_000_000 + i) * 1_000_000_000n + BigInt(i * 1000)) throw new Error(`frame ${f.number} wrong`);
        if (f.number % 1001 === 0) {
          expect(f.data).toEqual(payload(SIZES[i], i));
          checked++;
        }
      },
    };
    const r = stream(p, sink, pcapHeader(true, 0xa1b2c3d4, 1, 262144), pattern, repeats);
    expect(r.bytes).toBeGreaterThanOrEqual(200 * MiB);
    expect(frames).toBe(repeats * SIZES.length);
    expect(bytes).toBe(repeats * SIZES.reduce((a, b) => a + b, 0));
    expect(checked).toBeGreaterThan(0);
    expect(p.bytesConsumed).toBe(r.bytes);
    console.log(`retained at most ${r.maxRetained} bytes`);
    expect(r.maxRetained).toBeLessThan(2 * MiB);
  }, 120_000);

  it('pcapng', () => {
    const pattern = concat(...SIZES.map((n, i) => epb(true, 0, BigInt(i), payload(n, i), i % 2 ? [[1, `c${i}`]] : [])));
    const repeats = Math.ceil((200 * MiB) / pattern.length);
    const p = new CaptureParser();
    let frames = 0;
    let comments = 0;
    const sink: CaptureSink = {
      onInterface() {},
      onFrame(f) {
        frames++;
        if (f.comments) comments++;
        if (f.capLen !== SIZES[(f.number - 1) % SIZES.length]) throw new Error(`frame ${f.number} wrong`);
      },
    };
    const r = stream(p, sink, concat(shb(true), idb(true, 1, 0, [[9, Uint8Array.of(9)]])), pattern, repeats);
    expect(frames).toBe(repeats * SIZES.length);
    expect(comments).toBe(repeats * 3);
    console.log(`retained at most ${r.maxRetained} bytes`);
    expect(r.maxRetained).toBeLessThan(2 * MiB);
  }, 120_000);
});
