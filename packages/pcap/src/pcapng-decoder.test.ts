import { describe, expect, it } from 'vitest';
import { block, Bytes, concat, epb, idb, payload, shb, spb, u32, u64, type Opt } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { CaptureParser } from './capture-parser.js';
import type { SideBlock } from './types.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const byKind = <K extends SideBlock['kind']>(blocks: SideBlock[], kind: K): Extract<SideBlock, { kind: K }>[] =>
  blocks.filter((b): b is Extract<SideBlock, { kind: K }> => b.kind === kind);

describe('pcapng: sections, byte order, interface numbering', () => {
  it('mixed-endian sections restart local interface ids; global ids keep counting', () => {
    const file = concat(
      shb(true, [[2, 'hw-A'], [3, 'os-A'], [4, 'app-A'], [1, 'first'], [1, 'second']]),
      idb(true, 1, 65535, [[2, 'eth0']]),
      idb(true, 101, 0, [[2, 'tun0']]),
      epb(true, 1, 1000n, payload(40, 1)),
      epb(true, 0, 2000n, payload(50, 2)),
      shb(false, [[4, 'app-B']], [1, 2]),
      idb(false, 113, 128, [[2, 'any']]),
      epb(false, 0, 3000n, payload(60, 3)),
      shb(true),
      idb(true, 276),
      epb(true, 0, 4000n, payload(70, 4)),
    );
    const c = collect(file);
    expect(c.error).toBeUndefined();
    expect(c.parser.format).toBe('pcapng');
    expect(c.events).toBe('siiffsifsif');
    expect(c.interfaces.map((i) => [i.id, i.section, i.localId, i.linkType, i.snapLen, i.name])).toEqual([
      [0, 0, 0, 1, 65535, 'eth0'],
      [1, 0, 1, 101, 0, 'tun0'],
      [2, 1, 0, 113, 128, 'any'],
      [3, 2, 0, 276, 0, undefined],
    ]);
    expect(c.frames.map((f) => [f.number, f.interfaceId, f.linkType, f.tsNs, f.capLen])).toEqual([
      [1, 1, 101, 1_000_000n, 40],
      [2, 0, 1, 2_000_000n, 50],
      [3, 2, 113, 3_000_000n, 60],
      [4, 3, 276, 4_000_000n, 70],
    ]);
    expect(c.frames[2].data).toEqual(payload(60, 3));
    const sections = byKind(c.sideBlocks, 'section');
    expect(sections).toEqual([
      { kind: 'section', section: 0, offset: 0, bigEndian: false, major: 1, minor: 0, hardware: 'hw-A', os: 'os-A', userAppl: 'app-A', comments: ['first', 'second'] },
      { kind: 'section', section: 1, offset: sections[1].offset, bigEndian: true, major: 1, minor: 2, userAppl: 'app-B', comments: [] },
      { kind: 'section', section: 2, offset: sections[2].offset, bigEndian: false, major: 1, minor: 0, comments: [] },
    ]);
    expect(c.parser.interfaces).toEqual(c.interfaces);
    expect(c.parser.bytesConsumed).toBe(file.length);
  });

  it('a section with only an SHB (and a file of just that) is valid', () => {
    const c = collect(shb(false));
    expect(c.error).toBeUndefined();
    expect(c.frames).toHaveLength(0);
  });
});

describe('pcapng: interface description options', () => {
  for (const le of [true, false]) {
    it(`all IDB options (${le ? 'LE' : 'BE'})`, () => {
      const opts: Opt[] = [
        [1, 'c1'], [1, 'c2'], [2, 'eth0'], [3, 'uplink\0junk'], [9, Uint8Array.of(9)], [11, concat(Uint8Array.of(0), enc('tcp port 80'))],
        [12, 'Linux 6.18'], [13, Uint8Array.of(4)], [14, u64(le, 10n)], [15, 'virtio'], [4, Uint8Array.of(10, 0, 0, 1, 255, 255, 255, 0)],
      ];
      const c = collect(concat(shb(le), idb(le, 1, 262144, opts), epb(le, 0, 5n, payload(10))));
      expect(c.interfaces[0]).toEqual({
        id: 0, section: 0, localId: 0, linkType: 1, snapLen: 262144, name: 'eth0', description: 'uplink', filter: 'tcp port 80',
        os: 'Linux 6.18', hardware: 'virtio', tsResolution: { base: 10, exponent: 9 }, tsOffsetSeconds: 10n, fcsLength: 4, comments: ['c1', 'c2'],
      });
      expect(c.frames[0].tsNs).toBe(10_000_000_005n);
    });
  }

  it('a non-string filter kind (BPF program) is not shown as text', () => {
    const c = collect(concat(shb(true), idb(true, 1, 0, [[11, Uint8Array.of(1, 0, 0, 0, 6, 0, 0, 0)]])));
    expect(c.interfaces[0].filter).toBeUndefined();
  });
});

