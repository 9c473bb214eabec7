/**
 * processFromFrame over hand-built pcapng: Apple PIBs (per-section index, effective process),
 * the standard option with Wireshark process-info blocks (PID reuse by start time), PKTAP frames,
 * and precedence/merging when a frame carries several sources.
 */
import { describe, expect, it } from 'vitest';
import { Bytes, block, concat, epb, idb, options, shb, u32, type Opt } from '../../testing/build.js';
import { collect } from '../../testing/collect.js';
import { ethernet, ipv4 } from '../../testing/frames.js';
import { PcapngWriter } from '../pcapng-writer.js';
import { processFromFrame } from './process-from-frame.js';
import { ProcessContext } from './process-context.js';
import { buildTcpsharkFrame } from './tcpshark-trailer-writer.js';
import type { ProcessAttribution } from './types.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const frame = ethernet(0x0800, ipv4(17, 20));
const pib = (le: boolean, pid: number, opts: Opt[]): Uint8Array => block(le, 0x80000001, concat(u32(le, pid), options(le, opts)));

function attributions(file: Uint8Array): (ProcessAttribution | null)[] {
  const ctx = new ProcessContext();
  const out: (ProcessAttribution | null)[] = [];
  const c = collect(file);
  expect(c.error).toBeUndefined();
  // Replay in file order, as a streaming consumer would see it.
  let f = 0;
  let i = 0;
  let s = 0;
  for (const e of c.events) {
    if (e === 'i') ctx.addInterface(c.interfaces[i++]);
    else if (e === 's') ctx.addSideBlock(c.sideBlocks[s++]);
    else out.push(processFromFrame(c.frames[f++], ctx));
  }
  return out;
}

describe('Apple PIBs and EPB options 0x8001/0x8003', () => {
  it('resolves PIB indexes per section, with the effective process', () => {
    const UUID = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const file = concat(
      shb(true), idb(true, 1),
      pib(true, 501, [[2, 'mDNSResponder'], [4, UUID]]), pib(true, 77, [[2, 'Safari']]), pib(true, 0, [[2, 'kernel_task']]),
      epb(true, 0, 1n, frame, [[0x8001, u32(true, 0)], [0x8003, u32(true, 1)], [2, u32(true, 2)]]),
      epb(true, 0, 2n, frame, [[0x8001, u32(true, 1)], [0x8003, u32(true, 1)]]),
      epb(true, 0, 3n, frame, [[0x8001, u32(true, 2)]]),
      epb(true, 0, 4n, frame, [[0x8001, u32(true, 9)]]), // no such PIB
      shb(false), idb(false, 1), pib(false, 42, [[2, 'ssh']]),
      epb(false, 0, 5n, frame, [[0x8001, u32(false, 0)]]),
    );
    expect(attributions(file)).toEqual([
      { pid: 501, comm: 'mDNSResponder', uuid: 'a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf', effective: { pid: 77, comm: 'Safari' }, source: 'apple-pib', direction: 'outbound' },
      { pid: 77, comm: 'Safari', source: 'apple-pib' },
      { pid: 0, comm: 'kernel_task', source: 'apple-pib' },
      null,
      { pid: 42, comm: 'ssh', source: 'apple-pib' },
    ]);
  });
});

describe('epb_processid_threadid + Wireshark process-info blocks', () => {
  const w = new PcapngWriter();
  const T0 = 1_767_225_600_000_000_000n;
  const file = concat(
    w.sectionHeader(), w.interfaceDescription({ linkType: 1 }),
    w.processInfoBlock({ pid: 100, name: 'curl', path: '/usr/bin/curl', argv: ['curl', 'https://a b/'], ppid: 1, uid: 1000, user: 'alice', startTimeNs: T0 }),
    w.enhancedPacket({ interfaceId: 0, tsNs: T0 + 5n, data: frame, processId: 100, threadId: 101, flags: 2 }),
    // PID 100 reused by a later process.
    w.processInfoBlock({ pid: 100, name: 'wget', startTimeNs: T0 + 1_000_000_000n }),
    w.enhancedPacket({ interfaceId: 0, tsNs: T0 + 2_000_000_000n, data: frame, processId: 100 }),
    // A late packet of the first process (timestamp before the second start).
    w.enhancedPacket({ interfaceId: 0, tsNs: T0 + 10n, data: frame, processId: 100 }),
    w.enhancedPacket({ interfaceId: 0, tsNs: T0, data: frame, processId: 555, threadId: 0 }), // no block
    w.enhancedPacket({ interfaceId: 0, tsNs: T0, data: frame, processId: 0, threadId: 9 }), // unknown
    // Section 2: same pid, a different block.
    w.sectionHeader(), w.interfaceDescription({ linkType: 1 }),
    w.processInfoBlock({ pid: 100, name: 'sshd' }),
    w.enhancedPacket({ interfaceId: 0, tsNs: T0, data: frame, processId: 100 }),
  );

  it('attributes by PID per section and picks the reused PID\'s block by start time', () => {
    const a = attributions(file);
    expect(a[0]).toEqual({
      pid: 100, tid: 101, ppid: 1, uid: 1000, user: 'alice', comm: 'curl', exe: '/usr/bin/curl', argv: ['curl', 'https://a b/'],
      args: 'curl https://a b/', startTimeNs: T0, source: 'pcapng-standard', direction: 'outbound',
    });
    expect(a[1]).toMatchObject({ pid: 100, comm: 'wget' });
    expect(a[2]).toMatchObject({ pid: 100, comm: 'curl' });
    expect(a[3]).toEqual({ pid: 555, source: 'pcapng-standard' });
    expect(a[4]).toBeNull();
    expect(a[5]).toMatchObject({ pid: 100, comm: 'sshd' });
  });
});

