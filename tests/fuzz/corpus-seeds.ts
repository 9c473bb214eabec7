/** The corpus captures the fuzzer mutates: small ones, so a case takes milliseconds. */
import { readFileSync, statSync } from 'node:fs';
import { corpusCaptures } from '../helpers/corpus.js';

export function seedCaptures(maxBytes = 2 * 1024 * 1024): { name: string; bytes: Uint8Array }[] {
  return corpusCaptures()
    .filter((c) => statSync(c.file).size <= maxBytes && statSync(c.file).size > 0)
    .map((c) => ({ name: c.name, bytes: new Uint8Array(readFileSync(c.file)) }));
}
