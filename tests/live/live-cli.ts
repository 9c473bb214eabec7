/** Starts `wirewho` (from source, through tsx) in the background, for commands that run until stopped. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/corpus.js';

export interface RunningCli {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stderr contains `text` (rejects when the command exits first). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startWirewho(args: string[], input?: 'pipe'): RunningCli {
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'apps/cli/src/main.ts'), ...args], {
    cwd: repoRoot, stdio: [input ?? 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const waitFor = (text: string | RegExp, timeoutMs = 30_000) => new Promise<void>((resolve, reject) => {
    const has = () => (typeof text === 'string' ? err.includes(text) : text.test(err));
    const t0 = Date.now();
    const tick = setInterval(() => {
      if (has()) { clearInterval(tick); resolve(); } else if (child.exitCode !== null || Date.now() - t0 > timeoutMs) {
        clearInterval(tick);
        reject(new Error(`wirewho ${args[0]} did not print ${String(text)} (exit ${child.exitCode}): ${err}`));
      }
    }, 20);
  });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}
