/**
 * Classic pcap (libpcap) files: a 24-byte file header, then records of a 16-byte header (24 for
 * the 0xA1B2CD34 "modified" variant) and caplen unpadded bytes. PROCESS-METADATA.md §5.1.
 */
import { newFrame } from './frame.js';
import { isRegisteredLinkType } from './linktypes.js';
import type { RecordDecoder } from './record-decoder.js';
import { CaptureFormatError, type CaptureFormat, type CaptureSink, type InterfaceDescription } from './types.js';

const FILE_HEADER_LEN = 24;
const FCS_PRESENT = 0x04000000;

export interface PcapMagic {
  format: Exclude<CaptureFormat, 'pcapng'>;
  littleEndian: boolean;
}

/** Recognises the 6 pcap magics from the first 4 bytes (as a little-endian u32). */
export function pcapMagic(magicLE: number): PcapMagic | undefined {
  switch (magicLE) {
    case 0xa1b2c3d4: return { format: 'pcap', littleEndian: true };
    case 0xd4c3b2a1: return { format: 'pcap', littleEndian: false };
    case 0xa1b23c4d: return { format: 'pcap-ns', littleEndian: true };
    case 0x4d3cb2a1: return { format: 'pcap-ns', littleEndian: false };
    case 0xa1b2cd34: return { format: 'pcap-modified', littleEndian: true };
    case 0x34cdb2a1: return { format: 'pcap-modified', littleEndian: false };
    default: return undefined;
  }
}

export class PcapDecoder implements RecordDecoder {
  frameCount = 0;
  private readonly le: boolean;
  private readonly nano: boolean;
  private readonly modified: boolean;
  private readonly recLen: number;
  private headerDone = false;
  private linkType = 0;
  // Records of one second share the bigint seconds part.
  private lastSec = -1;
  private lastSecNs = 0n;

  constructor(
    magic: PcapMagic,
    private readonly maxCapLen: number,
    private readonly interfaces: InterfaceDescription[],
  ) {
    this.le = magic.littleEndian;
    this.nano = magic.format === 'pcap-ns';
    this.modified = magic.format === 'pcap-modified';
    this.recLen = this.modified ? 24 : 16;
  }

  get headerSize(): number {
    return this.headerDone ? this.recLen : FILE_HEADER_LEN;
  }

  unitLength(_buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number {
    if (!this.headerDone) return FILE_HEADER_LEN;
    const capLen = dv.getUint32(off + 8, this.le);
    if (capLen > this.maxCapLen) throw this.tooLarge(capLen, fileOffset);
    return this.recLen + capLen;
  }

  isFrameUnit(): boolean {
    return this.headerDone;
  }

  decode(buf: Uint8Array, dv: DataView, start: number, end: number, base: number, sink: CaptureSink): number {
    let pos = start;
    if (!this.headerDone) {
      if (end - pos < FILE_HEADER_LEN) return pos;
      this.readFileHeader(dv, pos, sink);
      pos += FILE_HEADER_LEN;
    }
    const le = this.le;
    const hl = this.recLen;
    const max = this.maxCapLen;
    const linkType = this.linkType;
    while (end - pos >= hl) {
      const capLen = dv.getUint32(pos + 8, le);
      if (capLen > max) throw this.tooLarge(capLen, base + pos);
      const dataOff = pos + hl;
      const next = dataOff + capLen;
      if (next > end) break;
      const sec = dv.getUint32(pos, le);
      const frac = dv.getUint32(pos + 4, le);
      if (sec !== this.lastSec) {
        this.lastSec = sec;
        this.lastSecNs = BigInt(sec) * 1_000_000_000n;
      }
      const fracNs = this.nano ? frac : frac * 1000;
      const frame = newFrame(
        ++this.frameCount, base + pos, base + dataOff, capLen, dv.getUint32(pos + 12, le),
        this.lastSecNs + BigInt(fracNs), true, 0, linkType, buf.subarray(dataOff, next),
      );
      if (fracNs >= 1_000_000_000) {
        // Keep wiretap's view (nsecs is a C int, µs×1000 wraps in 32 bits) for tshark-exact output.
        frame.tsRaw = { secs: sec, nsecs: this.nano ? frac | 0 : Math.imul(frac, 1000) };
      }
      if (this.modified) {
        frame.ifIndex = dv.getInt32(pos + 16, le);
        frame.protocol = dv.getUint16(pos + 20, le);
        frame.pktType = buf[pos + 22];
      }
      sink.onFrame(frame);
      pos = next;
    }
    return pos;
  }

  private readFileHeader(dv: DataView, pos: number, sink: CaptureSink): void {
    const le = this.le;
    const major = dv.getUint16(pos + 4, le);
    const minor = dv.getUint16(pos + 6, le);
    // Like wiretap and libpcap: 1.x is archaic; 2.x and later are read.
    if (major < 2) throw new CaptureFormatError('bad-version', `unsupported pcap version ${major}.${minor}`, 0);
    const snapLen = dv.getUint32(pos + 16, le);
    const ltField = dv.getUint32(pos + 20, le);
    this.linkType = ltField & 0xffff;
    if (!isRegisteredLinkType(this.linkType)) {
      throw new CaptureFormatError('unknown-link-type', `unknown link type ${this.linkType} in the pcap file header`, pos + 20);
    }
    const iface: InterfaceDescription = {
      id: 0,
      section: 0,
      localId: 0,
      linkType: this.linkType,
      snapLen,
      tsResolution: { base: 10, exponent: this.nano ? 9 : 6 },
      tsOffsetSeconds: 0n,
      comments: [],
    };
    // Top 4 bits: FCS length in 16-bit words, valid when bit 0x04000000 is set.
    if (ltField & FCS_PRESENT) iface.fcsLength = ((ltField >>> 28) & 0xf) * 2;
    this.headerDone = true;
    this.interfaces.push(iface);
    sink.onInterface(iface);
  }

  private tooLarge(capLen: number, offset: number): CaptureFormatError {
    const n = this.frameCount + 1;
    return new CaptureFormatError('caplen-too-large', `record caplen ${capLen} exceeds the limit ${this.maxCapLen}`, offset, n);
  }
}