describe('pcapng: timestamps by if_tsresol and if_tsoffset', () => {
  const cases: [string, Opt[], bigint, bigint][] = [
    ['default 10^-6', [], 1_700_000_000_123_456n, 1_700_000_000_123_456_000n],
    ['10^-9', [[9, Uint8Array.of(9)]], 1_700_000_000_123_456_789n, 1_700_000_000_123_456_789n],
    ['10^-3', [[9, Uint8Array.of(3)]], 1_700_000_000_123n, 1_700_000_000_123_000_000n],
    ['10^0', [[9, Uint8Array.of(0)]], 1_700_000_000n, 1_700_000_000_000_000_000n],
    ['10^-1', [[9, Uint8Array.of(1)]], 17_000_000_001n, 1_700_000_000_100_000_000n],
    ['10^-12 (floored)', [[9, Uint8Array.of(12)]], 12_345_678_901_234_567_899n, 12_345_678_901_234_567n],
    ['2^-10', [[9, Uint8Array.of(0x80 | 10)]], 1_700_000_000n * 1024n + 512n, 1_700_000_000_500_000_000n],
    ['2^-30 (floored)', [[9, Uint8Array.of(0x80 | 30)]], (1n << 30n) * 5n + 1n, 5_000_000_000n],
    ['2^-32 with offset', [[9, Uint8Array.of(0x80 | 32)], [14, u64(true, 100n)]], 3n << 31n, 101_500_000_000n],
    ['negative offset', [[14, u64(true, -60n)]], 90_000_000n, 30_000_000_000n],
    ['2038+ and high word change (µs)', [], (1n << 32n) * 600n + 5n, ((1n << 32n) * 600n + 5n) * 1000n],
  ];
  it.each(cases)('%s', (_n, opts, units, wantNs) => {
    const c = collect(concat(shb(true), idb(true, 1, 0, opts), epb(true, 0, units, payload(8)), epb(true, 0, units + 1n, payload(8))));
    expect(c.error).toBeUndefined();
    expect(c.frames[0].tsNs).toBe(wantNs);
    expect(c.frames[1].tsNs).toBeGreaterThanOrEqual(wantNs);
  });

  it('consecutive frames across a high-word change stay exact (cache invalidation)', () => {
    const base = (1n << 32n) - 2n;
    const blocks = [shb(true), idb(true, 1, 0, [[9, Uint8Array.of(9)]])];
    for (let i = 0n; i < 5n; i++) blocks.push(epb(true, 0, base + i, payload(4)));
    const c = collect(concat(...blocks));
    expect(c.frames.map((f) => f.tsNs)).toEqual([0n, 1n, 2n, 3n, 4n].map((i) => base + i));
  });
});

describe('pcapng: packet options', () => {
  for (const le of [true, false]) {
    it(`EPB options (${le ? 'LE' : 'BE'})`, () => {
      const custom = (code: number, pen: number, data: string): Opt => [code, concat(u32(le, pen), enc(data))];
      const opts: Opt[] = [
        [1, 'PID: 1\nCmd: curl'], [1, 'second comment'],
        [2, u32(le, 0x2 | (4 << 5))], [3, Uint8Array.of(2, 1, 2, 3, 4)], [4, u64(le, 7n)], [5, u64(le, 0x1_0000_0001n)], [6, u32(le, 3)],
        [8, u32(le, 4242, 4243)],
        custom(2988, 32473, 'text'), custom(2989, 99, 'bin'), custom(19372, 1, 'nc-text'), custom(19373, 2, ''),
        [0x8001, u32(le, 5)], [0x8003, u32(le, 6)], [0x8004, u32(le, 0x11)],
      ];
      const c = collect(concat(shb(le), idb(le, 1), epb(le, 0, 1n, payload(33), opts, 1500)));
      expect(c.error).toBeUndefined();
      const f = c.frames[0];
      expect(f).toMatchObject({
        capLen: 33, origLen: 1500, comments: ['PID: 1\nCmd: curl', 'second comment'], flags: 0x82, fcsLength: 4, dropCount: 7n,
        packetId: 0x1_0000_0001n, queue: 3, processId: 4242, threadId: 4243, appleProcessIndex: 5, appleEffectiveProcessIndex: 6,
      });
      expect(f.customOptions).toEqual([
        { code: 2988, pen: 32473, data: enc('text'), copyable: true },
        { code: 2989, pen: 99, data: enc('bin'), copyable: true },
        { code: 19372, pen: 1, data: enc('nc-text'), copyable: false },
        { code: 19373, pen: 2, data: new Uint8Array(0), copyable: false },
        { code: 0x8004, pen: 0, data: u32(le, 0x11), copyable: false },
      ]);
      expect(f.data).toEqual(payload(33));
    });
  }

  it('options without an end marker stop at the end of the block; an overlong option stops the list', () => {
    const body = new Bytes(true).u32(0).u32(0).u32(1).u32(4).u32(4).bytes(payload(4))
      .u16(1).u16(2).str('ok').pad4() // comment, no opt_endofopt after it
      .build();
    const bad = new Bytes(true).u32(0).u32(0).u32(1).u32(4).u32(4).bytes(payload(4))
      .u16(1).u16(3).str('yes').pad4().u16(1).u16(200).str('past the end').pad4().build();
    const c = collect(concat(shb(true), idb(true, 1), block(true, 6, body), block(true, 6, bad)));
    expect(c.error).toBeUndefined();
    expect(c.frames.map((f) => f.comments)).toEqual([['ok'], ['yes']]);
  });

  it('a frame without options has none of the optional fields', () => {
    const c = collect(concat(shb(true), idb(true, 1), epb(true, 0, 1n, payload(3))));
    expect(Object.keys(c.frames[0]).sort()).toEqual(
      ['capLen', 'data', 'dataOffset', 'hasTimestamp', 'interfaceId', 'linkType', 'number', 'origLen', 'recordOffset', 'tsNs'].sort(),
    );
    expect(c.frames[0].dataOffset).toBe(c.frames[0].recordOffset + 28);
  });
});

