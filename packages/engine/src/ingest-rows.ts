/**
 * Index rows built from what the reader and the decoder found. Hot path: one object literal of a fixed
 * shape per frame (monomorphic for the JIT), no BigInt formatting.
 */
import { LINKTYPE_ETHERNET, type FrameRecord, type SideBlock } from '@wirewho/pcap';
import type { FrameSummary } from '@wirewho/protocols';
import { macToNumber, type FrameRowInput } from '@wirewho/index';
import type { Ports } from './stream-recorder.js';
import { splitTimestamp } from './timestamps.js';

/** A 48-bit MAC address read straight from the frame (cheaper than parsing its text form). */
function macAt(d: Uint8Array, o: number): number {
  return (d[o] * 256 + d[o + 1]) * 4294967296 + d[o + 2] * 16777216 + ((d[o + 3] << 16) | (d[o + 4] << 8) | d[o + 5]);
}

/** Custom block data starts after block type, block length and PEN. */
const CUSTOM_BLOCK_DATA_OFFSET = 12;

/** `ports` overrides the summary's transport ports (fragments: see StreamRecorder.fragmentPorts). */
export function frameRow(number: number, f: FrameRecord, s: FrameSummary, ports?: Ports | null): FrameRowInput {
  const srcPort = ports === undefined ? s.srcPort : ports?.srcPort;
  const dstPort = ports === undefined ? s.dstPort : ports?.dstPort;
  const ethernet = f.linkType === LINKTYPE_ETHERNET && f.data.length >= 14;
  return {
    number, fileOffset: f.dataOffset, capLen: f.capLen, origLen: f.origLen,
    ts: f.hasTimestamp ? splitTimestamp(f.tsNs, f.tsRaw) : null, ifaceId: f.interfaceId,
    ipVersion: s.ipVersion, ipProto: s.ipProto, srcPort, dstPort,
    tcpFlags: ports?.tcpFlags ?? s.tcpFlags, epbFlags: f.flags, ethSrc: ethernet ? macAt(f.data, 6) : macToNumber(s.ethSrc),
    ethDst: ethernet ? macAt(f.data, 0) : macToNumber(s.ethDst),
    ipSrc: s.ipSrc, ipDst: s.ipDst, protocol: s.protocol, info: undefined, comments: f.comments,
  };
}

export function customBlockRow(number: number, b: Extract<SideBlock, { kind: 'custom' }>): FrameRowInput {
  return {
    number, fileOffset: b.offset + CUSTOM_BLOCK_DATA_OFFSET, capLen: b.data.length, origLen: b.data.length,
    ts: null, ifaceId: -1, ipVersion: 0, ipProto: undefined, srcPort: undefined, dstPort: undefined, tcpFlags: undefined,
    epbFlags: undefined, ethSrc: undefined, ethDst: undefined, ipSrc: undefined, ipDst: undefined, protocol: 'PCAPNG',
    info: `Custom Block: PEN = ${b.pen}, will ${b.copyable ? '' : 'not '}be copied`, comments: undefined,
  };
}
