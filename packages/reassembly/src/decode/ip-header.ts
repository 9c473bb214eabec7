/** What the IPv4/IPv6 decoders report about one IP header (a reused, mutable record). */
export interface IpHeader {
  family: 4 | 6;
  /** Offset of the IP header in the buffer. */
  offset: number;
  srcOffset: number;
  dstOffset: number;
  /** Upper-layer protocol (IPv4 protocol; IPv6: next header after the extension chain or fragment header). */
  protocol: number;
  /** IPv4 identification, or the IPv6 fragment header's identification (0 when not a fragment). */
  id: number;
  isFragment: boolean;
  /** Fragment offset in bytes. */
  fragmentOffset: number;
  moreFragments: boolean;
  /** Offset of the upper-layer payload (for a fragment: of the fragment data). */
  payloadOffset: number;
  /** Payload length as the IP length fields state it (on the wire). */
  payloadLength: number;
  /** Payload bytes actually captured (<= payloadLength when snaplen cut the frame). */
  payloadCaptured: number;
  /** The length fields claim more than the frame holds on the wire (a fragment is then not whole). */
  lengthExceedsFrame: boolean;
  /** Why decoding failed ('' when the header is usable). */
  error: string;
}

export function newIpHeader(): IpHeader {
  return {
    family: 4, offset: 0, srcOffset: 0, dstOffset: 0, protocol: 0, id: 0, isFragment: false,
    fragmentOffset: 0, moreFragments: false, payloadOffset: 0, payloadLength: 0, payloadCaptured: 0,
    lengthExceedsFrame: false, error: '',
  };
}
