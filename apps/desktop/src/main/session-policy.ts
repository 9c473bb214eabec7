/**
 * Session-wide rules for the renderer: CSP on every response, no permissions (camera, notifications,
 * HID, ...), and no request leaves for anything but our own files (or the dev server).
 */
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { isAllowedRequestUrl, type RendererSource } from './renderer-source.js';

type PolicySession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
};

export function applySessionPolicy(session: PolicySession, source: RendererSource, onBlocked: (url: string) => void = () => {}): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(source, details.url);
    if (!allowed) onBlocked(details.url);
    callback({ cancel: !allowed });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
