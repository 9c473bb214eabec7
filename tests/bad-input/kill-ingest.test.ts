/**
 * Crash safety: `wirewho ingest` of a ~60 MB capture is SIGKILLed at seeded random moments spread over
 * its run. After every kill the case index opens, passes PRAGMA integrity_check, and the evidence is
 * marked incomplete with the frames really committed — exactly a prefix of an uninterrupted run's
 * frames. Ingesting the file again restarts it in place; run to the end, the frames, streams, PDUs and
 * frame_fields tables equal the uninterrupted run's. The evidence file's hash never changes.
 * WIREWHO_KILL_POINTS (default 20) and WIREWHO_KILL_SEED (default 8) tune it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { writeBigCapture } from '../helpers/big-capture.js';
import { repoRoot } from '../helpers/corpus.js';

const KILL_POINTS = Number(process.env.WIREWHO_KILL_POINTS ?? 20);
const SEED = Number(process.env.WIREWHO_KILL_SEED ?? 8);
const TABLES = ['frames', 'streams', 'pdus', 'frame_fields', 'segments', 'gaps', 'conflicts', 'ip_reassemblies', 'interfaces', 'processes'];
const CLI = ['--import', 'tsx', path.join(repoRoot, 'apps/cli/src/main.ts')];

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function ingestToEnd(file: string, caseDir: string): { status: number | null; stderr: string; seconds: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [...CLI, 'ingest', file, '--case', caseDir], { cwd: repoRoot, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, seconds: (performance.now() - t) / 1000 };
}

/** Starts an ingest and SIGKILLs it after `ms`; resolves with whether it was still running. */
function ingestKilledAfter(file: string, caseDir: string, ms: number): Promise<{ killed: boolean; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'ingest', file, '--case', caseDir], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', stderr, code });
    });
  });
}

/** Rows of `table` in one database missing from the other, both ways (0 means equal as multisets, with counts). */
function tableDifference(a: string, b: string, table: string): { onlyA: number; onlyB: number; countA: number; countB: number } {
  const idx = CaseIndex.open(a, { readonly: true });
  const db = idx.db;
  try {
    db.prepare('ATTACH DATABASE ? AS other').run(path.join(b, 'index.sqlite'));
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      onlyA: n(`SELECT count(*) AS n FROM (SELECT * FROM main.${table} EXCEPT SELECT * FROM other.${table})`),
      onlyB: n(`SELECT count(*) AS n FROM (SELECT * FROM other.${table} EXCEPT SELECT * FROM main.${table})`),
      countA: n(`SELECT count(*) AS n FROM main.${table}`),
      countB: n(`SELECT count(*) AS n FROM other.${table}`),
    };
  } finally {
    idx.close();
  }
}

