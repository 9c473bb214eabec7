/**
 * The analyst's casework in the API (issue 6): Export Specified Packets (a live preview, then the
 * export), notes/tags/bookmarks on frames, streams and processes, and the case's custody log.
 * Spread into api.ts's request lists, so every transport carries them with the same validation.
 */
import { z } from 'zod';

const count = z.number().int().min(0).max(2 ** 40);
const frameNumber = z.number().int().min(1).max(2 ** 40);

/** Which frames: the same criteria as `wirewho export` (they narrow each other). */
export const exportSelectionSchema = z.object({
  filter: z.string().max(100_001).optional(),
  stream: z.object({ proto: z.enum(['tcp', 'udp']), stream: count, evidenceId: z.number().int().min(1).max(2 ** 40).optional() }).strict().optional(),
  pid: z.number().int().min(0).max(0xffffffff).optional(),
  /** A selection in the packet list. */
  frames: z.array(frameNumber).min(1).max(100_000).optional(),
  withDependents: z.boolean().optional(),
}).strict();
export type ExportSelectionDto = z.infer<typeof exportSelectionSchema>;

const exportFormat = z.enum(['pcapng', 'pcap']);

const annotationTarget = z.discriminatedUnion('target', [
  z.object({ target: z.literal('frame'), frame: frameNumber }).strict(),
  z.object({ target: z.literal('stream'), evidenceId: z.number().int().min(1).max(2 ** 40), proto: z.enum(['tcp', 'udp']), stream: count }).strict(),
  z.object({ target: z.literal('process'), processId: z.number().int().min(1).max(2 ** 40) }).strict(),
]);

export const caseworkRequestSchemas = {
  /** Counts and an estimated size for a selection (the Export dialog's live preview). */
  exportPreview: z.object({ selection: exportSelectionSchema, format: exportFormat }).strict(),
  /** Writes the selection to `path` (refused when it exists, unless `force`); the file appears only when complete. */
  exportPackets: z.object({
    selection: exportSelectionSchema,
    format: exportFormat,
    path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL'),
    force: z.boolean().optional(),
  }).strict(),
  /**
   * Writes the selection as a .wwcase case file at `path` (capture, index subset, annotations, custody
   * log, report, manifest); every evidence file is hashed again first. Refused when it exists, unless `force`.
   */
  exportCaseFile: z.object({
    selection: exportSelectionSchema,
    path: z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL'),
    /** Whose analysis this is (the manifest); default: the operator. */
    analyst: z.string().min(1).max(200).optional(),
    force: z.boolean().optional(),
  }).strict(),
  /** Annotations of one frame, or all of the case. */
  annotations: z.object({ frame: frameNumber.optional() }).strict(),
  addAnnotation: z.object({ kind: z.enum(['note', 'tag', 'bookmark']), on: annotationTarget, text: z.string().max(10_000) }).strict(),
  removeAnnotation: z.object({ id: z.number().int().min(1).max(2 ** 40) }).strict(),
  /** The custody log, oldest first, with the result of checking its hash chain. */
  custodyLog: z.object({}).strict(),
} as const;

/**
 * Export Specified Packets through the native save dialog: the selection and format only; the path
 * comes from the dialog in the main process, never from the renderer.
 */
export const exportToArgsSchema = z.discriminatedUnion('format', [
  z.object({ selection: exportSelectionSchema, format: exportFormat }).strict(),
  /** A .wwcase case file of the selection. */
  z.object({ selection: exportSelectionSchema, format: z.literal('wwcase'), analyst: z.string().min(1).max(200).optional() }).strict(),
]);
export type ExportToArgs = z.infer<typeof exportToArgsSchema>;

export interface ExportPreviewDto {
  frames: number;
  /** Of which added as dependencies. */
  dependents: number;
  /** Estimated file size in bytes (headers, frame data and process metadata). */
  estimatedBytes: number;
  attributedFrames: number;
  processes: number;
  notes: number;
  /** What the chosen format will leave out, and the like. */
  notices: string[];
}

export interface ExportResultDto {
  path: string;
  format: 'pcapng' | 'pcap' | 'wwcase';
  frames: number;
  bytes: number;
  sha256: string;
  notices: string[];
}

export interface AnnotationDto {
  id: number;
  kind: 'note' | 'tag' | 'bookmark';
  target: 'frame' | 'stream' | 'process';
  frame: number | null;
  evidenceId: number | null;
  proto: string | null;
  stream: number | null;
  processId: number | null;
  text: string;
  author: string;
  createdAt: string;
}

export interface CustodyEntryDto {
  seq: number;
  time: string;
  operator: string;
  event: string;
  prev: string;
  sha256: string;
  details: Record<string, unknown>;
}

export interface CustodyLogDto {
  entries: CustodyEntryDto[];
  /** Problems found walking the hash chain (empty: intact). */
  problems: string[];
}

export interface CaseworkResults {
  exportPreview: ExportPreviewDto;
  exportPackets: ExportResultDto;
  exportCaseFile: ExportResultDto;
  annotations: AnnotationDto[];
  addAnnotation: AnnotationDto;
  removeAnnotation: { removed: boolean };
  custodyLog: CustodyLogDto;
}
