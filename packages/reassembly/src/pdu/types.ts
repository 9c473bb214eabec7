/** The contract between the PDU framework (tcp_dissect_pdus equivalent) and a protocol. */
import type { Direction } from '../tcp/types.js';

/** pduLength(): not enough bytes yet to know the length. */
export const NEED_MORE = -1;
/** pduLength(): the bytes at this position cannot start a PDU. */
export const INVALID = -2;

export interface PduProtocol<R = unknown> {
  readonly name: string;
  /** Bytes needed before pduLength can be asked (at least 1). */
  readonly fixedLength: number;
  /**
   * Total length of the PDU starting at buf[offset] (buf.length - offset >= fixedLength bytes are
   * available), or NEED_MORE (e.g. an HTTP header not complete yet), or INVALID.
   */
  pduLength(buf: Uint8Array, offset: number): number;
  /** Dissects one whole PDU. `pdu` is a view valid during the call only. */
  dissect(pdu: Uint8Array, ctx: PduRecord): R;
  /**
   * After a gap or an INVALID length: offset (>= offset) in buf of the next plausible PDU start,
   * e.g. where magic bytes match, or -1 when buf holds none. Without it, framing stops for good
   * rather than guess.
   */
  resync?(buf: Uint8Array, offset: number): number;
  /** Largest PDU buffered whole (overrides the framework option). */
  readonly maxPduLength?: number;
  /**
   * Framing of its own instead of the PduDesegmenter, for dissectors that say what they need through
   * desegment_offset/desegment_len (Wireshark's Lua dissectors: CallbackDesegmenter).
   */
  createFramer?(stream: number, direction: Direction, sink: PduSink<R>): StreamFramer;
}

/** What a stream direction's PDU framing accepts (PduDesegmenter and CallbackDesegmenter alike). */
export interface StreamFramer {
  data(offset: number, bytes: Uint8Array, frame: number): void;
  gap(offset: number, length: number): void;
  finish(): void;
}

/** One application message found in a stream direction. */
export interface PduRecord {
  protocol: string;
  stream: number;
  direction: Direction;
  /** Stream offset of the PDU's first byte, and its length. */
  offset: number;
  length: number;
  /** Every frame the PDU's bytes came from, in stream order. */
  frames: number[];
  /** The frame whose bytes completed the PDU (Wireshark's "reassembled in"). */
  reassembledIn: number;
  /**
   * dissect saw only the PDU's head: it exceeded maxPduLength (the rest was not kept), or some of its
   * bytes are missing from the stream (a gap or a snaplen cut; the head is what came before).
   */
  truncated: boolean;
}

/** Framing lost (a gap inside or before a PDU, an INVALID length, the end of the data) or regained. */
export interface FramingEvent {
  kind: 'lost' | 'resynced';
  stream: number;
  direction: Direction;
  /** Stream offset where framing was lost, or where it resumed. */
  offset: number;
  reason?: 'gap' | 'invalid' | 'too-large' | 'end';
  /** For 'resynced': bytes skipped while searching. */
  skipped?: number;
}

export interface PduSink<R = unknown> {
  pdu(rec: PduRecord, result: R): void;
  framing?(e: FramingEvent): void;
}

export interface PduOptions {
  /** Largest PDU buffered whole (default 16 MiB); larger ones are skipped past, their head dissected. */
  maxPduLength?: number;
}
