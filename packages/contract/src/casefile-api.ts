/**
 * Case files (.wwcase) in the API (issue 6): open one read-only (after verifying it) and go back to
 * the working case. Spread into api.ts's request lists, so every transport carries them with the same
 * validation. A case file that fails verification is not opened: the answer names each problem.
 */
import { z } from 'zod';

const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL');

export const caseFileRequestSchemas = {
  /** Verifies the case file, then (only when every hash and the custody chain check out) shows it read-only. */
  openCaseFile: z.object({ path: filePath }).strict(),
  /** Leaves the case file and shows the working case again. */
  closeCaseFile: z.object({}).strict(),
} as const;

/** One thing `case verify` found changed: the member it is in and what. */
export interface CaseProblemDto {
  member: string;
  message: string;
}

export interface CaseFileEvidenceDto {
  fileName: string;
  path: string;
  size: number;
  sha256: string | null;
  frames: number;
  /** The original hashed to the same SHA-256 when the case file was made. */
  verified: boolean;
}

/** The case file on screen: where it is, its manifest and the members it verified with. */
export interface CaseFileDto {
  path: string;
  /** Why nothing can be changed (shown beside every refused action). */
  readOnlyReason: string;
  /** When this window verified it (UTC). */
  verifiedAt: string;
  formatVersion: number;
  tool: string;
  createdAt: string;
  analyst: string;
  operator: string;
  evidence: CaseFileEvidenceDto[];
  selection: Record<string, unknown>;
  counts: Record<string, number>;
  members: { name: string; size: number; sha256: string }[];
  custody: { count: number; sha256: string };
}

export interface OpenCaseFileResult {
  /** False when verification failed: nothing was opened, `problems` says why. */
  opened: boolean;
  path: string;
  problems: CaseProblemDto[];
  caseFile: CaseFileDto | null;
}

export interface CaseFileResults {
  openCaseFile: OpenCaseFileResult;
  closeCaseFile: { closed: boolean };
}

/** Sent when the case on screen changed (a case file opened or closed): views start again from it. */
export interface CaseSwitched {
  caseDir: string;
  caseFile: CaseFileDto | null;
}
