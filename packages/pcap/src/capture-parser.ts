/**
 * Push-based streaming reader for pcap and pcapng. Chunks are consecutive slices of the file of any
 * size. Complete records are decoded in place (FrameRecord.data is a view into the chunk); only the
 * incomplete tail is copied, into a stash that never holds more than one record or block, so
 * memory stays bounded by the largest block (≤ 16 MiB + maxCapLen, checked before buffering).
 */
import { BT_SHB } from './pcapng-constants.js';
import { PcapDecoder, pcapMagic } from './pcap-decoder.js';
import { PcapngDecoder } from './pcapng-decoder.js';
import type { RecordDecoder } from './record-decoder.js';
import { CaptureFormatError, type CaptureFormat, type CaptureSink, type InterfaceDescription } from './types.js';

export const DEFAULT_MAX_CAPLEN = 262144;

export interface CaptureParserOptions {
  /** Largest caplen accepted (default 262144, Wireshark's limit); larger records are an error. */
  maxCapLen?: number;
}

const EMPTY = new Uint8Array(0);
/** A stash grown past this for one big block is dropped once the block is done. */
const STASH_KEEP_LIMIT = 1024 * 1024;

export class CaptureParser {
  readonly maxCapLen: number;
  /** Every interface seen so far, by global id. */
  readonly interfaces: InterfaceDescription[] = [];
  private decoder: RecordDecoder | undefined;
  private fmt: CaptureFormat | undefined;
  private stash: Uint8Array = EMPTY;
  private stashDv: DataView = new DataView(EMPTY.buffer);
  private stashLen = 0;
  /** File offset of stash[0]. */
  private stashBase = 0;
  private pushed = 0;
  private failure: unknown;
  private failed = false;
  private ended = false;

  constructor(options: CaptureParserOptions = {}) {
    const max = options.maxCapLen ?? DEFAULT_MAX_CAPLEN;
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxCapLen must be a positive integer, got ${max}`);
    this.maxCapLen = max;
  }

  /** Detected format; undefined until the first 4 bytes arrived. */
  get format(): CaptureFormat | undefined {
    return this.fmt;
  }

  /** File offset up to which every record has been decoded (after a fault: the fault's offset). */
  get bytesConsumed(): number {
    return this.failure instanceof CaptureFormatError ? this.failure.offset : this.pushed - this.stashLen;
  }

  /** Bytes the parser holds between pushes (the stash's allocation). */
  get retainedBytes(): number {
    return this.stash.byteLength;
  }

  /** Frames delivered so far. */
  get frameCount(): number {
    return this.decoder?.frameCount ?? 0;
  }

  /**
   * Decodes what `chunk` completes and delivers it to `sink`. Throws CaptureFormatError at the first
   * fault, after delivering everything before it; the parser is unusable afterwards.
   */
  push(chunk: Uint8Array, sink: CaptureSink): void {
    this.guard();
    try {
      this.pushInner(chunk, sink);
    } catch (e) {
      this.failed = true;
      this.failure = e;
      throw e;
    }
  }

  /** Declares end of file: throws 'empty' for 0 bytes, 'truncated' if a record is incomplete. */
  end(_sink?: CaptureSink): void {
    this.guard();
    this.ended = true;
    if (this.pushed === 0) throw this.fail(new CaptureFormatError('empty', 'capture file is empty (0 bytes)', 0));
    if (this.stashLen > 0) {
      const dec = this.decoder;
      const frame = dec !== undefined && dec.isFrameUnit(this.stash, this.stashDv, 0, this.stashLen) ? dec.frameCount + 1 : undefined;
      const what = dec === undefined ? 'file header' : frame !== undefined ? 'record' : 'block or header';
      throw this.fail(new CaptureFormatError('truncated', `file ends inside a ${what} (${this.stashLen} bytes of it present)`, this.stashBase, frame));
    }
  }

  private guard(): void {
    if (this.failed) throw this.failure;
    if (this.ended) throw new Error('CaptureParser: end() was already called');
  }

  private fail(e: CaptureFormatError): CaptureFormatError {
    this.failed = true;
    this.failure = e;
    return e;
  }

  private pushInner(chunk: Uint8Array, sink: CaptureSink): void {
    const chunkBase = this.pushed;
    this.pushed += chunk.length;
    const n = chunk.length;
    let pos = 0;

    // 1. Complete the unit an earlier chunk left unfinished, from the front of this chunk.
    while (this.stashLen > 0) {
      const need = this.stashNeed();
      if (this.stashLen < need) {
        const take = Math.min(need - this.stashLen, n - pos);
        this.appendStash(chunk, pos, take);
        pos += take;
        if (this.stashLen < need) return;
        continue; // the header may now tell the full length
      }
      this.decoder!.decode(this.stash, this.stashDv, 0, this.stashLen, this.stashBase, sink);
      this.stashLen = 0;
      if (this.stash.byteLength > STASH_KEEP_LIMIT) this.setStash(EMPTY);
    }
    if (pos >= n) return;

    // 2. Decode whole units in place; stash the incomplete tail.
    const dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.decoder === undefined) {
      if (n - pos < 4) {
        this.stashTail(chunk, pos, chunkBase);
        return;
      }
      this.detect(dv, pos);
    }
    pos = this.decoder!.decode(chunk, dv, pos, n, chunkBase, sink);
    if (pos < n) this.stashTail(chunk, pos, chunkBase);
  }

  /** Total bytes the stashed unit needs: its header size until the length is known. */
  private stashNeed(): number {
    if (this.decoder === undefined) {
      if (this.stashLen < 4) return 4;
      this.detect(this.stashDv, 0);
    }
    const dec = this.decoder!;
    if (this.stashLen < dec.headerSize) return dec.headerSize;
    return dec.unitLength(this.stash, this.stashDv, 0, this.stashBase);
  }

  private detect(dv: DataView, off: number): void {
    const magic = dv.getUint32(off, true);
    if (magic === BT_SHB) {
      this.fmt = 'pcapng';
      this.decoder = new PcapngDecoder(this.maxCapLen, this.interfaces);
      return;
    }
    const pm = pcapMagic(magic);
    if (pm === undefined) {
      throw new CaptureFormatError('bad-magic', `not a pcap or pcapng file (magic 0x${magic.toString(16).padStart(8, '0')})`, 0);
    }
    this.fmt = pm.format;
    this.decoder = new PcapDecoder(pm, this.maxCapLen, this.interfaces);
  }

  private stashTail(chunk: Uint8Array, pos: number, chunkBase: number): void {
    this.stashBase = chunkBase + pos;
    this.stashLen = 0;
    this.appendStash(chunk, pos, chunk.length - pos);
  }

  private appendStash(chunk: Uint8Array, pos: number, count: number): void {
    const need = this.stashLen + count;
    if (need > this.stash.byteLength) {
      let cap = Math.max(4096, this.stash.byteLength);
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.stash.subarray(0, this.stashLen));
      this.setStash(next);
    }
    this.stash.set(chunk.subarray(pos, pos + count), this.stashLen);
    this.stashLen = need;
  }

  private setStash(buf: Uint8Array): void {
    this.stash = buf;
    this.stashDv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
}

/** Parses a whole file held in memory (push + end). */
export function parseCapture(bytes: Uint8Array, sink: CaptureSink, options?: CaptureParserOptions): CaptureParser {
  const p = new CaptureParser(options);
  p.push(bytes, sink);
  p.end(sink);
  return p;
}
