/**
 * Data shapes that cross the UI <-> engine boundary. Plain JSON only: 64-bit values (nanosecond
 * timestamps, byte counts that may exceed 2^53) travel as decimal strings so no transport loses precision.
 */

export type EvidenceStatus = 'ingesting' | 'complete' | 'incomplete' | 'failed';

export interface EvidenceDto {
  id: number;
  path: string;
  size: number;
  sha256: string;
  format: string;
  status: EvidenceStatus;
  frameCount: number;
  firstTsNs: string | null;
  lastTsNs: string | null;
  /** Why the evidence is incomplete or failed (names the file offset / frame). */
  error: string | null;
  importedAt: string;
}

export interface CaseSummary {
  caseDir: string;
  evidence: EvidenceDto[];
  frameCount: number;
  firstTsNs: string | null;
  lastTsNs: string | null;
}

/** One row of the packet list. */
export interface FrameRow {
  number: number;
  evidenceId: number;
  tsNs: string;
  /** Seconds since the first frame of the case, as text with 9 decimals (Wireshark's Time column). */
  relTime: string;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  protocol: string;
  length: number;
  capLen: number;
  info: string;
  /** tcp.stream / udp.stream of the frame within its evidence (absent or null: none). */
  tcpStream?: number | null;
  udpStream?: number | null;
}

export interface FramePage {
  offset: number;
  total: number;
  rows: FrameRow[];
}

/** A line of the detail tree with the byte range it covers in the frame. */
export interface DetailNodeDto {
  label: string;
  field?: string;
  value?: string;
  start: number;
  length: number;
  children?: DetailNodeDto[];
}

export interface FrameDetail {
  number: number;
  tree: DetailNodeDto[];
  /** The frame's captured bytes, base64. */
  bytesBase64: string;
}

export interface IngestJob {
  jobId: string;
  path: string;
}

export interface IngestProgress {
  jobId: string;
  path: string;
  frames: number;
  bytesRead: number;
  totalBytes: number;
  framesPerSecond: number;
}

export interface IngestFinished {
  jobId: string;
  path: string;
  evidenceId: number | null;
  status: EvidenceStatus | 'cancelled';
  frames: number;
  seconds: number;
  error: string | null;
}

export type ApiErrorCode = 'invalid-argument' | 'unknown-method' | 'forbidden' | 'not-found' | 'busy' | 'internal';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

export type StreamProtoDto = 'tcp' | 'udp';

/** One conversation (Wireshark's Conversations table; A = tshark's Node 0, the first frame's source). */
export interface StreamDto {
  evidenceId: number;
  proto: StreamProtoDto;
  /** tcp.stream / udp.stream. */
  stream: number;
  ipVersion: number;
  addressA: string;
  portA: number;
  addressB: string;
  portB: number;
  /** Who opened the connection (sent the SYN); null when no handshake was seen (and for UDP). */
  client: 'A' | 'B' | null;
  firstFrame: number;
  lastFrame: number;
  /** Start relative to the first frame of the case, and duration, in seconds (9 decimals). */
  relStart: string;
  duration: string;
  packetsAB: number;
  packetsBA: number;
  bytesAB: number;
  bytesBA: number;
  /** Reassembled (TCP) or payload (UDP) bytes per direction. */
  dataAB: number;
  dataBA: number;
  gaps: number;
  gapBytes: number;
  conflicts: number;
  /** closed, reset, half-closed, open, idle, evicted, reused ('' for UDP). */
  state: string;
  /** Application protocol found on the stream (dns, http, tls), or null. */
  app: string | null;
}

export interface StreamPage {
  offset: number;
  total: number;
  rows: StreamDto[];
}

export interface EndpointDto {
  address: string;
  port: number;
}

/** A piece of a followed stream: bytes, or a gap (bytes the capture lacks). */
export type FollowItemDto =
  | { kind: 'data'; from: 'client' | 'server'; offset: number; frame: number; length: number; dataBase64: string }
  | { kind: 'gap'; from: 'client' | 'server'; offset: number; length: number; reason: string; frameAfter: number | null };

export interface FollowPage {
  evidenceId: number;
  proto: StreamProtoDto;
  stream: number;
  direction: 'client' | 'server' | 'both';
  client: EndpointDto;
  server: EndpointDto;
  /** Bytes each side sent (reassembled), and their gaps. */
  clientBytes: number;
  serverBytes: number;
  gaps: number;
  gapBytes: number;
  conflicts: number;
  /** Window asked for, and where the next one starts (null at the end). Positions: see followStream. */
  offset: number;
  nextOffset: number | null;
  /** Size of the whole view in positions. */
  total: number;
  items: FollowItemDto[];
}
