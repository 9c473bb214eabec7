/**
 * Index rows built from what the reader and the decoder found. Hot path: one object literal of a fixed
 * shape per frame (monomorphic for the JIT), no BigInt formatting.
 */
import type { FrameRecord, SideBlock } from '@wirewho/pcap';
import type { FrameSummary } from '@wirewho/protocols';
import { macToNumber, type FrameRowInput } from '@wirewho/index';
import type { Ports } from './fragment-ports.js';
import { splitTimestamp } from './timestamps.js';

/** Custom block data starts after block type, block length and PEN. */
const CUSTOM_BLOCK_DATA_OFFSET = 12;

/** `ports` overrides the summary's transport ports (fragments: see FragmentPorts). */
export function frameRow(number: number, fileFrame: number, f: FrameRecord, s: FrameSummary, ports?: Ports | null): FrameRowInput {
  const srcPort = ports === undefined ? s.srcPort : ports?.srcPort;
  const dstPort = ports === undefined ? s.dstPort : ports?.dstPort;
  return {
    number, fileFrame, fileOffset: f.dataOffset, capLen: f.capLen, origLen: f.origLen,
    ts: f.hasTimestamp ? splitTimestamp(f.tsNs, f.tsRaw) : null, ifaceId: f.interfaceId,
    ipVersion: s.ipVersion, ipProto: s.ipProto, srcPort, dstPort,
    tcpFlags: s.tcpFlags, epbFlags: f.flags, ethSrc: macToNumber(s.ethSrc), ethDst: macToNumber(s.ethDst),
    ipSrc: s.ipSrc, ipDst: s.ipDst, protocol: s.protocol, info: undefined, comments: f.comments,
  };
}

export function customBlockRow(number: number, fileFrame: number, b: Extract<SideBlock, { kind: 'custom' }>): FrameRowInput {
  return {
    number, fileFrame, fileOffset: b.offset + CUSTOM_BLOCK_DATA_OFFSET, capLen: b.data.length, origLen: b.data.length,
    ts: null, ifaceId: -1, ipVersion: 0, ipProto: undefined, srcPort: undefined, dstPort: undefined, tcpFlags: undefined,
    epbFlags: undefined, ethSrc: undefined, ethDst: undefined, ipSrc: undefined, ipDst: undefined, protocol: 'PCAPNG',
    info: `Custom Block: PEN = ${b.pen}, will ${b.copyable ? '' : 'not '}be copied`, comments: undefined,
  };
}
