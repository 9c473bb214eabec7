/**
 * `wirewho case open --serve` and `wirewho serve --open x.wwcase`: the UI's API shows the case file
 * itself, read-only (edits refused, custody log the archive's); a tampered case file is not served
 * (exit 2, the member named). The CLI as a user runs it (tsx child processes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMembers, MEMBERS, scanArchive, writeArchive } from '@wirewho/casefile';
import { connectWsApi, type WirewhoApi } from '@wirewho/contract';
import { repoRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';

const SAMPLE = path.join(repoRoot, 'resources/samples/ptcpdump_curl-thread.pcapng');
const rendererBuilt = (() => { try { readFileSync(path.join(repoRoot, 'apps/desktop/out/renderer/index.html')); return true; } catch { return false; } })();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-case-serve-'));
const caseFile = path.join(tmp, 'evidence.wwcase');
const env = { ...process.env, XDG_CACHE_HOME: path.join(tmp, 'cache') };
let child: ChildProcess | null = null;

beforeAll(async () => {
  expect(wirewho(['ingest', SAMPLE, '--case', path.join(tmp, 'case')]).status).toBe(0);
  const r = wirewho(['case', 'export', '--case', path.join(tmp, 'case'), '--out', caseFile, '--analyst', 'Dana', '--operator', 'dana']);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => {
  child?.kill('SIGINT');
  rmSync(tmp, { recursive: true, force: true });
});

function start(args: string[]): Promise<{ url: URL | null; code: number | null; stderr: string }> {
  const proc = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'apps/cli/src/main.ts'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => {
    let buf = '';
    proc.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('http://'));
      if (line) resolve({ url: new URL(line), code: null, stderr });
    });
    proc.once('exit', (code) => resolve({ url: null, code, stderr }));
  });
}

describe.skipIf(!rendererBuilt)('case files served to the UI', () => {
  it('case open --serve shows the case file read-only', async () => {
    const { url, stderr } = await start(['case', 'open', caseFile, '--serve']);
    expect(url, stderr).not.toBeNull();
    const api: WirewhoApi & { close(): void } = await connectWsApi({
      baseUrl: url!.origin, token: new URLSearchParams(url!.hash.slice(1)).get('token') ?? '', WebSocketImpl: WebSocket as never,
    });
    const summary = await api.caseSummary({});
    expect(summary.frameCount).toBe(10);
    expect(summary.caseFile).toMatchObject({ path: caseFile, analyst: 'Dana', operator: 'dana' });
    await expect(api.addAnnotation({ kind: 'tag', on: { target: 'frame', frame: 1 }, text: 'x' })).rejects.toMatchObject({ code: 'read-only' });
    await expect(api.openEvidence({ path: SAMPLE })).rejects.toMatchObject({ code: 'read-only' });
    expect((await api.custodyLog({})).entries.at(-1)?.event).toBe('case-export');
    api.close();
    child!.kill('SIGINT');
    child = null;
  }, 60_000);

  it('serve --open with a tampered case file refuses to start, naming the member', async () => {
    const parts = path.join(tmp, 'parts');
    mkdirSync(parts);
    const names = Object.values(MEMBERS);
    await extractMembers(caseFile, names, parts);
    const report = path.join(parts, MEMBERS.report);
    writeFileSync(report, readFileSync(report, 'utf8').replace('Dana', 'Mallory'));
    const bad = path.join(tmp, 'tampered.wwcase');
    await writeArchive(bad, names.map((n) => ({ name: n, file: path.join(parts, n) })), (await scanArchive(caseFile)).comment);
    const r = await start(['serve', '--case', path.join(tmp, 'home'), '--port', '0', '--open', bad]);
    expect(r.url).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not verify, not opened');
    expect(r.stderr).toMatch(/report\.html: report\.html changed: SHA-256/);
    child = null;
  }, 60_000);
});
