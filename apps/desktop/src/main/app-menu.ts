/** The application menu: File, Edit, Capture, View, Help. Actions are injected so the template is testable. */
import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuActions {
  openCapture(): void;
  /** File → Export Specified Packets… (the renderer's Export dialog). */
  exportPackets(): void;
  /** View → Casework (notes, tags, bookmarks, custody log). */
  showCasework(): void;
  /** Capture → Options… (the renderer's Capture dialog), From Command…, Stop. */
  captureOptions(): void;
  captureCommand(): void;
  captureStop(): void;
  goToFrame(): void;
  toggleTheme(): void;
  toggleSidebar(): void;
  showShortcuts(): void;
  showAbout(): void;
}

export function buildAppMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform, appName: string): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (platform === 'darwin') {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: () => actions.showAbout() },
        { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        // The renderer handles Ctrl+O itself (same in the browser build), so the menu only shows it.
        { label: '&Open…', accelerator: 'CmdOrCtrl+O', registerAccelerator: false, click: () => actions.openCapture() },
        { label: '&Export Specified Packets…', click: () => actions.exportPackets() },
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit', label: '&Quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    { label: '&Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    {
      label: '&Capture',
      submenu: [
        // The renderer handles Ctrl+K / Ctrl+E itself (same in the browser build), so the menu only shows them.
        { label: '&Options…', accelerator: 'CmdOrCtrl+K', registerAccelerator: false, click: () => actions.captureOptions() },
        { label: 'From &Command…', click: () => actions.captureCommand() },
        { label: '&Stop', accelerator: 'CmdOrCtrl+E', registerAccelerator: false, click: () => actions.captureStop() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'Toggle &Theme (light/dark)', click: () => actions.toggleTheme() },
        { label: 'Toggle &Sidebar', click: () => actions.toggleSidebar() },
        { label: '&Go to Frame…', accelerator: 'CmdOrCtrl+G', registerAccelerator: false, click: () => actions.goToFrame() },
        { label: '&Casework (notes, bookmarks, custody log)', click: () => actions.showCasework() },
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: '&Keyboard Shortcuts', click: () => actions.showShortcuts() },
        { label: `&About ${appName}`, click: () => actions.showAbout() },
      ],
    },
  );
  return template;
}
