/**
 * Case files through the BUILT desktop main bundle (stubbed Electron, as main-bundle.test.ts):
 * `--open x.wwcase` verifies the case file and shows it read-only over the window's IPC (its frames,
 * the sealed custody log, edits refused); a tampered one is not opened and the error box lists the
 * member. Export Specified Packets over IPC goes to the file picked in the (stubbed) native save
 * dialog, and the IPC call cannot name a path itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMembers, MEMBERS, scanArchive, writeArchive } from '@wirewho/casefile';
import { EvidenceAccess, exportCase, FrameFilter, ingestEvidenceFile } from '@wirewho/engine';
import { CaseIndex } from '@wirewho/index';
import { repoRoot } from './helpers/browser.js';

const mainBundle = path.join(repoRoot, 'apps/desktop/out/main/index.js');
const stubHook = fileURLToPath(new URL('./helpers/electron-stub/register.mjs', import.meta.url));
const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-main-casefile-'));
const caseFile = path.join(tmp, 'incident.wwcase');
const tampered = path.join(tmp, 'incident-tampered.wwcase');

beforeAll(async () => {
  const source = CaseIndex.open(path.join(tmp, 'source'));
  await (await ingestEvidenceFile(source, SAMPLE, { writer: 'inline' })).factIndex;
  const access = new EvidenceAccess(source);
  await exportCase(source, access, new FrameFilter(source, access), { out: caseFile, selection: {}, analyst: 'Dana Analyst', operator: 'dana' });
  access.close();
  source.close();
  const parts = path.join(tmp, 'parts');
  mkdirSync(parts);
  const names = Object.values(MEMBERS);
  await extractMembers(caseFile, names, parts);
  const custody = path.join(parts, MEMBERS.custody);
  writeFileSync(custody, readFileSync(custody, 'utf8').replace('"operator":"dana"', '"operator":"mallory"'));
  await writeArchive(tampered, names.map((n) => ({ name: n, file: path.join(parts, n) })), (await scanArchive(caseFile)).comment);
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runMain(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', stubHook, mainBundle, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, STUB_USER_DATA: path.join(tmp, 'user-data'), XDG_CACHE_HOME: path.join(tmp, 'cache'), WIREWHO_ALLOW_ROOT: '1', ...env },
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('STUB-REPORT '));
  expect(line, `no report; exit ${run.status}\n${run.stderr}`).toBeDefined();
  return { run, report: JSON.parse(line!.slice('STUB-REPORT '.length)) };
}

describe.skipIf(!existsSync(mainBundle))('case files in the desktop main process (stubbed Electron)', () => {
  it('--open x.wwcase verifies it and serves it read-only; export goes to the save dialog\'s file', () => {
    const out = path.join(tmp, 'picked.pcapng');
    const before = readFileSync(caseFile);
    const { run, report } = runMain(['--case', path.join(tmp, 'case'), '--open', caseFile], { STUB_EXPORT: '1', STUB_SAVE_PATH: out });
    expect(report.caseSwitched).toMatchObject({ caseFile: { path: caseFile, analyst: 'Dana Analyst', readOnlyReason: expect.stringContaining('read-only') } });
    expect(report.calls.caseSummary).toMatchObject({ ok: true, result: { frameCount: 10, caseFile: { path: caseFile } } });
    expect(report.calls.framesPage).toEqual({ total: 10, numbers: [1, 2, 3] });
    expect(report.calls.annotateReadOnly).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(report.calls.custodyLog.result.entries.map((e: { event: string }) => e.event)).toEqual(['import', 'verification', 'filter', 'case-export']);
    expect(report.calls.custodyLog.result.problems).toEqual([]);
    // Exports from a case file are refused (its custody log is sealed), before any save dialog shows.
    expect(report.saveDialogs).toHaveLength(0);
    expect(report.calls.exportTo).toMatchObject({ ok: false, error: { code: 'read-only', message: expect.stringContaining('read-only') } });
    expect(existsSync(out)).toBe(false);
    expect(report.calls.exportToWithPath).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(report.calls.exportToUntrusted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(readFileSync(caseFile).equals(before)).toBe(true);
    expect(run.status).toBe(0);
  });

  it('in the working case, Export Specified Packets writes exactly the file picked in the save dialog', () => {
    const out = path.join(tmp, 'export-picked.pcapng');
    const { report } = runMain(['--case', path.join(tmp, 'case2'), '--open', SAMPLE], { STUB_EXPORT: '1', STUB_SAVE_PATH: out });
    expect(report.saveDialogs[0]).toMatchObject({ title: 'Export Specified Packets', properties: expect.arrayContaining(['showOverwriteConfirmation']) });
    expect(report.calls.exportTo).toMatchObject({ ok: true, result: { path: out, frames: 3, format: 'pcapng', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 4).toString('hex')).toBe('0a0d0d0a');
  });

  it('a tampered case file named on the command line is not opened; the error box names the member', () => {
    const { run, report } = runMain(['--case', path.join(tmp, 'case3'), '--open', tampered]);
    expect(report.caseSwitched).toBeUndefined();
    const box = report.dialogs.find((d: { title?: string }) => d.title === 'Case file failed verification');
    expect(box).toMatchObject({ type: 'error', message: `${tampered} does not verify` });
    expect(box.detail).toMatch(/^It was not opened\. Verification found:\n• custody\.jsonl: custody\.jsonl changed: SHA-256/);
    expect(report.calls.caseSummary).toMatchObject({ ok: true, result: { frameCount: 0 } });
    expect(report.calls.caseSummary.result.caseFile).toBeUndefined();
    expect(run.status).toBe(0);
  });
});
