/**
 * The PDU contract of @wirewho/reassembly's desegmenter (Wireshark's tcp_dissect_pdus), restated here
 * so the protocols package does not depend on the reassembly package. The shapes are structurally
 * identical: a `PduProtocol<R>` from this file can be handed to the reassembly engine as is.
 */

/** pduLength(): not enough bytes yet to know the length. Same value as @wirewho/reassembly's NEED_MORE. */
export const NEED_MORE = -1;
/** pduLength(): the bytes at this position cannot start a PDU. Same value as @wirewho/reassembly's INVALID. */
export const INVALID = -2;

export interface PduProtocol<R> {
  readonly name: string;
  /** Bytes needed before pduLength can be asked (at least 1). */
  readonly fixedLength: number;
  /** Total length of the PDU at buf[offset], or NEED_MORE, or INVALID. Never throws. */
  pduLength(buf: Uint8Array, offset: number): number;
  /** Dissects one whole PDU (or, when the engine marks it truncated, its head). Never throws. */
  dissect(pdu: Uint8Array, ctx?: unknown): R;
  /** Offset (>= offset) of the next plausible PDU start in buf, or -1. */
  resync?(buf: Uint8Array, offset: number): number;
  /**
   * Extension to the engine contract, for PDUs delimited by the end of the stream (an HTTP response
   * without Content-Length or chunking, RFC 9112 §6.3 rule 8): called when the direction ends (FIN,
   * RST, end of capture) with the bytes still pending at buf[offset..]; returns their length when they
   * form one complete PDU (then dissect them), or INVALID. Wireshark reports such a PDU in the frame
   * that closed the direction (the FIN).
   */
  endOfStream?(buf: Uint8Array, offset: number): number;
  readonly maxPduLength?: number;
}

/** A value of a Wireshark field in the facts objects. */
export type FieldValue = string | number | boolean;

/**
 * The Wireshark fields of a facts object: its keys containing a dot ("dns.qry.name", "_ws.malformed"),
 * whose values are scalars or arrays of scalars (one entry per occurrence). The other keys (`body`,
 * `headers`, `framing`, `handshakes`, ...) are helpers for the engine, not fields.
 */
export function fieldEntries(facts: object): [string, FieldValue | readonly FieldValue[]][] {
  const out: [string, FieldValue | readonly FieldValue[]][] = [];
  for (const [k, v] of Object.entries(facts)) {
    if (k.includes('.') && v !== undefined && v !== null) out.push([k, v as FieldValue | readonly FieldValue[]]);
  }
  return out;
}

/** Stream, direction and stream offset of the engine's PduRecord (dissect's ctx), when present. */
export function streamOf(ctx: unknown): { stream: number; direction: 0 | 1; offset: number } | undefined {
  if (typeof ctx !== 'object' || ctx === null) return undefined;
  const { stream, direction, offset } = ctx as { stream?: unknown; direction?: unknown; offset?: unknown };
  if (typeof stream !== 'number' || (direction !== 0 && direction !== 1)) return undefined;
  return { stream, direction, offset: typeof offset === 'number' ? offset : -1 };
}

/**
 * Per-stream state for the shared protocol objects: a Map capped at `max` entries (least recently used
 * out). A PDU at stream offset 0 in a direction that already had PDUs starts a new connection (the same
 * stream number in another capture, or a numbering restart): its state is created afresh.
 */
export class StreamMap<T> {
  private readonly m = new Map<number, { value: T; seen: number }>();
  constructor(private readonly create: () => T, private readonly max = 65536) {}

  get(stream: number, direction: 0 | 1, offset: number): T {
    let e = this.m.get(stream);
    if (e !== undefined) {
      this.m.delete(stream);
      if (offset === 0 && e.seen & (1 << direction)) e = undefined;
    }
    if (e === undefined) {
      e = { value: this.create(), seen: 0 };
      if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value as number);
    }
    e.seen |= 1 << direction;
    this.m.set(stream, e);
    return e.value;
  }

  get size(): number {
    return this.m.size;
  }
}

/** Text of d[start, end): printable ASCII as is, other bytes as "\xNN" (Wireshark's format_text), or raw latin-1 when !escape. */
export function latin1(d: Uint8Array, start: number, end: number, escape = true): string {
  let s = '';
  for (let i = start; i < end; i++) {
    const ch = d[i];
    if (!escape || (ch >= 0x20 && ch < 0x7f)) s += String.fromCharCode(ch);
    else s += '\\x' + (ch < 16 ? '0' : '') + ch.toString(16);
  }
  return s;
}
