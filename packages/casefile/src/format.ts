/**
 * The .wwcase format: one zip archive holding the exported capture, a self-contained SQLite index of
 * it, the analyst's annotations, the custody log, an HTML report and manifest.json, which lists every
 * other member with its size and SHA-256. The archive comment carries the manifest's own SHA-256, so
 * a change to any member, the manifest included, is named by `case verify`.
 */

export const CASE_FORMAT = 'wirewho-case';
/** Bumped when a reader of the previous version would misread a case file. */
export const CASE_FORMAT_VERSION = 1;

export const MEMBERS = {
  manifest: 'manifest.json',
  capture: 'capture.pcapng',
  index: 'index.sqlite',
  annotations: 'annotations.json',
  custody: 'custody.jsonl',
  report: 'report.html',
} as const;

export const COMMENT_PREFIX = 'wirewho-case manifest sha256=';

export interface MemberEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface ManifestEvidence {
  id: number;
  path: string;
  file_name: string;
  size: number;
  sha256: string | null;
  format: string | null;
  status: string;
  frames: number;
  /** The file hashed to the same SHA-256 when the case file was made. */
  verified: boolean;
}

export interface Manifest {
  format: typeof CASE_FORMAT;
  format_version: number;
  tool: { name: string; version: string };
  created_at: string;
  analyst: string;
  operator: string;
  case_dir: string;
  evidence: ManifestEvidence[];
  selection: Record<string, unknown>;
  counts: Record<string, number>;
  time_span: { first_ts_ns: string | null; last_ts_ns: string | null; first: string | null; last: string | null };
  members: MemberEntry[];
  custody_head: { sha256: string; count: number };
}

export class CaseFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaseFileError';
  }
}

/** A case file written by a newer Wirewho: refused rather than half-read. */
export class NewerCaseFormatError extends CaseFileError {
  constructor(readonly version: number) {
    super(`case file format version ${version} is newer than this Wirewho reads (up to ${CASE_FORMAT_VERSION}); open it with a newer Wirewho`);
    this.name = 'NewerCaseFormatError';
  }
}

/** Checks the shape of a parsed manifest and its version; returns it typed. */
export function checkManifest(value: unknown): Manifest {
  const m = value as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || m.format !== CASE_FORMAT) throw new CaseFileError('manifest.json is not a Wirewho case manifest');
  if (typeof m.format_version !== 'number' || !Number.isInteger(m.format_version) || m.format_version < 1) {
    throw new CaseFileError('manifest.json has no valid format_version');
  }
  if (m.format_version > CASE_FORMAT_VERSION) throw new NewerCaseFormatError(m.format_version);
  if (!Array.isArray(m.members) || !m.members.every((x) => typeof x?.name === 'string' && typeof x.sha256 === 'string' && typeof x.size === 'number')) {
    throw new CaseFileError('manifest.json has no valid member list');
  }
  if (typeof m.custody_head?.sha256 !== 'string' || typeof m.custody_head.count !== 'number') throw new CaseFileError('manifest.json has no custody log head');
  return m as Manifest;
}
