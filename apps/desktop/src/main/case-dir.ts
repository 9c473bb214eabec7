import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** The case folder: `--case <dir>` (relative to the working directory) or <userData>/cases/default. */
export function resolveCaseDir(requested: string | null, userDataDir: string, cwd: string): string {
  return requested ? path.resolve(cwd, requested) : path.join(userDataDir, 'cases', 'default');
}

export function ensureCaseDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