describe('precedence and merging', () => {
  const w = new PcapngWriter();
  const ptc = ['PID: 100\nCmd: /usr/bin/curl\nArgs: curl x', 'ParentPID: 1\nParentCmd: /sbin/init\nParentArgs: init'];

  it('standard + process-info wins, ptcpdump fills in the parent; ptcpdump beats a bare standard option', () => {
    const file = concat(
      w.sectionHeader(), w.interfaceDescription({ linkType: 1 }),
      w.processInfoBlock({ pid: 100, name: 'curl', argv: ['curl', 'x'] }),
      w.enhancedPacket({ interfaceId: 0, tsNs: 1n, data: frame, processId: 100, comments: ptc, flags: 1 }),
      w.enhancedPacket({ interfaceId: 0, tsNs: 1n, data: frame, processId: 7, threadId: 8, comments: ['PID: 7\nCmd: /bin/x\nArgs: x'] }),
      w.enhancedPacket({ interfaceId: 0, tsNs: 1n, data: buildTcpsharkFrame(frame, { pid: 9, cmd: 'nc' }), comments: ['just a note'] }),
    );
    const [a, b, c] = attributions(file);
    expect(a).toEqual({
      pid: 100, comm: 'curl', argv: ['curl', 'x'], args: 'curl x', source: 'pcapng-standard', direction: 'inbound',
      exe: '/usr/bin/curl', ppid: 1, parent: { pid: 1, exe: '/sbin/init', args: 'init' },
    });
    expect(b).toEqual({ pid: 7, tid: 8, exe: '/bin/x', args: 'x', source: 'ptcpdump' });
    expect(c).toEqual({ pid: 9, comm: 'nc', source: 'tcpshark' });
  });

  it('reads PKTAP frames', () => {
    const hdr = new Bytes(true)
      .u32(108).u32(1).u32(1).bytes(new Uint8Array(24)).u32(1).u32(2).u32(14).u32(0)
      .u32(321).bytes(enc('nc'.padEnd(20, '\0'))).u32(0).u16(6).u16(0).u32(321).bytes(new Uint8Array(20)).build();
    const file = concat(w.sectionHeader(), w.interfaceDescription({ linkType: 258 }), w.enhancedPacket({ interfaceId: 0, tsNs: 1n, data: concat(hdr, frame) }));
    expect(attributions(file)).toEqual([{ pid: 321, comm: 'nc', source: 'pktap', direction: 'inbound' }]);
  });

  it('ProcessContext.observe feeds the context while forwarding', () => {
    const ctx = new ProcessContext();
    const seen: string[] = [];
    const sink = ctx.observe({ onInterface: () => seen.push('i'), onFrame: () => seen.push('f'), onSideBlock: (b) => seen.push(b.kind) });
    const file = concat(shb(true), idb(true, 1), pib(true, 5, [[2, 'x']]), epb(true, 0, 1n, frame, [[0x8001, u32(true, 0)]]));
    const c = collect(file);
    for (const i of c.interfaces) sink.onInterface(i);
    for (const b of c.sideBlocks) sink.onSideBlock!(b);
    expect(processFromFrame(c.frames[0], ctx)).toEqual({ pid: 5, comm: 'x', source: 'apple-pib' });
    expect(seen).toEqual(['i', 'section', 'apple-process-info']);
  });
});
