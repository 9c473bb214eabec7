import type { FrameRow } from '@wirewho/contract';
import type { FrameRowDb } from '@wirewho/index';
import { formatSecondsNs } from './time-format.js';

/** Turns an index row into the packet-list row the UI shows (addresses fall back to MACs, like Wireshark). */
export function toFrameRow(r: FrameRowDb, firstTsNs: bigint): FrameRow {
  return {
    number: r.number,
    evidenceId: r.evidenceId,
    tsNs: r.tsNs,
    relTime: formatSecondsNs(BigInt(r.tsNs) - firstTsNs),
    src: r.ipSrc ?? r.ethSrc ?? '',
    dst: r.ipDst ?? r.ethDst ?? '',
    srcPort: r.srcPort,
    dstPort: r.dstPort,
    protocol: r.protocol,
    length: r.origLen,
    capLen: r.capLen,
    info: r.info,
  };
}
