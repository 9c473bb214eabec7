/** `--dissectors <dir>`: loads a dissector folder for a command and reports files that failed to load. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { activeUserDissectors, loadUserDissectors, registerCaseDissectorFields } from '@wirewho/engine';
import { CliError } from './errors.js';
import { openCaseReadonly } from './commands/frames.js';

/**
 * Loads `dir` when given; otherwise, for a command reading `caseDir`, registers the fields of the
 * dissectors that case recorded (so `--filter crap.length == 8` works without the folder).
 */
export async function useDissectors(dir: string | undefined, caseDir?: string): Promise<void> {
  if (dir === undefined) {
    if (caseDir === undefined || !existsSync(path.join(caseDir, 'index.sqlite'))) return;
    const index = openCaseReadonly(caseDir);
    try { registerCaseDissectorFields(index); } finally { index.close(); }
    return;
  }
  if (!existsSync(dir)) throw new CliError(`--dissectors: no such folder: ${dir}`);
  const set = await loadUserDissectors(dir);
  for (const f of set.files) {
    if (f.error) process.stderr.write(`wirewho: dissector ${f.file}${f.error.line ? `:${f.error.line}` : ''}: ${f.error.message.replace(/^[^:]*:\d+: /, '')} (not loaded)\n`);
  }
}

/** Lua run-time errors of the last run (a dissector that failed, or hit its CPU or memory limit). */
export function reportDissectorErrors(): void {
  for (const e of activeUserDissectors()?.runErrors() ?? []) {
    process.stderr.write(`wirewho: dissector ${e.file}: ${e.count} failed call${e.count === 1 ? '' : 's'}${e.disabled ? ', switched off' : ''}; first: frame ${e.errors[0].frame}: ${e.errors[0].message}\n`);
  }
}
