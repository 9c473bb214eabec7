/** Test support: locate the shared corpus (X/shared next to the repo at X/main) and its oracle. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every capture the conformance tests cover, absolute paths. */
export function corpusCaptures(): string[] {
  const isCap = (f: string): boolean => /\.pcap(ng)?$/.test(f);
  return [
    ...walk(join(CORPUS, 'public')).filter(isCap),
    ...readdirSync(join(CORPUS, 'captures')).filter(isCap).map((f) => join(CORPUS, 'captures', f)),
    ...readdirSync(join(CORPUS, 'synthetic')).filter((f) => f.endsWith('.pcapng')).map((f) => join(CORPUS, 'synthetic', f)),
  ].sort();
}

export interface Oracle {
  frame_count: number;
  frames: { total_frame_len: number; total_cap_len: number };
  tshark_messages: { cmd: string; rc: number; stderr: string }[];
  capture: { file_type: string | null };
}

export function oracleFor(file: string): Oracle | undefined {
  const name = basename(file);
  for (const p of [join(CORPUS, 'oracle', `${name}.json`), join(CORPUS, 'oracle', 'public', `${name}.json`)]) {
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as Oracle;
  }
  return undefined;
}

export function readCapture(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}
