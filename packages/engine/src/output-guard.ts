/**
 * Files the engine writes on the analyst's request (saved stream bytes) must never land on evidence
 * or on the case index: a save dialog pointed at the capture would otherwise overwrite the evidence.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '@wirewho/contract';
import type { CaseIndex } from '@wirewho/index';

/** The path with symlinks resolved as far as it exists (a new file's folder, plus its name). */
function resolved(p: string): string {
  const abs = path.resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const dir = path.dirname(abs);
  return existsSync(dir) ? path.join(realpathSync(dir), path.basename(abs)) : abs;
}

export function assertWritableOutput(index: CaseIndex, target: string): void {
  const out = resolved(target);
  for (const e of index.listEvidence()) {
    if (resolved(e.path) === out) throw new ApiError('forbidden', `${target} is evidence of this case; it is never written`);
  }
  const caseDir = resolved(index.caseDir);
  if (out === caseDir || out.startsWith(caseDir + path.sep)) throw new ApiError('forbidden', `${target} is inside the case folder; choose another place`);
}

/** Files of the case folder an export must never replace (the index and its journal, the ingest lock). */
const CASE_FILES = /^(index\.sqlite(-wal|-shm|-journal)?|ingest\.lock)$/;

/**
 * Exports may go into the case folder (the Export dialog's default), but never onto evidence or the
 * case's own files, even with `force` (a save dialog that asked "replace?" is such a force).
 */
export function assertExportTarget(index: CaseIndex, target: string): void {
  const out = resolved(target);
  for (const e of index.listEvidence()) {
    if (resolved(e.path) === out) throw new ApiError('forbidden', `${target} is evidence of this case; it is never written`);
  }
  if (path.dirname(out) === resolved(index.caseDir) && CASE_FILES.test(path.basename(out))) {
    throw new ApiError('forbidden', `${target} is the case's own index; choose another file`);
  }
}
