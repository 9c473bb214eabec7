/**
 * Wireshark's process-information custom blocks, laid out as Wireshark's own test generator
 * (test/captures/_gen_process_info_blocks.py) writes them: the entry is little-endian in every
 * section; the custom block's own options follow the section's byte order.
 */
import { describe, expect, it } from 'vitest';
import { Bytes, block, concat, epb, idb, options, payload, shb, u32, type Opt } from '../testing/build.js';
import { collect } from '../testing/collect.js';
import { PcapngWriter } from './pcapng-writer.js';
import type { ProcessInfoBlock, SideBlock } from './types.js';
import { encodeWiresharkProcessInfo } from './wireshark-process-info.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const UUID = Uint8Array.from([0x6b, 0x8b, 0x45, 0x67, 0x32, 0x7b, 0x23, 0xc6, 0x64, 0x3c, 0x98, 0x69, 0x66, 0x33, 0x48, 0x73]);

function customData(entryType: number, entry: Uint8Array, cbOpts: Uint8Array = new Uint8Array(0)): Uint8Array {
  const padded = new Bytes(true).bytes(entry).pad4().build();
  return concat(u32(true, entryType, entry.length), padded, cbOpts);
}
const pibEntry = (pid: number, opts: Opt[]): Uint8Array => concat(u32(true, pid), options(true, opts));
const wiresharkCb = (le: boolean, data: Uint8Array): Uint8Array => block(le, 0xbad, concat(u32(le, 32622), data));

describe('Wireshark process-information custom blocks (PEN 32622, entry type 3)', () => {
  const le64 = new Bytes(true).u64(1767225600000000000n).build();
  const file = concat(
    shb(true), idb(true, 1, 65535),
    wiresharkCb(true, customData(3, pibEntry(1234, [
      [2, 'curl'], [3, '/usr/bin/curl'], [4, enc('curl\0https://example.com/')], [5, u32(true, 1)], [6, u32(true, 1000)],
      [7, 'alice'], [8, UUID], [9, le64], [1, 'first process'],
    ]))),
    wiresharkCb(true, customData(3, pibEntry(4321, []))),
    epb(true, 0, 1_757_500_000_000_001n, payload(46, 1), [[8, u32(true, 1234, 0)]]),
    wiresharkCb(true, customData(99, enc('hello'))),
    epb(true, 0, 1_757_500_000_000_002n, payload(46, 2), [[8, u32(true, 4321, 0)]]),
    shb(false), idb(false, 1, 65535),
    wiresharkCb(false, customData(3, pibEntry(77, [[2, 'sshd'], [6, u32(true, 0)]]), options(false, [[1, 'section two']]))),
    epb(false, 0, 1_757_500_000_000_003n, payload(46, 3), [[8, u32(false, 77, 0)]]),
  );
  const c = collect(file);
  const infos = c.sideBlocks.filter((b): b is ProcessInfoBlock => b.kind === 'process-info');

  it('decodes every option, in both sections', () => {
    expect(c.error).toBeUndefined();
    expect(infos.map(({ offset: _o, ...rest }) => rest)).toEqual([
      {
        kind: 'process-info', section: 0, blockType: 0xbad, pid: 1234, name: 'curl', path: '/usr/bin/curl', argv: ['curl', 'https://example.com/'],
        cmdline: enc('curl\0https://example.com/'), ppid: 1, uid: 1000, user: 'alice', uuid: UUID, startTimeNs: 1767225600000000000n, comments: ['first process'],
      },
      { kind: 'process-info', section: 0, blockType: 0xbad, pid: 4321, comments: [] },
      { kind: 'process-info', section: 1, blockType: 0xbad, pid: 77, name: 'sshd', uid: 0, comments: ['section two'] },
    ]);
  });

  it('packets carry the PID that links them to a block', () => {
    expect(c.frames.map((f) => [f.processId, f.threadId])).toEqual([[1234, 0], [4321, 0], [77, 0]]);
  });

  it('an unknown entry type stays an opaque custom block', () => {
    const custom = c.sideBlocks.filter((b): b is Extract<SideBlock, { kind: 'custom' }> => b.kind === 'custom');
    expect(custom).toHaveLength(1);
    expect(custom[0].pen).toBe(32622);
    expect(custom[0].data).toEqual(customData(99, enc('hello')));
  });

  it('a malformed entry (length past the payload) falls back to a custom block', () => {
    const bad = concat(u32(true, 3, 400), u32(true, 1));
    const d = collect(concat(shb(true), wiresharkCb(true, bad)));
    expect(d.error).toBeUndefined();
    expect(d.sideBlocks.map((b) => b.kind)).toEqual(['section', 'custom']);
  });

  it('the writer produces the same custom data as Wireshark\'s generator', () => {
    const ours = encodeWiresharkProcessInfo({
      pid: 1234, name: 'curl', path: '/usr/bin/curl', cmdline: enc('curl\0https://example.com/'), ppid: 1, uid: 1000, user: 'alice',
      uuid: UUID, startTimeNs: 1767225600000000000n, comments: ['first process'],
    });
    const theirs = customData(3, pibEntry(1234, [
      [2, 'curl'], [3, '/usr/bin/curl'], [4, enc('curl\0https://example.com/')], [5, u32(true, 1)], [6, u32(true, 1000)],
      [7, 'alice'], [8, UUID], [9, le64], [1, 'first process'],
    ]));
    expect(ours).toEqual(theirs);
    expect(encodeWiresharkProcessInfo({ pid: 4321 })).toEqual(customData(3, pibEntry(4321, [])));
    const w = new PcapngWriter();
    expect(w.processInfoBlock({ pid: 4321 })).toEqual(wiresharkCb(true, customData(3, pibEntry(4321, []))));
  });

  it('refuses a UUID that is not 16 bytes', () => {
    expect(() => encodeWiresharkProcessInfo({ pid: 1, uuid: new Uint8Array(4) })).toThrow(RangeError);
  });
});
