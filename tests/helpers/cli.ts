/** Runs the real `wirewho` CLI (from source, through tsx) as a child process. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './corpus.js';

const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
const main = path.join(repoRoot, 'apps/cli/src/main.ts');

export interface CliResult { status: number; stdout: string; stderr: string }

export function wirewho(args: string[], options: { input?: string } = {}): CliResult {
  const r = spawnSync(tsx, [main, ...args], { encoding: 'utf8', input: options.input, maxBuffer: 256 * 1024 * 1024, cwd: repoRoot });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Like wirewho(), but stdout as bytes (for `follow --format raw`). */
export function wirewhoBytes(args: string[]): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(tsx, [main, ...args], { maxBuffer: 256 * 1024 * 1024, cwd: repoRoot });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}