describe('SIGKILL during ingest', () => {
  let work: string;
  let capture: string;
  let captureHash: string;
  let reference: string;
  let referenceSeconds: number;
  let frames: number;
  let megabytes: number;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'wirewho-kill-'));
    capture = path.join(work, 'big.pcapng');
    const written = writeBigCapture(capture, 60_000_000);
    frames = written.frames;
    megabytes = written.bytes / 1e6;
    captureHash = sha256(capture);
    reference = path.join(work, 'reference');
    const r = ingestToEnd(capture, reference);
    expect(r.status, r.stderr).toBe(0);
    referenceSeconds = r.seconds;
  });

  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  it(`survives ${KILL_POINTS} kills, each leaving a consistent, resumable index`, async () => {
    const random = rng(SEED);
    // Kill moments spread over the whole run (start-up, parsing, index builds), in random order.
    const moments = Array.from({ length: KILL_POINTS }, (_, k) => referenceSeconds * 1000 * ((k + random()) / KILL_POINTS));
    for (let k = moments.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [moments[k], moments[j]] = [moments[j], moments[k]];
    }
    const refDb = reference;
    const prefixDigest = (dir: string, upTo: number) => {
      const idx = CaseIndex.open(dir, { readonly: true });
      try {
        return idx.db.prepare('SELECT count(*) AS n, total(file_offset) AS o, total(cap_len * number) AS c, total(coalesce(tcp_stream, -1) * number) AS s FROM frames WHERE number <= ?').get(upTo);
      } finally {
        idx.close();
      }
    };
    let caseDir = path.join(work, 'case-0');
    const outcomes = { empty: 0, partial: 0, complete: 0, notKilled: 0 };
    const completeAndCompare = () => {
      const r = ingestToEnd(capture, caseDir);
      expect(r.status, r.stderr).toBe(0);
      const idx = CaseIndex.open(caseDir);
      const ev = idx.listEvidence();
      idx.close();
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ status: 'complete', sha256: captureHash, frameCount: frames });
      for (const table of TABLES) {
        const d = tableDifference(caseDir, refDb, table);
        expect(d, `${table} after restart equals the uninterrupted run`).toEqual({ onlyA: 0, onlyB: 0, countA: d.countB, countB: d.countB });
      }
    };

    for (let k = 0; k < moments.length; k++) {
      const { killed, stderr, code } = await ingestKilledAfter(capture, caseDir, moments[k]);
      expect(sha256(capture), 'evidence file unchanged').toBe(captureHash);

      const idx = CaseIndex.open(caseDir);
      try {
        expect(idx.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const ev = idx.listEvidence();
        expect(ev.length, 'one evidence row however often the import restarted').toBeLessThanOrEqual(1);
        if (!killed) {
          outcomes.notKilled++;
          expect(ev[0]?.status, `exit ${code}: ${stderr}`).toBe('complete');
        }
        if (ev.length === 0) {
          outcomes.empty++;
          continue;
        }
        const e = ev[0];
        const committed = idx.frameCount();
        if (e.status === 'complete') {
          outcomes.complete++;
        } else {
          outcomes.partial++;
          expect(e.status).toBe('incomplete');
          expect(e.sha256).toBeNull();
          expect(e.frameCount, 'evidence row names the frames really committed').toBe(committed);
          expect(e.errorFrame).toBe(committed + 1);
          expect(e.error).toContain(committed > 0 ? `interrupted after ${committed} frames (last committed frame ${committed})` : 'interrupted after 0 frames');
          expect(idx.nextFrameNumber()).toBe(committed + 1);
          // What is there is exactly the uninterrupted run's beginning.
          expect(prefixDigest(caseDir, committed)).toEqual(prefixDigest(refDb, committed));
        }
      } finally {
        idx.close();
      }
      if (ev0Complete(caseDir)) {
        // Killed after the import finished (while the fact index was built): the data is complete.
        completeAndCompareTables(caseDir, refDb);
        caseDir = path.join(work, `case-${k + 1}`);
      } else if (k === Math.floor(moments.length / 2) - 1) {
        // Half way: finish this interrupted import, compare, and start over in a fresh case.
        completeAndCompare();
        caseDir = path.join(work, `case-${k + 1}`);
      }
    }
    completeAndCompare();
    expect(sha256(capture)).toBe(captureHash);
    console.log(`kill-ingest: ${frames} frames, ${megabytes.toFixed(0)} MB, uninterrupted ${referenceSeconds.toFixed(1)} s; `
      + `${KILL_POINTS} kills survived (${outcomes.empty} before the first commit, ${outcomes.partial} mid-import, `
      + `${outcomes.complete} after completion, ${outcomes.notKilled} finished before the kill)`);
    expect(outcomes.partial, 'most kills land mid-import').toBeGreaterThan(KILL_POINTS / 3);
  });
});

function ev0Complete(caseDir: string): boolean {
  const idx = CaseIndex.open(caseDir, { readonly: true });
  try {
    return idx.listEvidence()[0]?.status === 'complete';
  } finally {
    idx.close();
  }
}

function completeAndCompareTables(caseDir: string, refDb: string): void {
  for (const table of TABLES) {
    const d = tableDifference(caseDir, refDb, table);
    expect(d, `${table} equals the uninterrupted run`).toEqual({ onlyA: 0, onlyB: 0, countA: d.countB, countB: d.countB });
  }
}
