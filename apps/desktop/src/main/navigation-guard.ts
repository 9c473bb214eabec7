/**
 * The renderer is a single page: it never navigates, never opens windows and never embeds webviews.
 * Anything that tries (a link in evidence text, a dropped file Chromium would open) is refused.
 */
import type { WebContents } from 'electron';

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Contents already guarded (the main window is guarded on creation and again by 'web-contents-created'). */
const guarded = new WeakSet<object>();

/**
 * `openExternal` (external-links.ts) gets every window.open and link-navigation URL; it opens only
 * allow-listed https pages in the user's browser. In the app itself everything stays denied.
 */
export function guardWebContents(
  contents: GuardedContents,
  onBlocked: (what: string, url: string) => void = () => {},
  openExternal: (url: string) => boolean = () => false,
): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!openExternal(url)) onBlocked('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onBlocked('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (!openExternal(url)) onBlocked('window.open', url);
    return { action: 'deny' };
  });
}
