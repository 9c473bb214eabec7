/**
 * Following from the index in windows: whatever the window size, the windows of a view put together
 * are the whole view (every byte once, every gap once, in order), in one direction and in both; and
 * the followStream page says where the next window starts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { PcapWriter } from '@wirewho/pcap';
import { EvidenceAccess } from './evidence-access.js';
import { StreamFollower, type FollowDirection, type FollowItem, type FollowStreamInfo } from './follow.js';
import { ingestEvidenceFile } from './ingest.js';
import { StreamService } from './stream-service.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-follow-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Ethernet + IPv4 + TCP, checksums left zero (nothing here checks them). */
function tcpFrame(fromClient: boolean, seq: number, ack: number, flags: number, data = ''): Uint8Array {
  const payload = new TextEncoder().encode(data);
  const out = new Uint8Array(54 + payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45);
  v.setUint16(16, 40 + payload.length);
  v.setUint8(22, 64);
  v.setUint8(23, 6);
  out.set(fromClient ? [10, 0, 0, 1, 10, 0, 0, 2] : [10, 0, 0, 2, 10, 0, 0, 1], 26);
  v.setUint16(34, fromClient ? 40000 : 80);
  v.setUint16(36, fromClient ? 80 : 40000);
  v.setUint32(38, seq);
  v.setUint32(42, ack);
  v.setUint8(46, 0x50);
  v.setUint8(47, flags);
  v.setUint16(48, 65535);
  out.set(payload, 54);
  return out;
}

/**
 * A conversation with a hole in the middle (client bytes 11-20 never captured) and one at the very
 * end (the server's last 7 bytes acknowledged by the client but never captured).
 */
function captureWithGaps(file: string): void {
  const SYN = 0x02, ACK = 0x10, PSH = 0x18, FIN = 0x11;
  const frames = [
    tcpFrame(true, 100, 0, SYN), tcpFrame(false, 500, 101, SYN | ACK), tcpFrame(true, 101, 501, ACK),
    tcpFrame(true, 101, 501, PSH, 'GET /a HTTP/1.1\r\n'.slice(0, 10)),
    tcpFrame(true, 121, 501, PSH, 'after-the-hole\r\n'),
    tcpFrame(false, 501, 101, PSH, 'HTTP/1.1 200 OK\r\n'),
    tcpFrame(false, 518, 101, PSH, 'body'),
    tcpFrame(true, 137, 529, ACK),
    tcpFrame(true, 137, 529, FIN), tcpFrame(false, 529, 138, FIN), tcpFrame(true, 138, 530, ACK),
  ];
  const w = new PcapWriter({ nanosecond: false, linkType: 1, snapLen: 65535 });
  const parts = [w.header()];
  frames.forEach((f, i) => parts.push(w.packet(1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n, f)));
  writeFileSync(file, Buffer.concat(parts));
}

const describeItem = (it: FollowItem) =>
  (it.kind === 'data' ? `${it.fromClient ? 'C' : 'S'}@${it.offset}:${Buffer.from(it.bytes).toString('latin1')}` : `${it.fromClient ? 'C' : 'S'} gap@${it.offset}+${it.length}`);

/** Items of consecutive windows of `size` positions, with adjacent data pieces of one segment joined. */
function windowed(f: StreamFollower, info: FollowStreamInfo, direction: FollowDirection, size: number): string[] {
  const total = f.viewSize(info, direction);
  const out: FollowItem[] = [];
  for (let from = 0; from < Math.max(total, 1); from += size) out.push(...f.items(info, direction, from, size));
  const joined: string[] = [];
  let last: FollowItem | undefined;
  for (const it of out) {
    if (last?.kind === 'data' && it.kind === 'data' && last.frame === it.frame && last.offset + last.bytes.length === it.offset) {
      joined[joined.length - 1] += Buffer.from(it.bytes).toString('latin1');
      last = { ...last, bytes: new Uint8Array([...last.bytes, ...it.bytes]) };
      continue;
    }
    joined.push(describeItem(it));
    last = it;
  }
  return joined;
}

describe('StreamFollower windows', () => {
  let index: CaseIndex;
  let access: EvidenceAccess;
  let follower: StreamFollower;
  let info: FollowStreamInfo;

  beforeAll(async () => {
    const file = path.join(tmp, 'gaps.pcap');
    captureWithGaps(file);
    index = CaseIndex.open(path.join(tmp, 'case'));
    access = new EvidenceAccess(index);
    await ingestEvidenceFile(index, file, { writer: 'inline' });
    follower = new StreamFollower(index, access);
    info = follower.resolve('tcp', 0);
  });
  afterAll(() => { access.close(); index.close(); });

  it('reads the whole conversation with its two gaps in delivery order', () => {
    // The client's hole is given up at the close, so the bytes after it come last, as delivered.
    expect([...follower.items(info, 'both')].map(describeItem)).toEqual([
      'C@0:GET /a HTT', 'S@0:HTTP/1.1 200 OK\r\n', 'S@17:body', 'C gap@10+10', 'C@20:after-the-hole\r\n', 'S gap@21+7',
    ]);
    expect(follower.viewSize(info, 'both')).toBe(10 + 16 + 17 + 4);
    expect(follower.viewSize(info, 'server')).toBe(17 + 4 + 7);
  });

  for (const direction of ['both', 'client', 'server'] as const) {
    it(`${direction}: windows of any size add up to the whole view, each gap once`, () => {
      const whole = windowed(follower, info, direction, Number.MAX_SAFE_INTEGER);
      for (const size of [1, 3, 10, 16, 26, 47, 64]) expect(windowed(follower, info, direction, size), `window ${size}`).toEqual(whole);
    });
  }

  it('saving a direction writes its bytes exactly, gaps left out (as `follow --format raw`)', () => {
    const service = new StreamService(index, access, () => 0n, () => null);
    const client = path.join(tmp, 'client.bin'), server = path.join(tmp, 'server.bin');
    expect(service.writeDirection({ proto: 'tcp', stream: 0, direction: 'client' }, client)).toEqual({ bytes: 26, gaps: 1 });
    expect(service.writeDirection({ proto: 'tcp', stream: 0, direction: 'server' }, server)).toEqual({ bytes: 21, gaps: 1 });
    expect(readFileSync(client, 'latin1')).toBe('GET /a HTTafter-the-hole\r\n');
    expect(readFileSync(server, 'latin1')).toBe('HTTP/1.1 200 OK\r\nbody');
  });

  it('followStream pages: nextOffset walks the view and ends with null; items carry the sides', () => {
    const service = new StreamService(index, access, () => 0n, () => null);
    const first = service.followStream({ proto: 'tcp', stream: 0, direction: 'both', offset: 0, limit: 20 });
    expect(first).toMatchObject({ total: 47, nextOffset: 20, clientBytes: 26, serverBytes: 21, gaps: 2, gapBytes: 17 });
    expect(first.client).toEqual({ address: '10.0.0.1', port: 40000 });
    const last = service.followStream({ proto: 'tcp', stream: 0, direction: 'both', offset: 40, limit: 20 });
    expect(last.nextOffset).toBeNull();
    // Positions 40-46 are the client's last bytes; the server's trailing gap comes with the last window.
    expect(last.items.map((i) => `${i.kind}:${i.from}`)).toEqual(['data:client', 'gap:server']);
  });
});
