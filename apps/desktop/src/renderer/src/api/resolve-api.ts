/**
 * The renderer's only door to the engine: the preload's `window.wirewho` under Electron, otherwise the
 * loopback WebSocket of `wirewho serve` (and the end-to-end tests), whose token arrives in the URL
 * fragment. The token is then moved to sessionStorage so it leaves the address bar but survives reload.
 */
import { connectWsApi, type WirewhoApi } from '@wirewho/contract';

export const TOKEN_SESSION_KEY = 'wirewho.token';

export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token && token.length > 0 ? token : null;
}

export interface ApiHost {
  wirewho?: WirewhoApi;
  location: Pick<Location, 'hash' | 'origin' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export async function resolveApi(host: ApiHost, connect: typeof connectWsApi = connectWsApi): Promise<WirewhoApi> {
  if (host.wirewho) return host.wirewho;
  const fromHash = tokenFromHash(host.location.hash);
  const token = fromHash ?? host.sessionStorage?.getItem(TOKEN_SESSION_KEY) ?? null;
  if (!token) {
    throw new Error('No engine connection: open Wirewho through the desktop app or the URL printed by `wirewho serve` (it ends in #token=…).');
  }
  if (fromHash) {
    host.sessionStorage?.setItem(TOKEN_SESSION_KEY, token);
    host.history.replaceState(null, '', `${host.location.pathname}${host.location.search}`);
  }
  return connect({ baseUrl: host.location.origin, token });
}
