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
