/** `wirewho serve`: prints a loopback URL with a token; the API answers only with that token and origin. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWsApi, MAX_WS_MESSAGE_BYTES, type WirewhoApi } from '@wirewho/contract';
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

/** Opens an API socket with the right token; resolves once open. */
function openApiSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${appUrl.port}/api?token=${tokenOf(appUrl)}`);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}

function nextReply(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()) as Record<string, unknown>)));
}

/** Whether a plain TCP connection to host:port is accepted. */
function tcpAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000);
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
    s.on('timeout', () => { s.destroy(); resolve(false); });
  });
}

describe('wirewho serve: the loopback WebSocket refuses everything else', () => {
  it('listens on 127.0.0.1 only (not on ::1, not on the machine\'s other addresses)', async () => {
    const port = Number(appUrl.port);
    expect(await tcpAccepts('127.0.0.1', port)).toBe(true);
    expect(await tcpAccepts('::1', port)).toBe(false);
    const others = Object.values(os.networkInterfaces()).flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && !i.internal && i.family === 'IPv4').map((i) => i.address);
    for (const address of others) expect(await tcpAccepts(address, port), address).toBe(false);
  });

  it('refuses a missing token, a token in the wrong place, and other paths', async () => {
    const base = `ws://127.0.0.1:${appUrl.port}`;
    const token = tokenOf(appUrl);
    expect(await tryConnect(`${base}/api`)).toBe(403);
    expect(await tryConnect(`${base}/api?token=`)).toBe(403);
    expect(await tryConnect(`${base}/api?token=${token.slice(0, -1)}`)).toBe(403);
    expect(await tryConnect(`${base}/api?token=${token}x`)).toBe(403);
    expect(await tryConnect(`${base}/api`, { Authorization: `Bearer ${token}` })).toBe(403);
    expect(await tryConnect(`${base}/other?token=${token}`)).toBe(403);
    expect(await tryConnect(`${base}/api/?token=${token}`)).toBe(403);
  });

  it('refuses look-alike Origins and Hosts (DNS rebinding, opaque origins, other ports)', async () => {
    const port = appUrl.port;
    const url = `ws://127.0.0.1:${port}/api?token=${tokenOf(appUrl)}`;
    for (const origin of ['null', `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, `http://127.0.0.1.evil.example:${port}`,
      `http://localhost.evil.example:${port}`, 'file://', `http://[::1]:${port}`]) {
      expect(await tryConnect(url, { Origin: origin }), origin).toBe(403);
    }
    for (const host of ['127.0.0.1', `127.0.0.1:${Number(port) + 1}`, `rebind.evil.example:${port}`, `127.0.0.2:${port}`, `[::1]:${port}`]) {
      expect(await tryConnect(url, { Host: host }), host).toBe(403);
    }
    expect(await tryConnect(url, { Origin: `http://127.0.0.1:${port}` })).toBe('open');
  });

  it('closes a socket that sends an oversize or binary message, and answers malformed requests with a typed error', async () => {
    const big = await openApiSocket();
    const bigClosed = closeCode(big);
    big.send(JSON.stringify({ id: 1, method: 'openEvidence', args: { path: 'x'.repeat(MAX_WS_MESSAGE_BYTES) } }));
    expect(await bigClosed).toBe(1009);

    const bin = await openApiSocket();
    const binClosed = closeCode(bin);
    bin.send(Buffer.from('{"id":1,"method":"caseSummary","args":{}}'));
    expect(await binClosed).toBe(1003);

    const ws = await openApiSocket();
    for (const text of ['{not json', '[]', '{"id":"1","method":"caseSummary"}', '{"id":1,"method":"dropTables","args":{}}',
      '{"id":2,"method":"framesPage","args":{"offset":0,"limit":1,"__proto__":{"polluted":true}}}']) {
      const reply = nextReply(ws);
      ws.send(text);
      expect(await reply, text).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(invalid-argument|unknown-method)$/) } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    ws.close();
  });
});
