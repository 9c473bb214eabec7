/** Builds small pcap/pcapng files by hand, valid or deliberately broken, for bad-input tests. */

export function pcapHeader(linkType = 1, snapLen = 65535): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(0xa1b2c3d4, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeUInt32LE(snapLen, 16);
  b.writeUInt32LE(linkType, 20);
  return b;
}

export function pcapRecord(data: Buffer, tsSec: number, tsUsec: number, capLen = data.length, origLen = data.length): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt32LE(tsSec, 0);
  h.writeUInt32LE(tsUsec, 4);
  h.writeUInt32LE(capLen, 8);
  h.writeUInt32LE(origLen, 12);
  return Buffer.concat([h, data]);
}

/** A minimal Ethernet/IPv4/UDP frame from 10.0.0.1:1000+i to 10.0.0.2:53. */
export function udpFrame(i: number): Buffer {
  const f = Buffer.alloc(14 + 20 + 8 + 4);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45;
  f.writeUInt16BE(20 + 8 + 4, 16);
  f[22] = 64;
  f[23] = 17;
  Buffer.from([10, 0, 0, 1]).copy(f, 26);
  Buffer.from([10, 0, 0, 2]).copy(f, 30);
  f.writeUInt16BE(1000 + i, 34);
  f.writeUInt16BE(53, 36);
  f.writeUInt16BE(12, 38);
  return f;
}

export function pcapWithFrames(count: number): Buffer {
  const parts = [pcapHeader()];
  for (let i = 0; i < count; i++) parts.push(pcapRecord(udpFrame(i), 1_700_000_000 + i, i));
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = 12 + padded.length;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  padded.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

export function shb(): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(0x1a2b3c4d, 0);
  body.writeUInt16LE(1, 4);
  body.writeUInt16LE(0, 6);
  body.writeBigInt64LE(-1n, 8);
  return block(0x0a0d0d0a, body);
}

export function idb(linkType = 1): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(linkType, 0);
  body.writeUInt32LE(0, 4);
  return block(1, body);
}

export function epb(data: Buffer, ifaceId = 0, capLen = data.length): Buffer {
  const body = Buffer.alloc(20);
  body.writeUInt32LE(ifaceId, 0);
  body.writeUInt32LE(0x00060000, 4);
  body.writeUInt32LE(0x12345678, 8);
  body.writeUInt32LE(capLen, 12);
  body.writeUInt32LE(data.length, 16);
  return block(6, Buffer.concat([body, data]));
}