describe('pcapng: SPB and obsolete PB', () => {
  it('SPB: interface 0, no timestamp, caplen = min(origLen, snaplen, data area)', () => {
    const c = collect(concat(
      shb(true), idb(true, 1, 96),
      spb(true, 314, payload(96)), // snaplen-bound
      spb(true, 60, payload(60)), // origLen-bound (no padding needed)
      spb(true, 62, payload(64)), // origLen < area (padding)
    ));
    expect(c.error).toBeUndefined();
    expect(c.frames.map((f) => [f.capLen, f.origLen, f.hasTimestamp, f.tsNs, f.interfaceId])).toEqual([
      [96, 314, false, 0n, 0], [60, 60, false, 0n, 0], [62, 62, false, 0n, 0],
    ]);
    const unlimited = collect(concat(shb(true), idb(true, 1, 0), spb(true, 500, payload(100))));
    expect(unlimited.frames[0].capLen).toBe(100); // data area bound
  });

  it('PB: 16-bit interface id, drops count (0xFFFF = unknown), pack_flags', () => {
    const pb = (ifId: number, drops: number, opts: Opt[]): Uint8Array => {
      const d = payload(10);
      const b = new Bytes(false).u16(ifId).u16(drops).u32(0).u32(2_000_000).u32(d.length).u32(d.length).bytes(d).pad4().build();
      const o = new Bytes(false);
      for (const [code, v] of opts) {
        const val = typeof v === 'string' ? enc(v) : v;
        o.u16(code).u16(val.length).bytes(val).pad4();
      }
      return block(false, 2, concat(b, o.build()));
    };
    const c = collect(concat(shb(false), idb(false, 1), idb(false, 105), pb(1, 3, [[2, u32(false, 1)], [1, 'old']]), pb(0, 0xffff, [])));
    expect(c.error).toBeUndefined();
    expect(c.frames[0]).toMatchObject({ interfaceId: 1, linkType: 105, dropCount: 3n, flags: 1, comments: ['old'], tsNs: 2_000_000_000n });
    expect(c.frames[1].dropCount).toBeUndefined();
  });
});

