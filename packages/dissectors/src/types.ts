/**
 * What a loaded dissector (declarative spec or Wireshark Lua file) gives the engine: its fields (for
 * the filter registry), where it runs (ports, heuristics) and per-connection PDU framing whose results
 * are Wireshark-named facts. Independent of the engine and the index.
 */
import type { PduProtocol } from '@wirewho/reassembly';

/** A value of a field occurrence (bigint for 64-bit integers past 2^53; bytes for FT_BYTES). */
export type FieldValue = string | number | boolean | bigint | Uint8Array;

/** Facts keyed by Wireshark field name; arrays are multi-occurrence fields; null: present without an indexed value. */
export type Facts = Record<string, FieldValue | FieldValue[] | null>;

/** A line of a PDU's detail tree (offsets relative to the PDU). */
export interface PduTreeNode {
  label: string;
  field?: string;
  value?: string;
  start: number;
  length: number;
  children?: PduTreeNode[];
  /** A message rebuilt from UDP fragments: the range is in the reassembled message (see `pieces`). */
  inMessage?: boolean;
  /** The range is in the UDP payload of this frame (a fragment header's fields). */
  inFrame?: number;
  /**
   * On the root of a message rebuilt from UDP fragments: where its bytes are, as [frame, offset in
   * that frame's UDP payload, length, offset in the message], so the detail view can rebuild them.
   */
  pieces?: [number, number, number, number][];
}

/** Dissection of one PDU: facts for the index, a one-line summary, the detail tree. */
export interface DissectorResult {
  facts: Facts;
  summary: string;
  tree: PduTreeNode[];
}

/** Wireshark field types a dissector may declare (the FT_* names of the filter registry). */
export type DissectorFieldType =
  | 'FT_PROTOCOL' | 'FT_BOOLEAN' | 'FT_UINT8' | 'FT_UINT16' | 'FT_UINT24' | 'FT_UINT32' | 'FT_UINT64'
  | 'FT_INT8' | 'FT_INT16' | 'FT_INT24' | 'FT_INT32' | 'FT_INT64' | 'FT_STRING' | 'FT_STRINGZ' | 'FT_BYTES'
  | 'FT_IPv4' | 'FT_ETHER' | 'FT_FRAMENUM';

/** A field a dissector registers (ProtoField / spec field): joins the filter registry. */
export interface DissectorField {
  /** Filter name, e.g. "crap.length". */
  abbr: string;
  /** Display name, e.g. "Length". */
  name: string;
  type: DissectorFieldType;
  description?: string;
}

/** A UDP datagram handler of one UDP stream direction pair. */
export interface UdpSession {
  /** One datagram: PDUs it completes (zero, one, or several). */
  datagram(payload: Uint8Array, frame: number, direction: 0 | 1, stream?: number): UdpPdu[];
  /** End of capture: messages still incomplete. */
  finish(): UdpPdu[];
}

export interface UdpPdu {
  /** Offset of the PDU in the datagram (0 for reassembled messages) and its length. */
  offset: number;
  length: number;
  frames: number[];
  reassembledIn: number;
  /** An incomplete message (fragments missing) or a PDU cut short. */
  truncated: boolean;
  direction: 0 | 1;
  result: DissectorResult;
}

export interface UserProtocol {
  /** Lower-case protocol name (pdus.protocol; the filter prefix of its fields). */
  name: string;
  description: string;
  fields: DissectorField[];
  tcpPorts: ReadonlySet<number>;
  udpPorts: ReadonlySet<number>;
  /** Heuristic on the first bytes of a TCP direction / a UDP datagram (no port match needed). */
  tcpHeuristic?(first: Uint8Array): boolean;
  udpHeuristic?(payload: Uint8Array): boolean;
  /** PDU framing of one TCP connection: a protocol per direction. */
  tcpSession?(): (dir: 0 | 1) => PduProtocol<DissectorResult>;
  udpSession?(): UdpSession;
  /**
   * A post-dissector (Lua register_postdissector): runs once per frame over the whole frame's bytes;
   * its facts belong to that frame. null when it added nothing (or failed).
   */
  postDissect?(frame: Uint8Array, meta: FrameMeta): Facts | null;
}

/** What a post-dissector's Pinfo shows of a frame (addresses and ports of its outermost IP/transport). */
export interface FrameMeta {
  number: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: 'tcp' | 'udp' | '';
  stream: number;
}

/** A file of the dissector folder, loaded or not. */
export interface DissectorFile {
  /** Protocol name(s) it defines ('' when it failed before defining one). */
  names: string[];
  file: string;
  kind: 'declarative' | 'lua';
  sha256: string;
  enabled: boolean;
  /** Load error, with the 1-based line when known. */
  error?: { message: string; line?: number };
}
