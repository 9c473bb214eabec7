/**
 * Data shapes that cross the UI <-> engine boundary. Plain JSON only: 64-bit values (nanosecond
 * timestamps, byte counts that may exceed 2^53) travel as decimal strings so no transport loses precision.
 */

import type { CaseFileDto } from './casefile-api.js';

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
  /** Frames the summary's display filter selects (present when a filter was given). */
  shownCount?: number;
  firstTsNs: string | null;
  lastTsNs: string | null;
  /** Present when the case on screen is a .wwcase opened read-only. */
  caseFile?: CaseFileDto;
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
  /** The local process that sent or received the frame (absent or null: unknown). */
  process?: ProcessRef | null;
}

/** Enough of a process to name it in a list cell and its tooltip. */
export interface ProcessRef {
  /** Process instance (processes.id; a reused PID is two instances). */
  id: number;
  pid: number;
  /** Command name (comm, else the executable's base name); null when the source named neither. */
  name: string | null;
  args: string | null;
  ppid: number | null;
  user: string | null;
  uid: number | null;
  /** ptcpdump, tcpshark, apple-pib, pktap, pcapng-standard, live-proc. */
  source: string;
  /** 'sent' / 'received' for a frame; absent when unknown (and for streams). */
  role?: 'sent' | 'received';
  /** The frame had no metadata of its own and took its stream's process. */
  derived?: boolean;
}

/** One process instance the case's frames were attributed to. */
export interface ProcessDto extends ProcessRef {
  evidenceId: number | null;
  comm: string | null;
  exe: string | null;
  /** Process start (ns since the epoch) when the source gave it. */
  startTsNs: string | null;
  /** exact, late or unknown. */
  confidence: string;
  truncated: boolean;
  firstFrame: number | null;
  lastFrame: number | null;
  firstTsNs: string | null;
  lastTsNs: string | null;
  /** First/last sighting relative to the first frame of the case (seconds, 9 decimals). */
  relFirst: string;
  relLast: string;
  frames: number;
  streams: number;
  framesSent: number;
  framesReceived: number;
  bytesSent: number;
  bytesReceived: number;
  /** The parent as the source described it (ptcpdump: its executable and arguments). */
  parent: { pid: number; exe?: string; args?: string } | null;
  container: { id: string; name?: string; image?: string } | null;
}

export interface ProcessPage {
  offset: number;
  total: number;
  rows: ProcessDto[];
}

/** Who talked when: per process, bytes and frames per time bucket (buckets with no traffic left out). */
export interface ProcessActivity {
  /** Start of bucket 0 and the bucket width, ns (decimal text). */
  startNs: string;
  bucketNs: string;
  buckets: number;
  /** Bucket 0 starts at the first attributed frame (of the evidence asked for); bucket k covers startNs + [k, k+1) * bucketNs. */
  series: { processId: number; buckets: number[]; bytes: number[]; frames: number[] }[];
}

export interface FramePage {
  offset: number;
  total: number;
  rows: FrameRow[];
  /**
   * Set when counting a display filter's matches ran into the engine's time limit (the limit, in ms):
   * `total` is then the matches found before it stopped, the first frames of the filtered list.
   */
  countStoppedAfterMs?: number;
}

/** A line of the detail tree with the byte range it covers in the frame. */
export interface DetailNodeDto {
  label: string;
  field?: string;
  value?: string;
  start: number;
  length: number;
  children?: DetailNodeDto[];
  /** The range is in `FrameDetail.sources[source]` (reassembled bytes), not in the frame. */
  source?: number;
}

/** Bytes a detail tree shows besides the frame's (Wireshark's "Reassembled TCP (N bytes)" tab). */
export interface DataSourceDto {
  label: string;
  bytesBase64: string;
}

export interface FrameDetail {
  number: number;
  tree: DetailNodeDto[];
  /** The frame's captured bytes, base64. */
  bytesBase64: string;
  /** Other byte sources nodes point into (PDUs reassembled from several frames). */
  sources?: DataSourceDto[];
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

export type ApiErrorCode = 'invalid-argument' | 'unknown-method' | 'forbidden' | 'not-found' | 'busy' | 'internal'
  /** A display filter that does not compile; the message is tshark-like (message, filter, caret). */
  | 'invalid-filter'
  /** An evidence file no longer matches what was imported (size, or SHA-256 after a re-hash): no bytes are shown from it. */
  | 'evidence-changed'
  /** A case file is on screen: it is evidence sealed by its manifest, so nothing in it can be changed. */
  | 'read-only'
  /** A display-filter query ran into the engine's time limit and was stopped. */
  | 'filter-stopped';

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
  /** The stream's local process, and a second local process at the other end (loopback). */
  process?: ProcessRef | null;
  peerProcess?: ProcessRef | null;
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

/** Validate-as-you-type answer for the filter bar ("" is valid: no filter). */
export type FilterCheckResult =
  | { ok: true; empty: boolean; fields: string[] }
  | {
    ok: false;
    /** syntax, unknown-field, type, literal, regex, unsupported, limit */
    code: string;
    message: string;
    /** Offset and length (UTF-16 units) of the offending text. */
    position: number;
    length: number;
    /** Message, filter and caret on three lines, as tshark prints them. */
    rendered: string;
  };

/** An autocomplete entry: a field name or alias with its Wireshark type and description. */
export interface FieldCompletionDto {
  name: string;
  type: string;
  typeLabel: string;
  description: string;
}

/** A row of the field reference page (generated from the filter's field registry). */
export interface FilterFieldDto extends FieldCompletionDto {
  aliases: string[];
  protocol: string;
  /** Where the value comes from: frames, frame_fields, decoded from frame bytes, not indexed. */
  source: string;
  /** Set when the index cannot answer the field yet: why. */
  unavailable?: string;
}
