import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import type { RendererSource } from './renderer-source.js';
import { applySessionPolicy } from './session-policy.js';

const fileSource: RendererSource = { kind: 'file', filePath: '/app/out/renderer/index.html', url: 'file:///app/out/renderer/index.html' };

function fakeSession() {
  const captured: Record<string, (...args: never[]) => unknown> = {};
  const session = {
    webRequest: {
      onHeadersReceived: (fn: never) => { captured.headers = fn; },
      onBeforeRequest: (fn: never) => { captured.request = fn; },
    },
    setPermissionRequestHandler: (fn: never) => { captured.permissionRequest = fn; },
    setPermissionCheckHandler: (fn: never) => { captured.permissionCheck = fn; },
    setDevicePermissionHandler: (fn: never) => { captured.device = fn; },
  };
  applySessionPolicy(session, fileSource);
  return captured as Record<string, (...args: unknown[]) => unknown>;
}

describe('applySessionPolicy', () => {
  it('denies every permission request and check', () => {
    const handlers = fakeSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid']) {
      const callback = vi.fn();
      handlers.permissionRequest({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.permissionCheck({}, permission, 'file://', {})).toBe(false);
    }
    expect(handlers.device({})).toBe(false);
  });

  it('replaces any Content-Security-Policy header with ours', () => {
    const handlers = fakeSession();
    const callback = vi.fn();
    handlers.headers({ responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] },
    });
  });

  it('cancels remote requests and allows the renderer files', () => {
    const handlers = fakeSession();
    const decide = (url: string) => {
      const callback = vi.fn();
      handlers.request({ url }, callback);
      return (callback.mock.calls[0][0] as { cancel: boolean }).cancel;
    };
    expect(decide('https://example.com/tracker.js')).toBe(true);
    expect(decide('http://127.0.0.1:8080/')).toBe(true);
    expect(decide('file:///etc/passwd')).toBe(true);
    expect(decide('file:///app/out/renderer/assets/index-abc.js')).toBe(false);
    expect(decide('data:image/png;base64,AAAA')).toBe(false);
  });
});
