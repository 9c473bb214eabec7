/**
 * frame.protocols above TCP is Wireshark's whole-conversation view (desegmentation, SEQ analysis),
 * in display filters (DecodedFields) and in the detail tree: a hand-made HTTP exchange whose response
 * spans two segments and is then retransmitted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecodedFields } from './decoded-fields.js';
import { Engine } from './engine.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-decoded-fields-'));

/** Ethernet/IPv4/TCP frame 10.0.0.1:40000 <-> 10.0.0.2:8080. */
function tcpFrame(fromClient: boolean, seq: number, ack: number, flags: number, payload = ''): Buffer {
  const data = Buffer.from(payload, 'latin1');
  const f = Buffer.alloc(14 + 20 + 20 + data.length);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45;
  f.writeUInt16BE(40 + data.length, 16);
  f[22] = 64;
  f[23] = 6;
  Buffer.from(fromClient ? [10, 0, 0, 1] : [10, 0, 0, 2]).copy(f, 26);
  Buffer.from(fromClient ? [10, 0, 0, 2] : [10, 0, 0, 1]).copy(f, 30);
  f.writeUInt16BE(fromClient ? 40000 : 8080, 34);
  f.writeUInt16BE(fromClient ? 8080 : 40000, 36);
  f.writeUInt32BE(seq, 38);
  f.writeUInt32BE(ack, 42);
  f[46] = 0x50;
  f[47] = flags;
  f.writeUInt16BE(512, 48);
  data.copy(f, 54);
  return f;
}

function pcap(frames: { ms: number; data: Buffer }[]): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(1, 20);
  const parts: Buffer[] = [h];
  for (const { ms, data } of frames) {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + Math.floor(ms / 1000), 0);
    r.writeUInt32LE((ms % 1000) * 1000, 4);
    r.writeUInt32LE(data.length, 8);
    r.writeUInt32LE(data.length, 12);
    parts.push(r, data);
  }
  return Buffer.concat(parts);
}

const C = 1000, S = 5000;
const REQ = 'GET /a.txt HTTP/1.1\r\nHost: h\r\n\r\n';
const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\n';
const FRAMES = [
  { ms: 0, data: tcpFrame(true, C, 0, 0x02) },
  { ms: 5, data: tcpFrame(false, S, C + 1, 0x12) },
  { ms: 10, data: tcpFrame(true, C + 1, S + 1, 0x10) },
  /* 4 */ { ms: 20, data: tcpFrame(true, C + 1, S + 1, 0x18, REQ) },
  /* 5: head + 5 body bytes */ { ms: 30, data: tcpFrame(false, S + 1, C + 1 + REQ.length, 0x18, HEAD + 'x'.repeat(5)) },
  /* 6: the last 15 bytes complete the message */ { ms: 31, data: tcpFrame(false, S + 1 + HEAD.length + 5, C + 1 + REQ.length, 0x18, 'x'.repeat(15)) },
  /* 7: frame 6 again, much later */ { ms: 600, data: tcpFrame(false, S + 1 + HEAD.length + 5, C + 1 + REQ.length, 0x18, 'x'.repeat(15)) },
];

let engine: Engine;
let caseDir: string;
beforeAll(async () => {
  const file = path.join(tmp, 'http.pcap');
  writeFileSync(file, pcap(FRAMES));
  caseDir = path.join(tmp, 'case');
  engine = new Engine({ caseDir, writer: 'inline' });
  engine.openEvidence({ path: file });
  await engine.idle();
});
afterAll(async () => {
  await engine.close();
  rmSync(tmp, { recursive: true, force: true });
});

const PLAIN = 'eth:ethertype:ip:tcp';

describe('frame.protocols above TCP', () => {
  it('decoded for filters: http only where a message is whole, none in a retransmission', () => {
    const d = new DecodedFields(caseDir);
    try {
      const protocols = (n: number) => d.values(n, 'frame.protocols', 'string');
      expect(protocols(4)).toEqual([`${PLAIN}:http`]);
      // Frame 5 starts the response (its own bytes look like HTTP), frame 6 completes it.
      expect(protocols(5)).toEqual([PLAIN]);
      expect(protocols(6)).toEqual([`${PLAIN}:http:data-text-lines`]);
      expect(protocols(7)).toEqual([PLAIN]);
      expect(protocols(3)).toEqual([PLAIN]);
    } finally {
      d.close();
    }
  });

  it('a display filter on it selects what tshark selects', () => {
    expect(engine.filter.numbers(`frame.protocols == "${PLAIN}"`)).toEqual([1, 2, 3, 5, 7]);
    expect(engine.filter.numbers('frame.protocols contains "http"')).toEqual([4, 6]);
  });

  it('the detail tree says the same', async () => {
    const line = async (n: number) => {
      const d = await engine.service.frameDetail({ number: n });
      return d.tree[0].children!.find((c) => c.field === 'frame.protocols')!.label;
    };
    expect(await line(5)).toBe(`[Protocols in frame: ${PLAIN}]`);
    expect(await line(6)).toBe(`[Protocols in frame: ${PLAIN}:http:data-text-lines]`);
  });
});
