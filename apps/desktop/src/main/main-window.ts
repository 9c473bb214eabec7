/** Creates the single analyst window with the locked-down preferences and loads our renderer. */
import { BrowserWindow } from 'electron';
import { guardWebContents } from './navigation-guard.js';
import type { RendererSource } from './renderer-source.js';
import { secureWebPreferences } from './web-preferences.js';

export interface MainWindowOptions {
  preloadPath: string;
  source: RendererSource;
  onBlocked?: (what: string, url: string) => void;
}

export function createMainWindow({ preloadPath, source, onBlocked }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Wirewho',
    backgroundColor: '#1e1f22',
    webPreferences: secureWebPreferences(preloadPath),
  });
  guardWebContents(window.webContents, onBlocked);
  window.once('ready-to-show', () => window.show());
  if (source.kind === 'dev-server') void window.loadURL(source.url);
  else void window.loadFile(source.filePath);
  return window;
}
