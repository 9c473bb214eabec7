/**
 * Packet blocks → FrameRecord: Enhanced (EPB), obsolete Packet (PB) and Simple (SPB).
 * EPB is the hot path of pcapng reading: no per-frame allocation beyond the record, its data
 * view and the timestamp bigint, unless the block carries options.
 */
import { newFrame } from './frame.js';
import { localUseOption } from './options.js';
import {
  EPB_APPLE_E_PIB_INDEX, EPB_APPLE_PIB_INDEX, EPB_DROPCOUNT, EPB_FLAGS, EPB_PACKETID, EPB_PROCESSID_THREADID,
  EPB_QUEUE, OPT_COMMENT, OPT_CUSTOM_BIN_COPY, OPT_CUSTOM_STR_COPY, OPT_ENDOFOPT, isCustomOptionCode,
} from './pcapng-constants.js';
import type { PcapngInterface } from './pcapng-interface.js';
import { readString } from './text.js';
import { CaptureFormatError, type FrameRecord } from './types.js';

/** Section state the packet readers need. */
export interface PacketContext {
  readonly le: boolean;
  /** Interfaces of the current section, by local id. */
  readonly sectionInterfaces: PcapngInterface[];
  readonly maxCapLen: number;
  /** Frames delivered so far (the next frame is frameCount + 1). */
  readonly frameCount: number;
}

const EPB_FIXED = 28;

/** EPB (ifId u32) and PB (ifId u16, drops u16) share the layout after the first word. */
export function readPacketBlock(
  ctx: PacketContext, buf: Uint8Array, dv: DataView, p: number, len: number, base: number, obsolete: boolean,
): FrameRecord {
  const le = ctx.le;
  const n = ctx.frameCount + 1;
  const localId = obsolete ? dv.getUint16(p + 8, le) : dv.getUint32(p + 8, le);
  const iface = ctx.sectionInterfaces[localId];
  if (iface === undefined) {
    throw new CaptureFormatError('unknown-interface', `packet refers to interface ${localId}, not defined in this section`, base + p, n);
  }
  const capLen = dv.getUint32(p + 20, le);
  if (capLen > ctx.maxCapLen) {
    throw new CaptureFormatError('caplen-too-large', `packet caplen ${capLen} exceeds the limit ${ctx.maxCapLen}`, base + p, n);
  }
  const dataOff = p + EPB_FIXED;
  const blockEnd = p + len - 4;
  if (dataOff + capLen > blockEnd) {
    throw new CaptureFormatError('caplen-beyond-block', `packet caplen ${capLen} runs past its ${len}-byte block`, base + p, n);
  }
  const desc = iface.desc;
  const frame = newFrame(
    n, base + p, base + dataOff, capLen, dv.getUint32(p + 24, le),
    iface.scaler.toNs(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le)), true,
    desc.id, desc.linkType, buf.subarray(dataOff, dataOff + capLen),
  );
  if (obsolete) {
    const drops = dv.getUint16(p + 10, le);
    if (drops !== 0xffff) frame.dropCount = BigInt(drops); // 0xFFFF: "not available"
  }
  const optStart = dataOff + ((capLen + 3) & ~3);
  if (optStart + 4 <= blockEnd) readPacketOptions(frame, buf, dv, optStart, blockEnd, le);
  return frame;
}

/** SPB: interface 0 of the section, no timestamp, caplen = min(origLen, snaplen, data area). */
export function readSimplePacketBlock(
  ctx: PacketContext, buf: Uint8Array, dv: DataView, p: number, len: number, base: number,
): FrameRecord {
  const n = ctx.frameCount + 1;
  const iface = ctx.sectionInterfaces[0];
  if (iface === undefined) {
    throw new CaptureFormatError('unknown-interface', 'simple packet block before any interface in this section', base + p, n);
  }
  const origLen = dv.getUint32(p + 8, ctx.le);
  const desc = iface.desc;
  let capLen = Math.min(origLen, len - 16);
  if (desc.snapLen !== 0 && desc.snapLen < capLen) capLen = desc.snapLen;
  if (capLen > ctx.maxCapLen) {
    throw new CaptureFormatError('caplen-too-large', `packet caplen ${capLen} exceeds the limit ${ctx.maxCapLen}`, base + p, n);
  }
  const dataOff = p + 12;
  return newFrame(n, base + p, base + dataOff, capLen, origLen, 0n, false, desc.id, desc.linkType, buf.subarray(dataOff, dataOff + capLen));
}

/** EPB/PB options onto the record. Unknown standard options are ignored. */
function readPacketOptions(frame: FrameRecord, buf: Uint8Array, dv: DataView, start: number, end: number, le: boolean): void {
  let q = start;
  while (q + 4 <= end) {
    const code = dv.getUint16(q, le);
    const olen = dv.getUint16(q + 2, le);
    if (code === OPT_ENDOFOPT) break;
    const v = q + 4;
    if (v + olen > end) break; // stop at the end of the block
    switch (code) {
      case OPT_COMMENT:
        (frame.comments ??= []).push(readString(buf, v, v + olen));
        break;
      case EPB_FLAGS:
        if (olen >= 4) {
          const flags = dv.getUint32(v, le);
          frame.flags = flags;
          const fcs = (flags >>> 5) & 0xf;
          if (fcs !== 0) frame.fcsLength = fcs;
        }
        break;
      case EPB_DROPCOUNT:
        if (olen >= 8) frame.dropCount = dv.getBigUint64(v, le);
        break;
      case EPB_PACKETID:
        if (olen >= 8) frame.packetId = dv.getBigUint64(v, le);
        break;
      case EPB_QUEUE:
        if (olen >= 4) frame.queue = dv.getUint32(v, le);
        break;
      case EPB_PROCESSID_THREADID:
        if (olen >= 8) {
          frame.processId = dv.getUint32(v, le);
          frame.threadId = dv.getUint32(v + 4, le);
        }
        break;
      case EPB_APPLE_PIB_INDEX:
        if (olen >= 4) frame.appleProcessIndex = dv.getUint32(v, le);
        break;
      case EPB_APPLE_E_PIB_INDEX:
        if (olen >= 4) frame.appleEffectiveProcessIndex = dv.getUint32(v, le);
        break;
      default:
        if (isCustomOptionCode(code)) {
          if (olen >= 4) {
            (frame.customOptions ??= []).push({
              code,
              pen: dv.getUint32(v, le),
              data: buf.slice(v + 4, v + olen),
              copyable: code === OPT_CUSTOM_STR_COPY || code === OPT_CUSTOM_BIN_COPY,
            });
          }
        } else if (code & 0x8000) {
          (frame.customOptions ??= []).push(localUseOption(buf, v, olen, code));
        }
        break;
    }
    q = v + ((olen + 3) & ~3);
  }
}
