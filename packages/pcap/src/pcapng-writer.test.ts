/** PcapngWriter → CaptureParser round trips, and the same content hand-built big-endian. */
import { describe, expect, it } from 'vitest';
import { Bytes, block, concat, idb, options, payload, shb, u32, u64, type Opt } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { PcapngWriter } from './pcapng-writer.js';
import type { FrameRecord, SideBlock } from './types.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const strip = (f: FrameRecord): Omit<FrameRecord, 'recordOffset' | 'dataOffset'> => {
  const { recordOffset: _r, dataOffset: _d, ...rest } = f;
  return rest;
};

describe('PcapngWriter round trip', () => {
  const w = new PcapngWriter();
  const frames = [payload(1, 1), payload(60, 2), payload(1514, 3), payload(0, 4), payload(65535, 5)];
  const parts: Uint8Array[] = [
    w.sectionHeader({ userAppl: 'Wirewho 0.1', os: 'Linux', hardware: 'x86_64', comments: ['case 42', 'ünïcode ✓'] }),
    w.interfaceDescription({ linkType: 1, snapLen: 262144, name: 'eth0', description: 'uplink', filter: 'tcp', os: 'Linux 6.18', hardware: 'virtio', fcsLength: 0, comments: ['if comment'] }),
    w.interfaceDescription({ linkType: 276, tsResolution: { base: 10, exponent: 6 }, tsOffsetSeconds: 3600n }),
    w.interfaceDescription({ linkType: 101, tsResolution: { base: 2, exponent: 20 } }),
    w.processInfoBlock({ pid: 1234, name: 'curl', path: '/usr/bin/curl', argv: ['curl', 'https://example.com/'], ppid: 1, uid: 1000, user: 'alice', uuid: Uint8Array.from({ length: 16 }, (_, i) => i * 3), startTimeNs: 1767225600000000123n, comments: ['first process'] }),
    w.enhancedPacket({ interfaceId: 0, tsNs: 1_795_424_583_198_350_268n, data: frames[0], origLen: 1, comments: ['PID: 1234\nCmd: curl', 'two'], flags: 2, dropCount: 0n, packetId: 99n, queue: 1, processId: 1234, threadId: 1235, customOptions: [{ code: 2989, pen: 32622, data: Uint8Array.of(1, 2, 3) }, { code: 2988, pen: 7, data: enc('x') }] }),
    w.customBlock(12345, enc('opaque'), false),
    w.enhancedPacket({ interfaceId: 1, tsNs: 1_795_424_583_198_350_268n, data: frames[1], origLen: 1500 }),
    w.decryptionSecrets(0x544c534b, enc('CLIENT_RANDOM 00 11\n')),
    w.enhancedPacket({ interfaceId: 2, tsNs: 1_000_000_000n, data: frames[2], processId: 7, appleProcessIndex: 3, appleEffectiveProcessIndex: 4 }),
    w.sectionHeader(),
    w.interfaceDescription({ linkType: 1 }),
    w.enhancedPacket({ interfaceId: 0, tsNs: 0n, data: frames[3] }),
    w.enhancedPacket({ interfaceId: 0, tsNs: (1n << 64n) - 1n, data: frames[4] }),
  ];
  const file = concat(...parts);
  const c = collect(file);

  it('parses without error, every block 4-aligned', () => {
    expect(c.error).toBeUndefined();
    for (const p of parts) expect(p.length % 4).toBe(0);
    expect(c.events).toBe('siiisfsfsfsiff');
  });

  it('frames: bytes, lengths, interfaces and exact timestamps', () => {
    expect(c.frames.map((f) => [f.interfaceId, f.linkType, f.capLen, f.origLen, f.tsNs])).toEqual([
      [0, 1, 1, 1, 1_795_424_583_198_350_268n],
      [1, 276, 60, 1500, 1_795_424_583_198_350_000n], // µs interface: floored to µs (offset round-trips)
      [2, 101, 1514, 1514, 1_000_000_000n],
      [3, 1, 0, 0, 0n],
      [3, 1, 65535, 65535, (1n << 64n) - 1n],
    ]);
    c.frames.forEach((f, i) => expect(f.data).toEqual(frames[i]));
    expect(file.subarray(c.frames[2].dataOffset, c.frames[2].dataOffset + 1514)).toEqual(frames[2]);
  });

  it('frame options', () => {
    expect(c.frames[0]).toMatchObject({
      comments: ['PID: 1234\nCmd: curl', 'two'], flags: 2, dropCount: 0n, packetId: 99n, queue: 1, processId: 1234, threadId: 1235,
      customOptions: [
        { code: 2989, pen: 32622, data: Uint8Array.of(1, 2, 3), copyable: true },
        { code: 2988, pen: 7, data: enc('x'), copyable: true },
      ],
    });
    expect(c.frames[2]).toMatchObject({ processId: 7, threadId: 0, appleProcessIndex: 3, appleEffectiveProcessIndex: 4 });
    expect(c.frames[1].comments).toBeUndefined();
  });

  it('section, interface, custom, secrets and process-info blocks', () => {
    expect(c.sideBlocks[0]).toEqual({ kind: 'section', section: 0, offset: 0, bigEndian: false, major: 1, minor: 0, hardware: 'x86_64', os: 'Linux', userAppl: 'Wirewho 0.1', comments: ['case 42', 'ünïcode ✓'] });
    expect(c.interfaces[0]).toEqual({
      id: 0, section: 0, localId: 0, linkType: 1, snapLen: 262144, name: 'eth0', description: 'uplink', filter: 'tcp', os: 'Linux 6.18',
      hardware: 'virtio', fcsLength: 0, tsResolution: { base: 10, exponent: 9 }, tsOffsetSeconds: 0n, comments: ['if comment'],
    });
    expect(c.interfaces[1]).toMatchObject({ linkType: 276, tsResolution: { base: 10, exponent: 6 }, tsOffsetSeconds: 3600n });
    expect(c.interfaces[2].tsResolution).toEqual({ base: 2, exponent: 20 });
    expect(c.interfaces[3]).toMatchObject({ id: 3, section: 1, localId: 0 });
    const info = c.sideBlocks.find((b) => b.kind === 'process-info');
    expect(info).toEqual({
      kind: 'process-info', offset: (expect.any(Number) as number), section: 0, blockType: 0xbad, pid: 1234, name: 'curl', path: '/usr/bin/curl',
      argv: ['curl', 'https://example.com/'], cmdline: enc('curl\0https://example.com/'), ppid: 1, uid: 1000, user: 'alice',
      uuid: Uint8Array.from({ length: 16 }, (_, i) => i * 3), startTimeNs: 1767225600000000123n, comments: ['first process'],
    });
    expect(c.sideBlocks.find((b) => b.kind === 'custom')).toMatchObject({ blockType: 0x40000bad, pen: 12345, copyable: false, data: concat(enc('opaque'), new Uint8Array(2)) });
    expect(c.sideBlocks.find((b) => b.kind === 'decryption-secrets')).toMatchObject({ secretsType: 0x544c534b, data: enc('CLIENT_RANDOM 00 11\n') });
  });

  it('chunked reading gives the same records', () => {
    expect(collect(file, 1).frames).toEqual(c.frames);
    expect(collect(file, 5).sideBlocks).toEqual(c.sideBlocks);
  });

  it('refuses packets on undefined interfaces and out-of-range times', () => {
    const x = new PcapngWriter();
    x.sectionHeader();
    expect(() => x.enhancedPacket({ interfaceId: 0, tsNs: 0n, data: payload(1) })).toThrow(RangeError);
    x.interfaceDescription({ linkType: 1 });
    expect(() => x.enhancedPacket({ interfaceId: 0, tsNs: -1n, data: payload(1) })).toThrow(RangeError);
    expect(() => x.enhancedPacket({ interfaceId: 0, tsNs: 1n << 64n, data: payload(1) })).toThrow(RangeError);
    expect(() => x.interfaceDescription({ linkType: 70000 })).toThrow(RangeError);
    expect(x.interfaceCount).toBe(1);
  });
});

