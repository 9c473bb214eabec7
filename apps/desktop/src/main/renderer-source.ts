/**
 * Where the renderer comes from: the built index.html (file://) or, in `electron-vite dev`, the dev
 * server named by ELECTRON_RENDERER_URL. The same description decides which frames are "ours".
 */
import { pathToFileURL } from 'node:url';

export type RendererSource =
  | { kind: 'file'; filePath: string; url: string }
  | { kind: 'dev-server'; url: string; origin: string };

export function resolveRendererSource(devServerUrl: string | undefined, builtIndexHtml: string): RendererSource {
  if (devServerUrl) {
    const url = new URL(devServerUrl);
    if (url.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
      throw new Error(`ELECTRON_RENDERER_URL must be a loopback http URL, got ${devServerUrl}`);
    }
    return { kind: 'dev-server', url: url.toString(), origin: url.origin };
  }
  return { kind: 'file', filePath: builtIndexHtml, url: pathToFileURL(builtIndexHtml).toString() };
}

/** True when `url` is our renderer page (hash and query ignored). */
export function isOwnRendererUrl(source: RendererSource, url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (source.kind === 'dev-server') return parsed.origin === source.origin;
  const own = new URL(source.url);
  return parsed.protocol === 'file:' && parsed.host === own.host && parsed.pathname === own.pathname;
}

/** Requests the renderer may make at all (anything else — remote content — is cancelled). */
export function isAllowedRequestUrl(source: RendererSource, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:' || parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true;
  if (source.kind === 'dev-server') {
    // The Vite client also opens a same-host WebSocket for hot reload.
    const devHost = new URL(source.url).host;
    return (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && parsed.host === devHost;
  }
  if (parsed.protocol !== 'file:') return false;
  // Only files next to the built index.html (its scripts, styles and fonts).
  const rendererDir = new URL('.', source.url).pathname;
  return decodeURIComponent(parsed.pathname).startsWith(decodeURIComponent(rendererDir));
}
