/**
 * The one place FrameRecords are created, so every reader builds them with the same property
 * order (one object shape for the JIT; optional fields are only added when present).
 */
import type { FrameRecord } from './types.js';

export function newFrame(
  number: number,
  recordOffset: number,
  dataOffset: number,
  capLen: number,
  origLen: number,
  tsNs: bigint,
  hasTimestamp: boolean,
  interfaceId: number,
  linkType: number,
  data: Uint8Array,
): FrameRecord {
  return { number, recordOffset, dataOffset, capLen, origLen, tsNs, hasTimestamp, interfaceId, linkType, data };
}
