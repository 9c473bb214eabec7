/** Locations of the shared corpus (../shared/corpus beside the repository) and its tshark oracles. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusRoot = path.resolve(repoRoot, '../shared/corpus');

export interface CorpusCapture {
  name: string;
  file: string;
  oraclePath: string;
}

function listDir(dir: string): string[] {
  return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir) : [];
}

/** Every capture that has a tshark oracle: generated captures first, then the public ones. */
export function corpusCaptures(): CorpusCapture[] {
  const out: CorpusCapture[] = [];
  for (const name of listDir(path.join(corpusRoot, 'captures')).filter((n) => /\.pcap(ng)?$/.test(n)).sort()) {
    out.push({ name, file: path.join(corpusRoot, 'captures', name), oraclePath: path.join(corpusRoot, 'oracle', `${name}.json`) });
  }
  for (const sub of listDir(path.join(corpusRoot, 'public')).sort()) {
    const dir = path.join(corpusRoot, 'public', sub);
    for (const name of listDir(dir).filter((n) => /\.pcap(ng)?$/.test(n)).sort()) {
      out.push({ name, file: path.join(dir, name), oraclePath: path.join(corpusRoot, 'oracle/public', `${name}.json`) });
    }
  }
  return out.filter((c) => existsSync(c.oraclePath));
}

export interface Oracle {
  frame_count: number;
  frames: { total_frame_len: number; total_cap_len: number };
  tshark_messages: unknown;
  capture: { sha256: string; bytes: number };
  [key: string]: unknown;
}

export function readOracle(c: CorpusCapture): Oracle {
  return JSON.parse(readFileSync(c.oraclePath, 'utf8')) as Oracle;
}
