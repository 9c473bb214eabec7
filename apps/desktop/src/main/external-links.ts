/**
 * The one way the app opens something outside itself: shell.openExternal, for https URLs on an
 * allow-list only. Evidence is full of attacker-chosen URLs (HTTP Host/Referer, DNS names); passing
 * one to the OS could start any registered protocol handler (file:, smb:, custom schemes), so nothing
 * reaches openExternal unless it is a known documentation page.
 */
import type { Shell } from 'electron';

/** https origins and path prefixes that may be opened in the user's browser. */
export const EXTERNAL_URL_ALLOW_LIST: readonly { origin: string; pathPrefix: string }[] = [
  { origin: 'https://www.wireshark.org', pathPrefix: '/docs/' },
  { origin: 'https://github.com', pathPrefix: '/wirewho/' },
];

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials in the URL, other schemes or ports: refused outright.
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  return EXTERNAL_URL_ALLOW_LIST.some((a) => parsed.origin === a.origin && parsed.pathname.startsWith(a.pathPrefix));
}

/** Opens `url` in the browser when it is allow-listed; returns whether it did. */
export function openExternalIfAllowed(shell: Pick<Shell, 'openExternal'>, url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(new URL(url).toString());
  return true;
}
