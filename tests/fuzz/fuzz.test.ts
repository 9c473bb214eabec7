/**
 * Quick fixed-seed fuzz set run by `pnpm test`: hostile variants of every small corpus capture and of
 * the example dissectors' captures through the reader, decoders, reassembly, the built-in application
 * protocols and the example user dissectors (declarative specs, the Lua sandbox), and a sample of them
 * through the whole ingest into SQLite. The long run is `pnpm fuzz --cases N --seed S` (tests/fuzz/run.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile, setUserProtocols } from '@wirewho/engine';
import { makeCase as makeSeededCase } from './cases.js';
import { EXAMPLES, loadProfiles, type LoadedProfiles } from './dissector-profiles.js';
import { runCase } from './fuzz-case.js';

const SEED = 20261123;
const CASES = 600;
const PER_CASE_MS = 2_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-fuzz-'));
let loaded: LoadedProfiles;
beforeAll(async () => { loaded = await loadProfiles(); });
afterAll(() => {
  setUserProtocols([]);
  loaded?.close();
  rmSync(tmp, { recursive: true, force: true });
});
const makeCase = (i: number) => makeSeededCase(SEED, i);

describe('fuzz: mutated corpus captures', () => {
  it('the unmutated example captures reach the user dissectors in every profile (the harness is live)', () => {
    const crap = new Uint8Array(readFileSync(path.join(EXAMPLES, 'declarative/captures/crap-tcp.pcap')));
    const frag = new Uint8Array(readFileSync(path.join(EXAMPLES, 'udp-fragments/captures/frag-udp.pcap')));
    const [builtin, declarative, lua] = loaded.profiles;
    expect(runCase(crap, builtin.protocols).byProtocol.crap).toBeUndefined();
    expect(runCase(crap, declarative.protocols).byProtocol.crap).toBe(8);
    expect(runCase(crap, lua.protocols).byProtocol.crap).toBe(8);
    expect(runCase(frag, declarative.protocols).byProtocol.frag).toBeGreaterThan(0);
    expect(runCase(frag, lua.protocols).byProtocol.frag).toBeGreaterThan(0);
  });

  it(`${CASES} cases end cleanly or with a typed error naming an offset`, () => {
    let faults = 0;
    const byProtocol: Record<string, number> = {};
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(i);
      let outcome;
      try {
        outcome = runCase(c.bytes, loaded.profiles[c.profile].protocols);
      } catch (err) {
        throw new Error(`${c.label}: ${(err as Error).stack}`, { cause: err });
      }
      expect(outcome.ms, c.label).toBeLessThan(PER_CASE_MS);
      if (outcome.fault) faults++;
      for (const [p, n] of Object.entries(outcome.byProtocol)) byProtocol[p] = (byProtocol[p] ?? 0) + n;
    }
    expect(faults).toBeGreaterThan(0);
    // Mutated inputs still reach the built-in and the user application protocols.
    for (const p of ['dns', 'crap', 'frag']) expect(byProtocol[p] ?? 0, p).toBeGreaterThan(0);
    expect(loaded.luaSwitchedOff()).toEqual([]);
  }, 300_000);

  it('a sample goes through the full ingest: the index opens and the evidence says why', async () => {
    setUserProtocols([]);
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