describe('big-endian pcapng built by hand reads like the LE writer output', () => {
  const data = [payload(33, 7), payload(64, 8)];
  const comments = ['PID: 42', 'second'];

  function beFile(): Uint8Array {
    const le = false;
    const epbBE = (ts: bigint, d: Uint8Array, opts: Opt[]): Uint8Array => {
      const b = new Bytes(le).u32(0).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).u32(d.length).u32(d.length).bytes(d).pad4().build();
      return block(le, 6, concat(b, options(le, opts)));
    };
    return concat(
      shb(le, [[4, 'Wirewho']]),
      idb(le, 1, 65535, [[2, 'eth0'], [9, Uint8Array.of(9)]]),
      epbBE(1_700_000_000_000_000_001n, data[0], [[1, comments[0]], [1, comments[1]], [2, u32(le, 1)], [4, u64(le, 5n)], [8, u32(le, 42, 43)], [2989, concat(u32(le, 32622), Uint8Array.of(9, 9))]]),
      epbBE(1_700_000_000_500_000_000n, data[1], []),
    );
  }

  function leFile(): Uint8Array {
    const w = new PcapngWriter();
    return concat(
      w.sectionHeader({ userAppl: 'Wirewho' }),
      w.interfaceDescription({ linkType: 1, snapLen: 65535, name: 'eth0' }),
      w.enhancedPacket({ interfaceId: 0, tsNs: 1_700_000_000_000_000_001n, data: data[0], comments, flags: 1, dropCount: 5n, processId: 42, threadId: 43, customOptions: [{ code: 2989, pen: 32622, data: Uint8Array.of(9, 9) }] }),
      w.enhancedPacket({ interfaceId: 0, tsNs: 1_700_000_000_500_000_000n, data: data[1] }),
    );
  }

  it('identical frames and interfaces; the section says big-endian', () => {
    const be = collect(beFile());
    const le = collect(leFile());
    expect(be.error).toBeUndefined();
    expect(le.error).toBeUndefined();
    expect(be.frames.map(strip)).toEqual(le.frames.map(strip));
    expect(be.interfaces).toEqual(le.interfaces);
    expect((be.sideBlocks[0] as Extract<SideBlock, { kind: 'section' }>).bigEndian).toBe(true);
    expect((le.sideBlocks[0] as Extract<SideBlock, { kind: 'section' }>).bigEndian).toBe(false);
    expect(be.frames[0]).toMatchObject({ comments, flags: 1, dropCount: 5n, processId: 42, threadId: 43 });
  });
});
