/**
 * tshark as the display-filter oracle: which frames a filter selects in a capture.
 *
 * - `tsharkFilterSets`: every filter in ONE tshark pass over the capture, one tap per filter
 *   (packages/filter/testing/multi-filter.lua: Listener.new(nil, filter) runs tshark's own dfilter
 *   engine on each dissected frame, exactly what -Y does in a single pass).
 * - `tsharkY`: literally `tshark -r <capture> -Y <filter>`, for the cross-check.
 * Both keep what tshark printed when it exits non-zero on a damaged file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.js';

const LUA = path.join(repoRoot, 'packages/filter/testing/multi-filter.lua');

function tshark(args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    execFile('tshark', args, { maxBuffer: 1 << 28, env: env ?? process.env, encoding: 'utf8' }, (_err, stdout) => resolve(stdout));
  });
}

export async function tsharkY(capture: string, filter: string): Promise<number[]> {
  const out = await tshark(['-r', capture, '-n', '-Y', filter, '-T', 'fields', '-e', 'frame.number']);
  return out.split('\n').filter(Boolean).map(Number);
}

export async function tsharkFilterSets(capture: string, filters: readonly string[]): Promise<number[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ww-tshark-'));
  try {
    const list = path.join(dir, 'filters.txt');
    const out = path.join(dir, 'out.txt');
    writeFileSync(list, filters.join('\n') + '\n');
    await tshark(['-r', capture, '-n', '-q', '-X', `lua_script:${LUA}`], { ...process.env, WW_FILTERS: list, WW_OUT: out });
    const result: number[][] = filters.map(() => []);
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (!line) continue;
      const [a, b, msg] = line.split('\t');
      if (a === 'E') throw new Error(`tshark rejects ${filters[Number(b) - 1]}: ${msg}`);
      result[Number(a) - 1].push(Number(b));
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs async jobs with bounded concurrency. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
