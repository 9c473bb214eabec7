/**
 * What the decoders produce. Two levels, like etherparse's sliced vs full decode:
 * - FrameSummary: the cheap per-frame facts the index stores (one pass, no allocation beyond strings);
 * - DetailNode tree: built on demand for one frame when the analyst selects it.
 */

/** TCP flag bits as in the TCP header byte 13 plus NS (bit 8). */
export const TcpFlag = {
  FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80, NS: 0x100,
} as const;

export interface FrameSummary {
  /** Wireshark's Protocol column, e.g. "TCP", "UDP", "DNS", "ARP", "ICMPv6". */
  protocol: string;
  /** Wireshark-like Info column text. */
  info: string;
  /** Colon-joined protocol stack like frame.protocols, e.g. "eth:ethertype:ip:tcp". */
  protocols: string;
  ethSrc?: string;
  ethDst?: string;
  /** VLAN ids outermost first. */
  vlanIds?: number[];
  /** Linux cooked capture (SLL/SLL2) packet type: 0 to us, 1 broadcast, 2 multicast, 3 other host, 4 sent by us. */
  pktType?: number;
  /** 4 or 6 for the outermost IP layer; 0 when there is none. */
  ipVersion: 0 | 4 | 6;
  /** Outermost IP layer addresses as Wireshark prints them (dotted quad / RFC 5952 IPv6). */
  ipSrc?: string;
  ipDst?: string;
  /** Transport protocol number of the first transport header (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6 ...). */
  ipProto?: number;
  /** IPv4 Identification, or the Identification of an IPv6 fragment header. */
  ipId?: number;
  ipTtl?: number;
  /** True when this frame is an IP fragment (MF set or offset > 0, or an IPv6 fragment header). */
  ipFragment?: boolean;
  srcPort?: number;
  dstPort?: number;
  /** tcp.flags: the low 12 bits of TCP header bytes 12-13 (TcpFlag bits, NS/AE = 0x100, reserved 0xe00). */
  tcpFlags?: number;
  tcpSeq?: number;
  tcpAck?: number;
  tcpWindow?: number;
  /** TCP segment payload length (tcp.len) or UDP payload length. */
  l4PayloadLen?: number;
  /** Byte offset of the L4 payload inside the frame data (for later reassembly). */
  l4PayloadOffset?: number;
  /** Where the TCP header starts in the frame and where the segment ends as the IP layer reports it. */
  tcpOffset?: number;
  tcpEnd?: number;
  icmpType?: number;
  icmpCode?: number;
  /** Set when decoding stopped early: the frame is malformed or truncated at this layer. */
  malformed?: string;
}

/** One line of the detail tree: a protocol layer or a field, with its byte range in the frame. */
export interface DetailNode {
  /** Display text, e.g. "Source Port: 443" or "Transmission Control Protocol, Src Port: ...". */
  label: string;
  /** Wireshark field or protocol name, e.g. "tcp.srcport", "ip". Absent for pure text lines. */
  field?: string;
  /** Display-filter-ready value as Wireshark would write it (e.g. "443", "10.0.0.1", "0x0002"). */
  value?: string;
  /** Byte range in the frame data (start offset, length); length 0 when it covers no bytes. */
  start: number;
  length: number;
  children?: DetailNode[];
}

/** Context the frame tree needs beyond the bytes (from the capture file record). */
export interface FrameContext {
  number: number;
  linkType: number;
  tsNs: bigint;
  capLen: number;
  origLen: number;
  interfaceId: number;
  interfaceName?: string;
  comments?: string[];
  flags?: number;
  /**
   * The frame's IP fragment went into a reassembly: a first fragment's payload is then data, as in
   * Wireshark (the transport layer shows in the frame that completed the datagram).
   */
  fragmentsAsData?: boolean;
}
