/** macOS (and any lsof): every inet socket with its owner, from one lsof run. */
import { execFileSync } from 'node:child_process';
import type { OwnedSocket } from '../owned-socket.js';
import { LSOF_ARGS, parseLsof } from './lsof.js';

export function lsofSocketOwners(lsofPath = 'lsof'): OwnedSocket[] {
  let text: string;
  try {
    text = execFileSync(lsofPath, LSOF_ARGS, { encoding: 'latin1', timeout: 10_000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // lsof exits 1 when some files could not be listed but still prints the rest.
    const out = (e as { stdout?: string }).stdout;
    if (typeof out !== 'string') throw e;
    text = out;
  }
  return parseLsof(text);
}
