import type { FrameSummary } from './types.js';

const EMPTY = new Uint8Array(0);

/**
 * Where the summary decoder is inside the frame. One instance is reused for every frame
 * (summarizeFrame is synchronous and never re-entered), so the hot path allocates nothing for it.
 *
 * Two ends, like Wireshark's tvbuffs: `cap` is the end of the captured bytes of the current layer,
 * `rep` the end the headers claim (the "reported" length, which goes past `cap` in snaplen-cut
 * captures). Lengths such as tcp.len are computed from `rep`, bytes are only read below `cap`.
 */
export class Cursor {
  d: Uint8Array = EMPTY;
  /** Start of the current layer. */
  off = 0;
  /** End (exclusive) of captured bytes available to the current layer. */
  cap = 0;
  /** End (exclusive) of the current layer as its enclosing headers report it (>= cap when snapped). */
  rep = 0;
  /** The outermost IP packet is a first fragment (offset 0, MF set): skip length sanity checks. */
  fragmented = false;
  /** IPv4 TTL / IPv6 hop limit of the enclosing IP header (ICMP Info shows it). */
  ttl = 0;

  reset(d: Uint8Array, origLen: number): void {
    this.d = d;
    this.off = 0;
    this.cap = d.length;
    // A caller may pass origLen < caplen (bogus record): the captured bytes still exist.
    this.rep = origLen > d.length ? origLen : d.length;
    this.fragmented = false;
    this.ttl = 0;
  }
}

export const LIMITED = '[Packet size limited during capture]';
export const MALFORMED = '[Malformed Packet]';

/**
 * Record that a layer needed bytes up to `need` and they are not there. Like Wireshark: bytes that
 * the headers promise but the snaplen cut off are "Packet size limited during capture", bytes beyond
 * what the headers promise are a "Malformed Packet".
 */
export function markTruncated(s: FrameSummary, c: Cursor, need: number, layer: string): void {
  const limited = need <= c.rep;
  if (s.malformed === undefined) s.malformed = limited ? `${layer}: packet size limited during capture` : `${layer}: truncated (malformed)`;
  s.info += limited ? LIMITED : MALFORMED;
}

/** Record a semantic fault (bogus length etc.) with the text Wireshark would show. */
export function markMalformed(s: FrameSummary, reason: string): void {
  if (s.malformed === undefined) s.malformed = reason;
}
