/**
 * The engine's capture requests: filter checks and interfaces through libpcap, argument rules, and
 * "Capture from command…" end to end (a real /bin/sh pipeline whose output is indexed into the case,
 * its stderr kept, Stop ending a command that would run on, nothing left behind by a silent command).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureStatusDto } from '@wirewho/contract';
import { Engine } from './engine.js';

const sample = fileURLToPath(new URL('../../../resources/samples/ptcpdump_curl-thread.pcapng', import.meta.url));
const SAMPLE_FRAMES = 10;

let caseDir: string;
let engine: Engine;
let pushed: CaptureStatusDto[];
let caseChanges: number;

beforeEach(() => {
  caseDir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-capture-service-'));
  engine = new Engine({ caseDir, writer: 'inline' });
  pushed = [];
  caseChanges = 0;
  engine.subscribe((event, payload) => {
    if (event === 'captureStatus') pushed.push(payload as CaptureStatusDto);
    if (event === 'caseChanged') caseChanges++;
  });
});

afterEach(async () => {
  await engine.close();
  rmSync(caseDir, { recursive: true, force: true });
});

async function ended(): Promise<CaptureStatusDto> {
  for (let i = 0; i < 400; i++) {
    const s = await engine.service.captureStatus({});
    if (s.state === 'finished' || s.state === 'failed') return s;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the capture did not end');
}

describe('capture filter and interfaces', () => {
  it('checks BPF filters with libpcap', async () => {
    expect(await engine.service.validateCaptureFilter({ filter: 'udp port 53' })).toEqual({ ok: true, message: null });
    expect(await engine.service.validateCaptureFilter({ filter: '' })).toEqual({ ok: true, message: null });
    const bad = await engine.service.validateCaptureFilter({ filter: 'udp prot 53' });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/syntax error|unknown|expression/);
  });

  it.skipIf(process.platform !== 'linux')('lists lo with 127.0.0.1, and counts its packets', async () => {
    const { interfaces, unavailable } = await engine.service.listInterfaces({});
    expect(unavailable).toBeNull();
    const lo = interfaces.find((i) => i.name === 'lo');
    expect(lo?.loopback).toBe(true);
    expect(lo?.addresses).toContainEqual(expect.objectContaining({ address: '127.0.0.1', family: 'inet' }));
    const counters = await engine.service.interfaceCounters({});
    expect(counters.counters.find((c) => c.name === 'lo')?.rxPackets).toBeGreaterThanOrEqual(0);
  });

  it('refuses contradictory limits and a bad filter before anything starts', async () => {
    await expect(engine.service.startCapture({ interfaces: ['lo'], durationSeconds: 1, count: 5 })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(engine.service.startCapture({ interfaces: ['lo'], ringFiles: 3 })).rejects.toMatchObject({ code: 'invalid-argument', message: /ringFiles/ });
    await expect(engine.service.startCapture({ interfaces: ['lo'], filter: 'tcp port' })).rejects.toMatchObject({ code: 'invalid-argument', message: /invalid capture filter/ });
    expect((await engine.service.captureStatus({})).state).toBe('idle');
  });

  it('reports a missing interface as a failed capture with the reason', async () => {
    const s = await engine.service.startCapture({ interfaces: ['no-such-if0'], durationSeconds: 1 });
    expect(s.state).toBe('failed');
    expect(s.message).toMatch(/no-such-if0/);
    expect(engine.ingesting).toBe(false);
  });
});

describe('Capture from command…', () => {
  it('indexes the pcapng a pipeline writes to stdout, keeps its stderr, and records the import', async () => {
    const started = await engine.service.startCommandCapture({ command: `echo starting >&2; cat '${sample}'` });
    expect(started).toMatchObject({ state: 'running', kind: 'command', command: `echo starting >&2; cat '${sample}'` });
    const s = await ended();
    expect(s).toMatchObject({ state: 'finished', reason: 'exited', exitCode: 0, frames: SAMPLE_FRAMES, indexed: SAMPLE_FRAMES, message: null });
    expect(s.stderr).toBe('starting\n');
    expect(engine.index.frameCount()).toBe(SAMPLE_FRAMES);
    const [evidence] = engine.index.listEvidence();
    expect(evidence).toMatchObject({ status: 'complete', frameCount: SAMPLE_FRAMES, path: s.files[0] });
    expect(path.dirname(evidence.path)).toBe(path.join(caseDir, 'live'));
    // The ptcpdump metadata in the stream keeps its processes.
    expect((await engine.service.processesPage({ offset: 0, limit: 10 })).rows.map((p) => p.name)).toContain('curl');
    expect(engine.casework.custodyLog().entries.map((e) => e.event)).toContain('import');
    expect(pushed.map((p) => p.state)).toEqual(expect.arrayContaining(['running', 'finished']));
    expect(caseChanges).toBeGreaterThan(0);
  });

  it('stops a command that would run on, keeping what it wrote', async () => {
    await engine.service.startCommandCapture({ command: `cat '${sample}'; sleep 30` });
    for (let i = 0; i < 200 && engine.index.frameCount() < SAMPLE_FRAMES; i++) await new Promise((r) => setTimeout(r, 25));
    const t0 = Date.now();
    const s = await engine.service.stopCapture({});
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(s).toMatchObject({ state: 'finished', reason: 'stopped', frames: SAMPLE_FRAMES, exitSignal: 'SIGTERM' });
    expect(engine.index.listEvidence()[0]?.status).toBe('complete');
  });

  it('a command that prints nothing fails with its stderr and leaves no evidence or file', async () => {
    await engine.service.startCommandCapture({ command: 'echo "ssh: connect to host nowhere: Connection refused" >&2; exit 255' });
    const s = await ended();
    expect(s).toMatchObject({ state: 'failed', exitCode: 255, files: [] });
    expect(s.message).toMatch(/wrote nothing/);
    expect(s.stderr).toMatch(/Connection refused/);
    expect(engine.index.listEvidence()).toEqual([]);
    expect(existsSync(path.join(caseDir, 'live')) ? readdirSync(path.join(caseDir, 'live')) : []).toEqual([]);
  });

  it('output that is no capture fails the evidence with the parser\'s reason', async () => {
    await engine.service.startCommandCapture({ command: 'echo hello' });
    const s = await ended();
    expect(s.state).toBe('failed');
    expect(s.message).toBeTruthy();
    expect(engine.index.listEvidence()[0]?.status).toBe('failed');
  });

  it('one capture at a time, and no file ingest meanwhile', async () => {
    await engine.service.startCommandCapture({ command: 'sleep 30' });
    await expect(engine.service.startCommandCapture({ command: 'true' })).rejects.toMatchObject({ code: 'busy' });
    await expect(engine.service.openEvidence({ path: sample })).rejects.toMatchObject({ code: 'busy' });
    expect(engine.ingesting).toBe(true);
    await engine.service.stopCapture({});
    expect(engine.ingesting).toBe(false);
  });
});
