/** Classic pcap writer (little-endian, µs or ns magic). Returns bytes; the caller writes them. */
import { ByteWriter } from './byte-writer.js';

export interface PcapWriterOptions {
  nanosecond: boolean;
  linkType: number;
  snapLen: number;
  /** Stored in the link-type field's FCS bits (bytes, even, ≤ 30). */
  fcsLength?: number;
}

const NS = 1_000_000_000n;

export class PcapWriter {
  private readonly w = new ByteWriter(2048);

  constructor(private readonly opts: PcapWriterOptions) {
    if (!Number.isInteger(opts.linkType) || opts.linkType < 0 || opts.linkType > 0xffff) {
      throw new RangeError(`link type must fit 16 bits, got ${opts.linkType}`);
    }
  }

  /** The 24-byte file header. */
  header(): Uint8Array {
    const { nanosecond, linkType, snapLen, fcsLength } = this.opts;
    let lt = linkType;
    if (fcsLength !== undefined) {
      if (fcsLength < 0 || fcsLength > 30 || fcsLength % 2 !== 0) throw new RangeError(`pcap FCS length must be an even 0-30, got ${fcsLength}`);
      lt = (lt | 0x04000000 | ((fcsLength / 2) << 28)) >>> 0;
    }
    return this.w.reset().u32(nanosecond ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snapLen >>> 0).u32(lt).toBytes();
  }

  /** One record; the fraction is truncated to µs for a µs file. */
  packet(tsNs: bigint, data: Uint8Array, origLen: number = data.length): Uint8Array {
    if (tsNs < 0n || tsNs >= 4294967296n * NS) throw new RangeError(`timestamp ${tsNs} ns is outside pcap's unsigned 32-bit seconds`);
    const sec = Number(tsNs / NS);
    const fracNs = Number(tsNs % NS);
    const frac = this.opts.nanosecond ? fracNs : Math.floor(fracNs / 1000);
    return this.w.reset().u32(sec).u32(frac).u32(data.length).u32(origLen >>> 0).bytes(data).toBytes();
  }
}
