/** Shapes of IP defragmentation: what goes in, what comes out, and its limits. */

/** One IPv4 or IPv6 fragment as the decoder found it. */
export interface FragmentInput {
  family: 4 | 6;
  /** Buffer holding both addresses (read at srcOffset/dstOffset; 4 or 16 bytes each). */
  addrs: Uint8Array;
  srcOffset: number;
  dstOffset: number;
  /** IPv4 protocol, or the next header of the IPv6 fragment header. */
  protocol: number;
  /** IPv4 identification or IPv6 fragment identification. */
  id: number;
  /** Fragment offset in bytes. */
  offset: number;
  /** More-fragments flag. */
  more: boolean;
  /** The fragment's payload, complete (a view; copied when kept). */
  data: Uint8Array;
  frame: number;
  tsNs: bigint;
}

/** Two arrivals disagreeing about the same datagram bytes (the first one was kept). */
export interface FragmentConflict {
  /** Byte range in the datagram payload where the copies differ (first to last differing byte). */
  offset: number;
  length: number;
  /** Frame whose bytes were kept, and the later frame whose bytes were discarded. */
  keptFrame: number;
  discardedFrame: number;
}

/** A datagram put back together. */
export interface ReassembledDatagram {
  family: 4 | 6;
  /** Source then destination address bytes (8 or 32 bytes). */
  addrs: Uint8Array;
  src: string;
  dst: string;
  protocol: number;
  id: number;
  /** The reassembled IP payload (e.g. UDP header + data). */
  payload: Uint8Array;
  /** Every fragment frame, in fragment-offset order (arrival order for equal offsets), like ip.fragment. */
  fragmentFrames: number[];
  /** The frame whose arrival completed the datagram (tshark's "reassembled in"). */
  completedIn: number;
  /** Some fragments overlapped (duplicates included). */
  overlap: boolean;
  /** Overlapping bytes differed; details in `conflicts`. */
  conflict: boolean;
  conflicts: FragmentConflict[];
  /** Fragments that reached past the end the last fragment declared (their excess was dropped). */
  tooLongFragments: number[];
}

export type IncompleteReason = 'timeout' | 'memory' | 'datagrams' | 'end' | 'too-large' | 'inconsistent-tail';

/** A datagram that never became complete (recorded, never silently forgotten). */
export interface IncompleteDatagram {
  family: 4 | 6;
  src: string;
  dst: string;
  protocol: number;
  id: number;
  fragmentFrames: number[];
  /** Distinct payload bytes received. */
  receivedBytes: number;
  /** Payload length declared by the last fragment, or -1 when it never arrived. */
  declaredLength: number;
  reason: IncompleteReason;
  firstFrame: number;
  lastFrame: number;
}

export interface DefragOptions {
  /** Largest reassembled payload accepted (default 65,535 bytes). */
  maxDatagramBytes?: number;
  /** Pending (incomplete) datagrams kept at once (default 4,096); the oldest is given up beyond. */
  maxPendingDatagrams?: number;
  /** Payload bytes held for pending datagrams (default 16 MiB); the oldest are given up beyond. */
  maxPendingBytes?: number;
  /** A pending datagram is given up this long (capture time, ns) after its first fragment (default 30 s, Linux ipfrag_time). */
  timeoutNs?: bigint;
}

/** What happened to one fragment. */
export type DefragResult =
  | { kind: 'pending' }
  | { kind: 'complete'; datagram: ReassembledDatagram }
  | { kind: 'rejected'; reason: 'too-large' | 'inconsistent-tail' };
