/**
 * Loopback WebSocket transport (Node side), used by `wirewho serve` and the end-to-end tests.
 * Binds 127.0.0.1 only; every API connection needs the random token and a same-origin Origin
 * (or none, for non-browser clients); the Host header must name the loopback address, which
 * defeats DNS rebinding. Also serves the built renderer as static files with a strict CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventSource, WirewhoService } from './api.js';
import { ApiError, toErrorBody } from './errors.js';
import { validateRequest } from './validate.js';
import { MAX_WS_MESSAGE_BYTES, WS_PATH, type WsReply, type WsRequest } from './ws-protocol.js';

export interface WsServerOptions {
  service: WirewhoService;
  events?: EventSource;
  port?: number;
  /** Directory with the renderer build (index.html + assets). Optional for API-only use. */
  staticDir?: string;
  token?: string;
}

export interface RunningWsServer {
  url: string;
  /** URL a browser opens: the token rides in the fragment so it never reaches logs or Referer. */
  appUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isLoopbackAddress(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::ffff:127.0.0.1';
}

/** Decides whether an upgrade request may open an API socket. Exported for tests. */
export function checkUpgrade(req: IncomingMessage, port: number, token: string): string | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 'not from loopback';
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'bad Host header';
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return 'cross-origin request';
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  if (url.pathname !== WS_PATH) return 'unknown path';
  const given = url.searchParams.get('token') ?? '';
  if (!tokensEqual(given, token)) return 'bad token';
  return null;
}

function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

function serveStatic(staticDir: string | undefined, port: number, req: IncomingMessage, res: ServerResponse): void {
  const headers = securityHeaders(port);
  if (!staticDir || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, headers).end('not found');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const root = path.resolve(staticDir);
  const file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403, headers).end('forbidden');
    return;
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, headers).end('not found');
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

async function handleMessage(service: WirewhoService, socket: WebSocket, raw: string): Promise<void> {
  let id = 0;
  let reply: WsReply;
  try {
    const msg = JSON.parse(raw) as Partial<WsRequest>;
    if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number' || !Number.isSafeInteger(msg.id)) {
      throw new ApiError('invalid-argument', 'malformed request: expected {"id": integer, "method": string, "args": object}');
    }
    id = msg.id;
    const { name, args } = validateRequest(msg.method, msg.args);
    const call = service[name] as (a: unknown) => Promise<unknown>;
    reply = { id, ok: true, result: await call.call(service, args) };
  } catch (err) {
    const body = toErrorBody(err);
    if (err instanceof SyntaxError) body.code = 'invalid-argument';
    reply = { id, ok: false, error: body };
  }
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
}

export async function startWsServer(options: WsServerOptions): Promise<RunningWsServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const server: Server = createServer((req, res) => serveStatic(options.staticDir, port, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req, port, token);
    if (refusal) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: ${refusal.length}\r\n\r\n${refusal}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // Protocol violations (an oversize frame: 1009, bad UTF-8, ...) arrive as 'error' after ws has
      // closed the socket; without a listener that event would take the whole server down.
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => {
        if (isBinary) { ws.close(1003, 'text only'); return; }
        const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
        void handleMessage(options.service, ws, text);
      });
    });
  });
  const unsubscribe = options.events?.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url, token, port,
    appUrl: `${url}#token=${token}`,
    close: async () => {
      unsubscribe?.();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
