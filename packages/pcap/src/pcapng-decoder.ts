/**
 * pcapng block walker (PROCESS-METADATA.md §5.2): validates block framing, tracks sections (byte
 * order, interfaces, Apple PIB ordinals) and hands each block to its reader.
 */
import { readApplePib } from './apple-process-info.js';
import {
  BT_APPLE_PIB, BT_CB_COPY, BT_CB_NOCOPY, BT_DSB, BT_EPB, BT_IDB, BT_ISB, BT_NRB, BT_PB, BT_SHB, BT_SPB,
} from './pcapng-constants.js';
import { isRegisteredLinkType } from './linktypes.js';
import { readInterfaceBlock, type PcapngInterface } from './pcapng-interface.js';
import { readPacketBlock, readSimplePacketBlock, type PacketContext } from './pcapng-packets.js';
import { readSectionHeader, shbLittleEndian } from './pcapng-section.js';
import { readCustomBlock, readDecryptionSecrets, readInterfaceStatistics, readNameResolution } from './pcapng-side-blocks.js';
import type { RecordDecoder } from './record-decoder.js';
import { CaptureFormatError, type CaptureSink, type InterfaceDescription } from './types.js';

/** Room for options and framing above the largest packet we accept. */
const BLOCK_SLACK = 16 * 1024 * 1024;

/** Smallest valid total length per block type (framing + fixed fields). */
const MIN_BLOCK_LEN = new Map<number, number>([
  [BT_SHB, 28], [BT_IDB, 20], [BT_PB, 32], [BT_SPB, 16], [BT_ISB, 24], [BT_EPB, 32],
  [BT_DSB, 20], [BT_CB_COPY, 16], [BT_CB_NOCOPY, 16], [BT_APPLE_PIB, 16],
]);

function isPacketBlock(type: number): boolean {
  return type === BT_EPB || type === BT_SPB || type === BT_PB;
}

export class PcapngDecoder implements RecordDecoder, PacketContext {
  readonly headerSize = 12; // type, length and (for an SHB) the byte-order magic
  frameCount = 0;
  le = true;
  sectionInterfaces: PcapngInterface[] = [];
  private section = -1;
  private pibCount = 0;
  private readonly maxBlockLen: number;

  constructor(
    readonly maxCapLen: number,
    private readonly interfaces: InterfaceDescription[],
  ) {
    this.maxBlockLen = BLOCK_SLACK + maxCapLen;
  }

  unitLength(_buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number {
    const type = dv.getUint32(off, this.le);
    const le = type === BT_SHB ? shbLittleEndian(dv, off, fileOffset) : this.le;
    const len = dv.getUint32(off + 4, le);
    this.checkLength(type, len, fileOffset);
    return len;
  }

  isFrameUnit(_buf: Uint8Array, dv: DataView, off: number, avail: number): boolean {
    return avail >= 4 && isPacketBlock(dv.getUint32(off, this.le));
  }

  decode(buf: Uint8Array, dv: DataView, start: number, end: number, base: number, sink: CaptureSink): number {
    let pos = start;
    while (end - pos >= 12) {
      // The SHB type is a palindrome, so reading it in the old section's order is safe.
      const type = dv.getUint32(pos, this.le);
      const le = type === BT_SHB ? shbLittleEndian(dv, pos, base + pos) : this.le;
      const len = dv.getUint32(pos + 4, le);
      // Cheap screen; checkLength() does the exact per-type test (and returns for small valid blocks).
      if (len < 32 || (len & 3) !== 0 || len > this.maxBlockLen) this.checkLength(type, len, base + pos);
      if (len > end - pos) break;
      if (dv.getUint32(pos + len - 4, le) !== len) {
        throw new CaptureFormatError('bad-block-length', `block trailer length ${dv.getUint32(pos + len - 4, le)} differs from header length ${len}`, base + pos, this.frameOf(type));
      }
      if (type === BT_EPB) {
        const frame = readPacketBlock(this, buf, dv, pos, len, base, false);
        this.frameCount++;
        sink.onFrame(frame);
      } else {
        this.otherBlock(type, buf, dv, pos, len, le, base, sink);
      }
      pos += len;
    }
    return pos;
  }

  private otherBlock(type: number, buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, base: number, sink: CaptureSink): void {
    const offset = base + p;
    switch (type) {
      case BT_SHB: {
        const shb = readSectionHeader(buf, dv, p, len, le, offset, this.section + 1);
        // A new section: its own byte order, interface ids from 0, PIB ordinals from 0.
        this.section++;
        this.le = le;
        this.sectionInterfaces = [];
        this.pibCount = 0;
        sink.onSideBlock?.(shb);
        return;
      }
      case BT_IDB: {
        const iface = readInterfaceBlock(buf, dv, p, len, le, this.interfaces.length, this.section, this.sectionInterfaces.length);
        if (!isRegisteredLinkType(iface.desc.linkType)) {
          throw new CaptureFormatError('unknown-link-type', `unknown link type ${iface.desc.linkType} in an interface description block`, offset);
        }
        this.sectionInterfaces.push(iface);
        this.interfaces.push(iface.desc);
        sink.onInterface(iface.desc);
        return;
      }
      case BT_SPB:
      case BT_PB: {
        const frame = type === BT_SPB ? readSimplePacketBlock(this, buf, dv, p, len, base) : readPacketBlock(this, buf, dv, p, len, base, true);
        this.frameCount++;
        sink.onFrame(frame);
        return;
      }
      case BT_APPLE_PIB: {
        const index = this.pibCount++;
        sink.onSideBlock?.(readApplePib(buf, dv, p, len, le, offset, this.section, index));
        return;
      }
      default:
        break;
    }
    if (sink.onSideBlock === undefined) return;
    switch (type) {
      case BT_NRB: sink.onSideBlock(readNameResolution(buf, dv, p, len, le, offset)); return;
      case BT_ISB: sink.onSideBlock(readInterfaceStatistics(dv, p, len, le, offset, this.sectionInterfaces)); return;
      case BT_DSB: sink.onSideBlock(readDecryptionSecrets(buf, dv, p, len, le, offset)); return;
      case BT_CB_COPY:
      case BT_CB_NOCOPY: sink.onSideBlock(readCustomBlock(buf, dv, p, len, le, offset, this.section, type)); return;
      default: sink.onSideBlock({ kind: 'unknown', offset, blockType: type, length: len });
    }
  }

  private checkLength(type: number, len: number, offset: number): void {
    const min = MIN_BLOCK_LEN.get(type) ?? 12;
    let why: string | undefined;
    if (len < min) why = `block length ${len} is below the minimum ${min} for block type 0x${type.toString(16)}`;
    else if ((len & 3) !== 0) why = `block length ${len} is not a multiple of 4`;
    else if (len > this.maxBlockLen) why = `block length ${len} exceeds the limit ${this.maxBlockLen}`;
    if (why !== undefined) throw new CaptureFormatError('bad-block-length', why, offset, this.frameOf(type));
  }

  private frameOf(type: number): number | undefined {
    return isPacketBlock(type) ? this.frameCount + 1 : undefined;
  }
}
