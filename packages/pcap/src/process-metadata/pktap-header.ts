/**
 * LINKTYPE_PKTAP (258), Apple's per-packet metadata header (PROCESS-METADATA.md §3.2; tcpdump.org
 * LINKTYPE_PKTAP; xnu bsd/net/pktap.h). Little-endian in practice. Version 1 is a fixed struct
 * (≥ 108 bytes, optional fields after the effective command name as pth_length allows); version 2
 * (flag 0x80000 in pth_flags, which sits at offset 36 in both) has a 1-byte length and 1-byte
 * offsets to its variable fields. The real frame follows the header, with link type pth_dlt.
 */
import { LINKTYPE_RAW } from '../linktypes.js';
import { formatUuid, type PacketDirection } from './types.js';

export const PTH_FLAG_DIR_IN = 0x1;
export const PTH_FLAG_DIR_OUT = 0x2;
export const PTH_FLAG_V2_HDR = 0x80000;
const PTH_TYPE_PACKET = 1;
const V1_MIN = 108;
const V2_MIN = 40;
const IFNAME_SIZE = 24;
/** MAXCOMLEN + 1 */
const COMM_SIZE = 17;
/** macOS DLT_RAW; the file-format value is LINKTYPE_RAW. */
const DLT_RAW_DARWIN = 12;

export interface PktapHeader {
  version: 1 | 2;
  /** pth_length: the payload (the real frame) starts here. */
  length: number;
  /** v1 pth_type_next: true when a packet follows the header. */
  hasPacket: boolean;
  /** macOS DLT of the payload, and the LINKTYPE a reader should decode it with. */
  dlt: number;
  payloadLinkType: number;
  ifName?: string;
  flags: number;
  direction?: PacketDirection;
  protocolFamily: number;
  llHeaderLength: number;
  llTrailerLength: number;
  /** 0 (or negative) when unknown. */
  pid: number;
  comm?: string;
  serviceClass: number;
  ifType: number;
  ifUnit?: number;
  epid: number;
  ecomm?: string;
  flowId?: number;
  ipProto?: number;
  uuid?: string;
  euuid?: string;
}

const latin1 = new TextDecoder('latin1');

/** NUL-padded name; do not assume a terminating NUL (tcpdump.org). */
function cString(b: Uint8Array, start: number, size: number): string | undefined {
  const end = Math.min(start + size, b.length);
  let stop = start;
  while (stop < end && b[stop] !== 0) stop++;
  return stop > start ? latin1.decode(b.subarray(start, stop)) : undefined;
}

function uuidAt(b: Uint8Array, at: number, limit: number): string | undefined {
  if (at === 0 || at + 16 > limit) return undefined;
  const u = b.subarray(at, at + 16);
  return u.some((x) => x !== 0) ? formatUuid(u) : undefined;
}

function directionOf(flags: number): PacketDirection | undefined {
  if (flags & PTH_FLAG_DIR_IN) return 'inbound';
  if (flags & PTH_FLAG_DIR_OUT) return 'outbound';
  return undefined;
}

function linkTypeOfDlt(dlt: number): number {
  return dlt === DLT_RAW_DARWIN ? LINKTYPE_RAW : dlt;
}

/** undefined when the bytes are too short or the stated length is impossible. */
export function parsePktapHeader(data: Uint8Array): PktapHeader | undefined {
  if (data.length < V2_MIN) return undefined;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const flags = dv.getUint32(36, true);
  return flags & PTH_FLAG_V2_HDR ? parseV2(data, dv, flags) : parseV1(data, dv, flags);
}

function parseV1(b: Uint8Array, dv: DataView, flags: number): PktapHeader | undefined {
  const length = dv.getUint32(0, true);
  if (length < V1_MIN || length > b.length) return undefined;
  const dlt = dv.getUint32(8, true);
  const h: PktapHeader = {
    version: 1,
    length,
    hasPacket: dv.getUint32(4, true) === PTH_TYPE_PACKET,
    dlt,
    payloadLinkType: linkTypeOfDlt(dlt),
    ifName: cString(b, 12, IFNAME_SIZE),
    flags,
    direction: directionOf(flags),
    protocolFamily: dv.getUint32(40, true),
    llHeaderLength: dv.getUint32(44, true),
    llTrailerLength: dv.getUint32(48, true),
    pid: dv.getInt32(52, true),
    comm: cString(b, 56, COMM_SIZE),
    serviceClass: dv.getUint32(76, true),
    ifType: dv.getUint16(80, true),
    ifUnit: dv.getUint16(82, true),
    epid: dv.getInt32(84, true),
    ecomm: cString(b, 88, COMM_SIZE),
  };
  // Optional tail, present as far as pth_length reaches.
  if (length >= 112) h.flowId = dv.getUint32(108, true);
  if (length >= 116) h.ipProto = dv.getUint32(112, true);
  h.uuid = uuidAt(b, 124, length);
  h.euuid = uuidAt(b, 140, length);
  return h;
}

function parseV2(b: Uint8Array, dv: DataView, flags: number): PktapHeader | undefined {
  const length = b[0];
  if (length < V2_MIN || length > b.length) return undefined;
  const field = (off: number, size: number): string | undefined =>
    off >= V2_MIN && off < length ? cString(b, off, Math.min(size, length - off)) : undefined;
  const dlt = dv.getUint16(6, true);
  return {
    version: 2,
    length,
    hasPacket: true,
    dlt,
    payloadLinkType: linkTypeOfDlt(dlt),
    ifName: field(b[3], IFNAME_SIZE),
    flags,
    direction: directionOf(flags),
    protocolFamily: dv.getUint32(16, true),
    llHeaderLength: dv.getUint16(8, true),
    llTrailerLength: dv.getUint16(10, true),
    pid: dv.getInt32(28, true),
    comm: field(b[4], COMM_SIZE),
    serviceClass: dv.getUint32(20, true),
    ifType: dv.getUint16(12, true),
    epid: dv.getInt32(32, true),
    ecomm: field(b[5], COMM_SIZE),
    flowId: dv.getUint32(24, true),
    ipProto: dv.getUint16(14, true),
    uuid: b[1] >= V2_MIN ? uuidAt(b, b[1], length) : undefined,
    euuid: b[2] >= V2_MIN ? uuidAt(b, b[2], length) : undefined,
  };
}
