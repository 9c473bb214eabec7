import { describe, expect, it, vi } from 'vitest';
import { guardWebContents } from './navigation-guard.js';

type Handler = (event: { preventDefault(): void }, url?: string) => void;

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: ((d: { url: string }) => unknown) | null = null;
  const contents = {
    on: (event: string, handler: Handler) => { handlers.set(event, handler); return contents; },
    setWindowOpenHandler: (handler: (d: { url: string }) => unknown) => { openHandler = handler; },
  };
  return { contents, handlers, open: (url: string) => openHandler!({ url }) };
}

describe('guardWebContents', () => {
  it('prevents every navigation, even to our own file', () => {
    const { contents, handlers } = fakeContents();
    const blocked = vi.fn();
    guardWebContents(contents as never, blocked);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///app/out/renderer/index.html']) {
      const preventDefault = vi.fn();
      handlers.get('will-navigate')!({ preventDefault }, url);
      expect(preventDefault).toHaveBeenCalledOnce();
    }
    expect(blocked).toHaveBeenCalledWith('navigation', 'https://evil.example/');
  });

  it('denies window.open', () => {
    const { contents, open } = fakeContents();
    guardWebContents(contents as never);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('about:blank')).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const { contents, handlers } = fakeContents();
    guardWebContents(contents as never);
    const preventDefault = vi.fn();
    handlers.get('will-attach-webview')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('guards each contents once', () => {
    const { contents } = fakeContents();
    const on = vi.spyOn(contents, 'on');
    guardWebContents(contents as never);
    const registrations = on.mock.calls.length;
    guardWebContents(contents as never);
    expect(on.mock.calls.length).toBe(registrations);
  });
});

describe('guardWebContents with the external-link opener', () => {
  it('hands window.open and link navigations to the opener, and still denies them in the app', () => {
    const { contents, handlers, open } = fakeContents();
    const opened: string[] = [];
    const blocked = vi.fn();
    guardWebContents(contents as never, blocked, (url) => {
      opened.push(url);
      return url.startsWith('https://www.wireshark.org/docs/');
    });
    expect(open('https://www.wireshark.org/docs/x.html')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    const preventDefault = vi.fn();
    handlers.get('will-navigate')!({ preventDefault }, 'javascript:alert(1)');
    expect(preventDefault).toHaveBeenCalledOnce();
    expect(opened).toEqual(['https://www.wireshark.org/docs/x.html', 'https://evil.example/', 'javascript:alert(1)']);
    expect(blocked.mock.calls).toEqual([['window.open', 'https://evil.example/'], ['navigation', 'javascript:alert(1)']]);
  });
});
