/** Section Header Block: byte order, version and the section's descriptive options. */
import { readOptions } from './options.js';
import { BYTE_ORDER_MAGIC, OPT_COMMENT, SHB_HARDWARE, SHB_OS, SHB_USERAPPL } from './pcapng-constants.js';
import { readString } from './text.js';
import { CaptureFormatError, type SideBlock } from './types.js';

/**
 * Byte order of the SHB at p, from its byte-order magic (offset 8); throws 'bad-magic' otherwise.
 * Needed before the SHB's own length can be read.
 */
export function shbLittleEndian(dv: DataView, p: number, fileOffset: number): boolean {
  const bom = dv.getUint32(p + 8, true);
  if (bom === BYTE_ORDER_MAGIC) return true;
  if (bom === 0x4d3c2b1a) return false;
  throw new CaptureFormatError('bad-magic', `section header byte-order magic 0x${bom.toString(16)} is neither 1A2B3C4D form`, fileOffset);
}

export function readSectionHeader(
  buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, offset: number, section: number,
): Extract<SideBlock, { kind: 'section' }> {
  const major = dv.getUint16(p + 12, le);
  const minor = dv.getUint16(p + 14, le);
  // libpcap and wiretap read 1.0 and 1.2 (1.2 = 1.0 with a wrong version bump); tshark says
  // "unknown SHB version 2.0" for le_test901.
  if (major !== 1 || minor > 2) {
    throw new CaptureFormatError('bad-version', `unsupported pcapng section version ${major}.${minor}`, offset);
  }
  const shb: Extract<SideBlock, { kind: 'section' }> = { kind: 'section', section, offset, bigEndian: !le, major, minor, comments: [] };
  for (const o of readOptions(dv, p + 24, p + len - 4, le)) {
    const s = o.start;
    const e = s + o.length;
    switch (o.code) {
      case OPT_COMMENT: shb.comments.push(readString(buf, s, e)); break;
      case SHB_HARDWARE: shb.hardware = readString(buf, s, e); break;
      case SHB_OS: shb.os = readString(buf, s, e); break;
      case SHB_USERAPPL: shb.userAppl = readString(buf, s, e); break;
      default: break;
    }
  }
  return shb;
}
