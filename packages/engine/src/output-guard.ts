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
