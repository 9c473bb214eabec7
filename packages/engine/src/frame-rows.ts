import type { FrameRow, ProcessRef } from '@wirewho/contract';
import { numberToMac, type FrameRowDb } from '@wirewho/index';
import { formatSecondsNs } from './time-format.js';
import { storedTsNs } from './timestamps.js';

/** Turns an index row into the packet-list row the UI shows (addresses fall back to MACs, like Wireshark). */
export function toFrameRow(r: FrameRowDb, firstTsNs: bigint, info: string, process: ProcessRef | null = null): FrameRow {
  const ts = storedTsNs(r);
  return {
    number: r.number,
    evidenceId: r.evidenceId,
    tsNs: ts === null ? '' : ts.toString(),
    relTime: ts === null ? '' : formatSecondsNs(ts - firstTsNs),
    src: r.ipSrc ?? (r.ethSrc === null ? '' : numberToMac(r.ethSrc)),
    dst: r.ipDst ?? (r.ethDst === null ? '' : numberToMac(r.ethDst)),
    srcPort: r.srcPort,
    dstPort: r.dstPort,
    protocol: r.protocol,
    length: r.origLen,
    capLen: r.capLen,
    info,
    tcpStream: r.tcpStream,
    udpStream: r.udpStream,
    process,
  };
}
