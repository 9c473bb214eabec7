/** LINKTYPE_PKTAP headers, v1 (fixed struct) and v2 (offsets), as laid out in xnu's pktap.h. */
import { describe, expect, it } from 'vitest';
import { Bytes, concat } from '../../testing/build.js';
import { ethernet, ipv4 } from '../../testing/frames.js';
import { parsePktapHeader } from './pktap-header.js';

const UUID = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const UUID_TEXT = '01020304-0506-0708-090a-0b0c0d0e0f10';
const pad = (s: string, n: number): number[] => Array.from({ length: n }, (_, i) => (i < s.length ? s.charCodeAt(i) : 0));

/** A v1 header; `length` 108 stops after ecomm, 156 includes flow id … effective UUID. */
function v1(opts: { length?: number; pid?: number; comm?: string; epid?: number; ecomm?: string; flags?: number; dlt?: number; type?: number } = {}): Uint8Array {
  const length = opts.length ?? 156;
  const b = new Bytes(true)
    .u32(length).u32(opts.type ?? 1).u32(opts.dlt ?? 1).bytes(pad('en0', 24))
    .u32(opts.flags ?? 0x2).u32(2).u32(14).u32(0)
    .u32(opts.pid ?? 501).bytes(pad(opts.comm ?? 'curl', 20))
    .u32(300).u16(6).u16(0).u32(opts.epid ?? 501).bytes(pad(opts.ecomm ?? 'curl', 20));
  if (length >= 156) b.u32(0xabcd).u32(6).u32(1700000000).u32(5).bytes(UUID).bytes(new Uint8Array(16));
  return b.build();
}

describe('parsePktapHeader', () => {
  it('reads a full v1 header and where the frame starts', () => {
    const frame = ethernet(0x0800, ipv4(6, 20));
    const data = concat(v1({ epid: 88, ecomm: 'Safari' }), frame);
    expect(parsePktapHeader(data)).toEqual({
      version: 1, length: 156, hasPacket: true, dlt: 1, payloadLinkType: 1, ifName: 'en0', flags: 2, direction: 'outbound',
      protocolFamily: 2, llHeaderLength: 14, llTrailerLength: 0, pid: 501, comm: 'curl', serviceClass: 300, ifType: 6, ifUnit: 0,
      epid: 88, ecomm: 'Safari', flowId: 0xabcd, ipProto: 6, uuid: UUID_TEXT, euuid: undefined,
    });
  });

  it('reads a 108-byte v1 header (optional tail absent), a 17-byte comm without NUL, inbound, DLT_RAW', () => {
    const h = parsePktapHeader(v1({ length: 108, comm: 'a'.repeat(20), flags: 1, dlt: 12 }))!;
    expect([h.length, h.comm, h.direction, h.payloadLinkType, h.flowId, h.uuid]).toEqual([108, 'a'.repeat(17), 'inbound', 101, undefined, undefined]);
  });

  it('reads a v2 header through its offsets', () => {
    const fixed = new Bytes(true)
      .u8(40 + 16 + 4 + 5 + 3).u8(40).u8(0).u8(56).u8(60).u8(65)
      .u16(1).u16(14).u16(0).u16(6).u16(17).u32(30).u32(0).u32(7).u32(1234).u32(0).u32(0x80002);
    const data = fixed.bytes(UUID).bytes(pad('en0', 4)).bytes(pad('dig', 5)).bytes(pad('', 3)).build();
    expect(parsePktapHeader(data)).toMatchObject({
      version: 2, length: 68, dlt: 1, payloadLinkType: 1, ifName: 'en0', pid: 1234, comm: 'dig', epid: 0, ecomm: undefined,
      direction: 'outbound', protocolFamily: 30, ipProto: 17, flowId: 7, uuid: UUID_TEXT, euuid: undefined,
    });
  });

  it('refuses impossible lengths and short data; keeps offsets inside the header', () => {
    expect(parsePktapHeader(new Uint8Array(39))).toBeUndefined();
    expect(parsePktapHeader(v1().subarray(0, 120))).toBeUndefined(); // pth_length 156 > data
    expect(parsePktapHeader(v1({ length: 100 }).subarray(0, 100))).toBeUndefined(); // < 108
    const v2 = new Bytes(true).u8(40).u8(200).u8(0).u8(39).u8(250).u8(0).u16(1).bytes(new Uint8Array(28)).u32(0x80000).build();
    expect(parsePktapHeader(v2)).toMatchObject({ version: 2, uuid: undefined, ifName: undefined, comm: undefined });
    const longV2 = concat(new Bytes(true).u8(30).build(), new Uint8Array(35), new Bytes(true).u32(0x80000).build());
    expect(parsePktapHeader(longV2)).toBeUndefined(); // v2 length < 40
  });
});
