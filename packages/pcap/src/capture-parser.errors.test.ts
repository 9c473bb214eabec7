/** Hostile and broken inputs: each fault has its code, offset and frame number; earlier frames are kept. */
import { describe, expect, it } from 'vitest';
import { block, Bytes, concat, epb, idb, payload, pcapHeader, pcapRecord, shb, spb } from '../testing/build.js';
import { collect, type Collected } from '../testing/collect.js';
import { CaptureParser } from './capture-parser.js';
import { isKnownLinkType, isRegisteredLinkType } from './linktypes.js';
import { CaptureFormatError } from './types.js';

const MAGIC_US = 0xa1b2c3d4;

/** Same outcome whatever the chunking. */
function collectAll(bytes: Uint8Array): Collected {
  const whole = collect(bytes);
  for (const size of [1, 3, 13]) {
    const c = collect(bytes, size);
    expect(c.frames.length, `chunk ${size}`).toBe(whole.frames.length);
    expect(c.error && { ...c.error, message: c.error.message }, `chunk ${size}`).toEqual(whole.error && { ...whole.error, message: whole.error.message });
  }
  return whole;
}

function expectFault(c: Collected, code: string, offset: number, frame?: number): void {
  expect(c.error).toBeInstanceOf(CaptureFormatError);
  expect({ code: c.error!.code, offset: c.error!.offset, frame: c.error!.frame }).toEqual({ code, offset, frame });
  expect(c.parser.bytesConsumed).toBe(offset);
}

const pcapOk = concat(pcapHeader(true, MAGIC_US, 1), pcapRecord(true, 1, 0, payload(60)), pcapRecord(true, 2, 0, payload(70)));
const ngHead = concat(shb(true), idb(true, 1, 0));
const ngOk = concat(ngHead, epb(true, 0, 1n, payload(60)), epb(true, 0, 2n, payload(70)));

