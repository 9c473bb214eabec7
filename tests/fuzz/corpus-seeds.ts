/**
 * The captures the fuzzer mutates: the small corpus captures (so a case takes milliseconds) and the
 * example dissectors' captures (crap over TCP, frag over UDP), so mutations reach the user dissectors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { corpusCaptures } from '../helpers/corpus.js';
import { EXAMPLES } from './dissector-profiles.js';

function exampleCaptures(): { name: string; file: string }[] {
  return readdirSync(EXAMPLES).sort().flatMap((sub) => {
    const dir = path.join(EXAMPLES, sub, 'captures');
    let names: string[];
    try { names = readdirSync(dir); } catch { return []; }
    return names.filter((n) => /\.pcap(ng)?$/.test(n)).sort().map((n) => ({ name: `${sub}/${n}`, file: path.join(dir, n) }));
  });
}

export function seedCaptures(maxBytes = 2 * 1024 * 1024): { name: string; bytes: Uint8Array }[] {
  return [...corpusCaptures(), ...exampleCaptures()]
    .filter((c) => statSync(c.file).size <= maxBytes && statSync(c.file).size > 0)
    .map((c) => ({ name: c.name, bytes: new Uint8Array(readFileSync(c.file)) }));
}

/** True for the example dissectors' captures (cases from them mostly run with user dissectors loaded). */
export const isDissectorExample = (name: string): boolean => name.includes('/');
