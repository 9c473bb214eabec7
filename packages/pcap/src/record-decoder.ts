/**
 * What CaptureParser needs from a format decoder. A "unit" is the smallest piece the decoder can
 * process on its own: the pcap file header, one pcap record, or one pcapng block.
 */
import type { CaptureSink } from './types.js';

export interface RecordDecoder {
  /** Bytes needed at the start of a unit before its total length is known. */
  readonly headerSize: number;
  /**
   * Total length of the unit at `off` (at least headerSize bytes available). Throws
   * CaptureFormatError for lengths that can never be valid, so they are never buffered.
   */
  unitLength(buf: Uint8Array, dv: DataView, off: number, fileOffset: number): number;
  /**
   * Processes every complete unit in [start, end) and returns where the first incomplete one
   * starts. `base` is the file offset of buf[0].
   */
  decode(buf: Uint8Array, dv: DataView, start: number, end: number, base: number, sink: CaptureSink): number;
  /** Whether an incomplete unit (avail bytes at off) is a frame record; for the 'truncated' error. */
  isFrameUnit(buf: Uint8Array, dv: DataView, off: number, avail: number): boolean;
  /** Frames delivered so far. */
  readonly frameCount: number;
}
