/** `wirewho serve`: prints a loopback URL with a token; the API answers only with that token and origin. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsApi, type WirewhoApi } from '@wirewho/contract';
import { corpusRoot, repoRoot } from '../helpers/corpus.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-serve-'));
let child: ChildProcess;
let appUrl: URL;

beforeAll(async () => {
  child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), [path.join(repoRoot, 'apps/cli/src/main.ts'), 'serve', '--case', path.join(tmp, 'case'), '--port', '0',
    '--open', path.join(corpusRoot, 'public/ptcpdump/ptcpdump_curl-user.pcapng')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  appUrl = new URL(line);
});
afterAll(() => {
  child?.kill('SIGINT');
  rmSync(tmp, { recursive: true, force: true });
});

function tokenOf(u: URL): string {
  return new URLSearchParams(u.hash.slice(1)).get('token') ?? '';
}

function tryConnect(url: string, headers: Record<string, string> = {}): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve('open'); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('wirewho serve', () => {
  it('prints a 127.0.0.1 URL with a token in the fragment', () => {
    expect(appUrl.hostname).toBe('127.0.0.1');
    expect(tokenOf(appUrl)).toMatch(/^[\w-]{20,}$/);
  });

  it('serves the UI with a strict CSP', async () => {
    const res = await fetch(new URL('/', appUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(await res.text()).toMatch(/<div id="app"/);
    expect((await fetch(new URL('/../../etc/passwd', appUrl))).status).not.toBe(200);
  });

  it('answers API calls with the token and ingests --open files', async () => {
    const api: WirewhoApi & { close(): void } = await connectWsApi({ baseUrl: appUrl.origin, token: tokenOf(appUrl), WebSocketImpl: WebSocket as never });
    let summary = await api.caseSummary({});
    for (let i = 0; i < 100 && (summary.evidence.length === 0 || summary.evidence[0].status === 'ingesting'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      summary = await api.caseSummary({});
    }
    expect(summary.evidence[0].status).toBe('complete');
    expect(summary.frameCount).toBeGreaterThan(0);
    await expect(api.framesPage({ offset: 0, limit: 100000 })).rejects.toMatchObject({ code: 'invalid-argument' });
    api.close();
  });

  it('refuses a wrong token, a foreign Origin and a foreign Host', async () => {
    const base = `ws://127.0.0.1:${appUrl.port}/api`;
    expect(await tryConnect(`${base}?token=${tokenOf(appUrl)}`)).toBe('open');
    expect(await tryConnect(`${base}?token=wrong`)).toBe(403);
    expect(await tryConnect(`${base}?token=${tokenOf(appUrl)}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await tryConnect(`${base}?token=${tokenOf(appUrl)}`, { Host: `evil.example:${appUrl.port}` })).toBe(403);
  });
});
