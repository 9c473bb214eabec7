/**
 * The BUILT main-process bundle (apps/desktop/out/main/index.js) booted in Node against a scripted
 * Electron stub: it must refuse root, open the case engine, create the locked-down window with an
 * existing preload and renderer, ingest `--open` files at startup, forward events, answer trusted IPC
 * and refuse untrusted or malformed calls, then close the case on quit.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/browser.js';

const mainBundle = path.join(repoRoot, 'apps/desktop/out/main/index.js');
const stubHook = fileURLToPath(new URL('./helpers/electron-stub/register.mjs', import.meta.url));
const capture = fileURLToPath(new URL('../../../shared/corpus/captures/lo_mix.pcapng', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-main-'));
const isRoot = process.getuid?.() === 0;

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runMain(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', stubHook, mainBundle, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, STUB_USER_DATA: path.join(tmp, 'user-data'), ...env },
  });
}

describe('the main bundle is built', () => {
  it('has apps/desktop/out/main/index.js', () => {
    expect(existsSync(mainBundle), 'run `pnpm --filter @wirewho/desktop build` first').toBe(true);
  });
});

describe.skipIf(!existsSync(mainBundle))('main process bundle (stubbed Electron)', () => {
  it.skipIf(!isRoot)('refuses to run as root without WIREWHO_ALLOW_ROOT=1', () => {
    const run = runMain([], { WIREWHO_ALLOW_ROOT: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Wirewho refuses to run as root.');
  });

  it('boots, ingests --open, answers trusted IPC and refuses the rest', () => {
    const caseDir = path.join(tmp, 'case');
    const run = runMain(['--case', caseDir, '--open', capture], { WIREWHO_ALLOW_ROOT: '1' });
    const line = run.stdout.split('\n').find((l) => l.startsWith('STUB-REPORT '));
    expect(line, `no report; exit ${run.status}\n${run.stderr}`).toBeDefined();
    const report = JSON.parse(line!.slice('STUB-REPORT '.length));

    expect(report.sandboxEnabled).toBe(true);
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].preloadExists).toBe(true);
    expect(report.windows[0].webPreferences).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
      allowRunningInsecureContent: false, webviewTag: false,
    });
    expect(report.rendererExists).toBe(true);
    expect(report.session).toMatchObject({ csp: true, requestFilter: true, mediaAllowed: false });
    expect(report.menu).toEqual(['&File', '&Edit', '&Capture', '&View', '&Help']);
    expect(report.ipcChannels).toContain('wirewho:dialog:openCapture');

    expect(report.ingestFinished).toMatchObject({ status: 'complete', frames: 668, path: capture });
    expect(report.events).toContain('ingestProgress');
    expect(report.calls.caseSummary).toMatchObject({ ok: true, result: { caseDir, frameCount: 668 } });
    expect(report.calls.framesPage).toEqual({ total: 668, numbers: [1, 2, 3] });
    expect(report.calls.frameDetail[0]).toMatch(/^Frame 1: 101 bytes on wire/);
    expect(report.calls.untrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(report.calls.badArgs).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(report.calls.dialogUntrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run.status).toBe(0);
  });
});