describe('pcapng: side blocks', () => {
  it('NRB, ISB, DSB, custom blocks, unknown blocks', () => {
    const le = false;
    const nrbBody = new Bytes(le)
      .u16(1).u16(4 + 20).bytes([10, 0, 0, 1]).str('a.example\0b.example\0').pad4()
      .u16(2).u16(16 + 6).bytes(new Uint8Array(15)).u8(1).str('v6\0\0\0\0').pad4()
      .u16(3).u16(6 + 4).bytes([1, 2, 3, 4, 5, 6]).str('mac\0').pad4()
      .u16(0).u16(0).build();
    const isbBody = concat(
      u32(le, 0, 0, 5_000_000),
      new Bytes(le).u16(4).u16(8).u64(100n).u16(5).u16(8).u64(2n).u16(7).u16(8).u64(1n).u16(6).u16(8).u64(90n).u16(8).u16(8).u64(88n).u16(0).u16(0).build(),
    );
    const dsbBody = concat(u32(le, 0x544c534b, 5), enc('keys!'));
    const file = concat(
      shb(le), idb(le, 1, 0, [[9, Uint8Array.of(9)]]),
      block(le, 4, nrbBody),
      block(le, 5, isbBody),
      block(le, 0x0a, dsbBody),
      block(le, 0xbad, concat(u32(le, 12345), enc('hello'))),
      block(le, 0x40000bad, concat(u32(le, 1), new Uint8Array(4))),
      block(le, 0x00000201, new Uint8Array(8)), // Sysdig: unknown here
      epb(le, 0, 1n, payload(4)),
    );
    const c = collect(file);
    expect(c.error).toBeUndefined();
    expect(c.frames).toHaveLength(1);
    const [nrb] = byKind(c.sideBlocks, 'name-resolution');
    expect(nrb.records.map((r) => [r.type, Array.from(r.address), r.names])).toEqual([
      [1, [10, 0, 0, 1], ['a.example', 'b.example']],
      [2, [...new Array<number>(15).fill(0), 1], ['v6']],
      [3, [1, 2, 3, 4, 5, 6], ['mac']],
    ]);
    expect(byKind(c.sideBlocks, 'interface-statistics')).toEqual([
      { kind: 'interface-statistics', offset: (expect.any(Number) as number), interfaceId: 0, tsNs: 5_000_000n, received: 100n, dropped: 2n, osDropped: 1n, filterAccepted: 90n, delivered: 88n },
    ]);
    expect(byKind(c.sideBlocks, 'decryption-secrets')).toEqual([
      { kind: 'decryption-secrets', offset: (expect.any(Number) as number), secretsType: 0x544c534b, data: enc('keys!') },
    ]);
    expect(byKind(c.sideBlocks, 'custom').map((b) => [b.blockType, b.pen, Array.from(b.data), b.copyable])).toEqual([
      [0xbad, 12345, [...enc('hello'), 0, 0, 0], true],
      [0x40000bad, 1, [0, 0, 0, 0], false],
    ]);
    expect(byKind(c.sideBlocks, 'unknown')).toEqual([{ kind: 'unknown', offset: (expect.any(Number) as number), blockType: 0x201, length: 20 }]);
  });

  it('Apple PIBs are numbered per section and EPBs refer to them by index', () => {
    const le = true;
    const pib = (pid: number, name: string, uuid?: Uint8Array): Uint8Array => {
      const o: Opt[] = [[2, name]];
      if (uuid) o.push([4, uuid]);
      const b = new Bytes(le).u32(pid).build();
      const opts = new Bytes(le);
      for (const [code, v] of o) {
        const val = typeof v === 'string' ? enc(v) : v;
        opts.u16(code).u16(val.length).bytes(val).pad4();
      }
      return block(le, 0x80000001, concat(b, opts.u16(0).u16(0).build()));
    };
    const uuid = Uint8Array.from({ length: 16 }, (_, i) => i);
    const file = concat(
      shb(le), idb(le, 1),
      pib(501, 'mDNSResponder', uuid), pib(1, 'launchd'),
      epb(le, 0, 1n, payload(8), [[0x8001, u32(le, 1)], [0x8003, u32(le, 0)]]),
      shb(le), idb(le, 1), pib(77, 'curl'),
    );
    const c = collect(file);
    expect(c.error).toBeUndefined();
    expect(byKind(c.sideBlocks, 'apple-process-info').map(({ offset: _o, ...rest }) => rest)).toEqual([
      { kind: 'apple-process-info', section: 0, index: 0, pid: 501, name: 'mDNSResponder', uuid },
      { kind: 'apple-process-info', section: 0, index: 1, pid: 1, name: 'launchd' },
      { kind: 'apple-process-info', section: 1, index: 0, pid: 77, name: 'curl' },
    ]);
    expect(c.frames[0]).toMatchObject({ appleProcessIndex: 1, appleEffectiveProcessIndex: 0 });
  });

  it('without onSideBlock, side blocks are skipped silently', () => {
    const file = concat(shb(true), idb(true, 1), block(true, 4, u32(true, 0)), block(true, 0xbad, u32(true, 1)), epb(true, 0, 1n, payload(4)));
    let frames = 0;
    const parser = new CaptureParser();
    parser.push(file, { onInterface() {}, onFrame() { frames++; } });
    parser.end();
    expect(frames).toBe(1);
  });

  it('SHB version: minor 2 reads as 1.0; major 2 is bad-version at the SHB', () => {
    expect(collect(concat(shb(true, [], [1, 2]), idb(true, 1), epb(true, 0, 1n, payload(4)))).frames).toHaveLength(1);
    const first = concat(shb(true), idb(true, 1), epb(true, 0, 1n, payload(4)));
    const c = collect(concat(first, shb(true, [], [2, 0]), idb(true, 1), epb(true, 0, 1n, payload(4))));
    expect(c.frames).toHaveLength(1);
    expect(c.error).toMatchObject({ code: 'bad-version', offset: first.length });
  });
});