describe('empty and unrecognised files', () => {
  it('0 bytes is "empty"', () => {
    expectFault(collect(new Uint8Array(0)), 'empty', 0);
  });

  it('fewer bytes than a magic is truncated at 0', () => {
    expectFault(collectAll(Uint8Array.of(0xd4, 0xc3)), 'truncated', 0);
  });

  it('bad magic at offset 0', () => {
    const c = collectAll(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
    expectFault(c, 'bad-magic', 0);
    expect(c.parser.format).toBeUndefined();
  });

  it('a truncated pcap file header', () => {
    expectFault(collectAll(pcapHeader(true, MAGIC_US, 1).subarray(0, 20)), 'truncated', 0);
  });
});

describe('truncation mid-record', () => {
  it('pcap: the partial record is frame n+1 at its header offset', () => {
    const c = collectAll(pcapOk.subarray(0, pcapOk.length - 5));
    expect(c.frames).toHaveLength(1);
    expectFault(c, 'truncated', 24 + 16 + 60, 2);
  });

  it('pcap: inside a record header', () => {
    const c = collectAll(pcapOk.subarray(0, 24 + 16 + 60 + 7));
    expect(c.frames).toHaveLength(1);
    expectFault(c, 'truncated', 24 + 16 + 60, 2);
  });

  it('pcapng: inside an EPB (frame number) and inside a non-packet block (none)', () => {
    const c = collectAll(ngOk.subarray(0, ngOk.length - 1));
    expect(c.frames).toHaveLength(1);
    expectFault(c, 'truncated', ngOk.length - epb(true, 0, 2n, payload(70)).length, 2);
    const d = collectAll(ngHead.subarray(0, ngHead.length - 3));
    expect(d.interfaces).toHaveLength(0);
    expectFault(d, 'truncated', shb(true).length, undefined);
    // Fewer than 12 bytes of a block header: a frame number once the type says EPB.
    expectFault(collectAll(concat(ngOk, Uint8Array.of(6, 0, 0, 0, 32))), 'truncated', ngOk.length, 3);
    expectFault(collectAll(concat(ngOk, Uint8Array.of(6, 0, 0))), 'truncated', ngOk.length, undefined);
  });
});

describe('pcapng block lengths', () => {
  it('absurd length: refused from the 12-byte header, before buffering', () => {
    const evil = new Bytes(true).u32(6).u32(0x7ffffff0).u32(0).build();
    const file = concat(ngOk, evil);
    expectFault(collectAll(file), 'bad-block-length', ngOk.length, 3);
    // Streamed: the parser throws as soon as the header is in, holding next to nothing.
    const p = new CaptureParser();
    const sink = { onInterface() {}, onFrame() {} };
    p.push(ngOk, sink);
    expect(() => p.push(evil, sink)).toThrow(CaptureFormatError);
    expect(p.retainedBytes).toBeLessThan(64 * 1024);
    // The parser stays failed.
    expect(() => p.push(new Uint8Array(4), sink)).toThrow(/block length/);
    expect(() => p.end(sink)).toThrow(/block length/);
  });

  it('length not a multiple of 4', () => {
    const bad = new Bytes(true).u32(6).u32(34).bytes(new Uint8Array(26)).build();
    expectFault(collectAll(concat(ngOk, bad)), 'bad-block-length', ngOk.length, 3);
  });

  it('length below 12, and below the EPB minimum', () => {
    expectFault(collectAll(concat(ngHead, new Bytes(true).u32(4).u32(8).u32(8).build())), 'bad-block-length', ngHead.length);
    const shortEpb = new Bytes(true).u32(6).u32(28).u32(0).u32(0).u32(0).u32(0).u32(28).build();
    expectFault(collectAll(concat(ngHead, shortEpb)), 'bad-block-length', ngHead.length, 1);
  });

  it('trailing length differs from the header length', () => {
    const b = epb(true, 0, 3n, payload(8));
    const bad = b.slice();
    new DataView(bad.buffer).setUint32(bad.length - 4, b.length + 4, true);
    const c = collectAll(concat(ngOk, bad, epb(true, 0, 4n, payload(8))));
    expect(c.frames).toHaveLength(2);
    expectFault(c, 'bad-block-length', ngOk.length, 3);
  });

  it('a bad byte-order magic in a later SHB is bad-magic at that block', () => {
    const badShb = shb(true).slice();
    badShb.set([1, 2, 3, 4], 8);
    expectFault(collectAll(concat(ngOk, badShb)), 'bad-magic', ngOk.length);
  });
});

describe('packet lengths', () => {
  it('EPB caplen beyond its block', () => {
    const bad = epb(true, 0, 3n, payload(16), [], 100, 64); // says 64 captured bytes, block holds 16
    const c = collectAll(concat(ngOk, bad));
    expect(c.frames).toHaveLength(2);
    expectFault(c, 'caplen-beyond-block', ngOk.length, 3);
  });

  it('pcap caplen > 256 KiB is refused from the record header (not buffered)', () => {
    const hdr = new Bytes(true).u32(3).u32(0).u32(262145).u32(262145).build();
    const c = collectAll(concat(pcapOk, hdr, new Uint8Array(100)));
    expect(c.frames).toHaveLength(2);
    expectFault(c, 'caplen-too-large', pcapOk.length, 3);
    const p = new CaptureParser();
    const sink = { onInterface() {}, onFrame() {} };
    p.push(pcapOk, sink);
    expect(() => p.push(hdr, sink)).toThrow(/caplen 262145/);
    expect(p.retainedBytes).toBeLessThan(64 * 1024);
  });

  it('pcapng EPB caplen > 256 KiB', () => {
    const big = payload(300_000);
    const c = collectAll(concat(ngOk, epb(true, 0, 3n, big)));
    expect(c.frames).toHaveLength(2);
    expectFault(c, 'caplen-too-large', ngOk.length, 3);
    // With a larger limit the same file reads.
    expect(collect(concat(ngOk, epb(true, 0, 3n, big)), undefined, { maxCapLen: 300_000 }).frames[2].capLen).toBe(300_000);
  });
});

describe('interfaces', () => {
  it('EPB before any IDB', () => {
    const c = collectAll(concat(shb(true), epb(true, 0, 1n, payload(10))));
    expect(c.frames).toHaveLength(0);
    expectFault(c, 'unknown-interface', shb(true).length, 1);
  });

  it('EPB naming an interface the section lacks (ids restart per section)', () => {
    const sec2 = concat(shb(false), idb(false, 1));
    const c = collectAll(concat(ngHead, idb(true, 1), epb(true, 1, 1n, payload(10)), sec2, epb(false, 1, 1n, payload(10))));
    expect(c.frames).toHaveLength(1);
    expectFault(c, 'unknown-interface', ngHead.length + idb(true, 1).length + epb(true, 1, 1n, payload(10)).length + sec2.length, 2);
  });

  it('SPB before any IDB', () => {
    expectFault(collectAll(concat(shb(true), spb(true, 10, payload(10)))), 'unknown-interface', shb(true).length, 1);
  });

  it('registered link types we do not decode parse fine; isKnownLinkType says no', () => {
    const pc = collectAll(concat(pcapHeader(true, MAGIC_US, 160), pcapRecord(true, 1, 0, payload(23))));
    expect(pc.error).toBeUndefined();
    expect(pc.frames[0].linkType).toBe(160);
    expect(isKnownLinkType(160)).toBe(false);
    expect(isKnownLinkType(1)).toBe(true);
  });

  it('link types no registry assigns are refused at the header or IDB, like tshark', () => {
    const pc = collectAll(concat(pcapHeader(true, MAGIC_US, 4242), pcapRecord(true, 1, 0, payload(23))));
    expect(pc.error?.code).toBe('unknown-link-type');
    expect(pc.error?.offset).toBe(20);
    expect(pc.frames).toHaveLength(0);
    const first = concat(shb(true), idb(true, 1), epb(true, 0, 1n, payload(5)));
    const ng = collectAll(concat(first, idb(true, 65000), epb(true, 1, 1n, payload(5))));
    expect(ng.error?.code).toBe('unknown-link-type');
    expect(ng.error?.offset).toBe(first.length);
    expect(ng.frames).toHaveLength(1);
    expect(isRegisteredLinkType(300)).toBe(false);
    expect(isRegisteredLinkType(276)).toBe(true);
  });
});

describe('parser contract', () => {
  it('end() twice, push after end', () => {
    const p = new CaptureParser();
    const sink = { onInterface() {}, onFrame() {} };
    p.push(pcapOk, sink);
    p.end(sink);
    expect(() => p.push(pcapOk, sink)).toThrow(/end\(\)/);
  });

  it('rejects a nonsensical maxCapLen', () => {
    expect(() => new CaptureParser({ maxCapLen: 0 })).toThrow(RangeError);
  });

  it('unknown block in the middle: skipped by length', () => {
    const c = collectAll(concat(ngHead, block(true, 0x12345678, new Uint8Array(20)), epb(true, 0, 1n, payload(4))));
    expect(c.error).toBeUndefined();
    expect(c.frames).toHaveLength(1);
  });
});
