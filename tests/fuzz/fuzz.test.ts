/**
 * Quick fixed-seed fuzz set run by `pnpm test`: hostile variants of every small corpus capture through
 * the reader, decoders and reassembly, and a sample of them through the whole ingest into SQLite.
 * The long run is `pnpm fuzz --cases N --seed S` (tests/fuzz/run.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';
import { makeCase as makeSeededCase } from './cases.js';
import { runCase } from './fuzz-case.js';
import * as mutate from './mutate.js';

const SEED = 20261123;
const CASES = 600;
const PER_CASE_MS = 2_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const makeCase = (i: number) => makeSeededCase(SEED, i);

describe('fuzz: mutated corpus captures', () => {
  it(`${CASES} cases end cleanly or with a typed error naming an offset`, () => {
    let faults = 0;
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(i);
      let outcome;
      try {
        outcome = runCase(c.bytes);
      } catch (err) {
        throw new Error(`${c.label}: ${(err as Error).stack}`, { cause: err });
      }
      expect(outcome.ms, c.label).toBeLessThan(PER_CASE_MS);
      if (outcome.fault) faults++;
    }
    expect(faults).toBeGreaterThan(0);
  }, 300_000);

  it('a sample goes through the full ingest: the index opens and the evidence says why', async () => {
    for (let i = 0; i < 25; i++) {
      const c = makeCase(10_000 + i);
      const file = path.join(tmp, `case-${i}.pcap`);
      writeFileSync(file, c.bytes);
      const index = CaseIndex.open(path.join(tmp, `case-${i}`));
      try {
        const r = await ingestEvidenceFile(index, file, { writer: 'inline' });
        expect(['complete', 'incomplete', 'failed'], c.label).toContain(r.evidence.status);
        if (r.evidence.status !== 'complete') expect(r.evidence.error, c.label).toMatch(/offset \d+/);
        expect(index.db.pragma('integrity_check', { simple: true }), c.label).toBe('ok');
        expect(index.frameCount()).toBe(r.frames);
      } finally {
        index.close();
      }
    }
  }, 300_000);
});

describe('mutators', () => {
  it('cope with inputs too small to hold a header', () => {
    const { MUTATORS, rng } = mutate;
    for (const [name, m] of Object.entries(MUTATORS)) {
      for (const size of [0, 1, 3, 23]) {
        expect(() => m(new Uint8Array(size), rng(size)), `${name} on ${size} bytes`).not.toThrow();
      }
    }
  });
});
