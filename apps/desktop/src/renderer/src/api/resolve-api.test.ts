import { describe, expect, it, vi } from 'vitest';
import type { WirewhoApi } from '@wirewho/contract';
import { resolveApi, TOKEN_SESSION_KEY, tokenFromHash } from './resolve-api.js';

function host(hash: string, saved: string | null = null) {
  const session = new Map<string, string>(saved ? [[TOKEN_SESSION_KEY, saved]] : []);
  return {
    location: { hash, origin: 'http://127.0.0.1:4000', pathname: '/', search: '' },
    history: { replaceState: vi.fn() },
    sessionStorage: { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => { session.set(k, v); } },
    session,
  };
}

describe('resolveApi', () => {
  it('prefers the preload object under Electron', async () => {
    const injected = { transport: 'electron' } as WirewhoApi;
    const connect = vi.fn();
    expect(await resolveApi({ ...host(''), wirewho: injected }, connect)).toBe(injected);
    expect(connect).not.toHaveBeenCalled();
  });

  it('connects the WebSocket with the token from the fragment, then hides it from the address bar', async () => {
    const h = host('#token=abc123');
    const api = { transport: 'websocket' } as unknown as WirewhoApi & { close(): void };
    const connect = vi.fn(async () => api);
    expect(await resolveApi(h, connect)).toBe(api);
    expect(connect).toHaveBeenCalledWith({ baseUrl: 'http://127.0.0.1:4000', token: 'abc123' });
    expect(h.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(h.session.get(TOKEN_SESSION_KEY)).toBe('abc123');
  });

  it('reuses the token after a reload', async () => {
    const connect = vi.fn(async () => ({}) as never);
    await resolveApi(host('', 'saved'), connect);
    expect(connect).toHaveBeenCalledWith({ baseUrl: 'http://127.0.0.1:4000', token: 'saved' });
  });

  it('explains what is missing without a token', async () => {
    await expect(resolveApi(host(''), vi.fn())).rejects.toThrow(/wirewho serve/);
  });

  it('parses the fragment', () => {
    expect(tokenFromHash('#token=a%2Bb&x=1')).toBe('a+b');
    expect(tokenFromHash('#x=1')).toBeNull();
  });
});
