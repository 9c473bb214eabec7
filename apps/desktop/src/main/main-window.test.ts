import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: Array<{ options: Record<string, unknown>; instance: FakeWindow }> = [];

class FakeWebContents {
  readonly id = 7;
  readonly handlers = new Map<string, (...args: unknown[]) => void>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  on(event: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(event, handler);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

class FakeWindow {
  readonly webContents = new FakeWebContents();
  loadedFile: string | null = null;
  loadedUrl: string | null = null;
  constructor(options: Record<string, unknown>) {
    created.push({ options, instance: this });
  }
  once(): this { return this; }
  loadFile(file: string): Promise<void> { this.loadedFile = file; return Promise.resolve(); }
  loadURL(url: string): Promise<void> { this.loadedUrl = url; return Promise.resolve(); }
}

vi.mock('electron', () => ({ BrowserWindow: FakeWindow }));

const { createMainWindow } = await import('./main-window.js');

describe('createMainWindow', () => {
  beforeEach(() => { created.length = 0; });

  const make = () => createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    source: { kind: 'file', filePath: '/app/out/renderer/index.html', url: 'file:///app/out/renderer/index.html' },
  });

  it('creates the window with every security setting of the renderer locked down', () => {
    make();
    expect(created).toHaveLength(1);
    const prefs = created[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the built renderer from disk, not from a URL', () => {
    const window = make() as unknown as FakeWindow;
    expect(window.loadedFile).toBe('/app/out/renderer/index.html');
    expect(window.loadedUrl).toBeNull();
  });

  it('denies navigation, redirects, webviews and window.open on its contents', () => {
    const window = make() as unknown as FakeWindow;
    const contents = window.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents.handlers.get(event)!({ preventDefault }, 'https://example.com/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});
