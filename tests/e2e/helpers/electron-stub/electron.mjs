// A scripted stand-in for Electron's main-process API. It records what the app does (window options,
// session policy, IPC handlers, events sent to the window) and, once the page "loaded" and the startup
// ingest finished, calls the IPC handlers the way the preload would, prints one JSON report line and quits.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const report = { windows: [], ipcChannels: [], events: [], calls: {}, session: {}, menu: [], dialogs: [], saveDialogs: [] };
let driven = false;
const appListeners = new Map();
const handlers = new Map();
let loadedUrl = null;

function on(map, event, fn) {
  const list = map.get(event) ?? [];
  list.push(fn);
  map.set(event, list);
}

function emit(map, event, ...args) {
  for (const fn of map.get(event) ?? []) fn(...args);
}

export const app = {
  isPackaged: false,
  name: 'Wirewho',
  getVersion: () => '0.0.0-stub',
  getPath: (name) => (name === 'userData' ? process.env.STUB_USER_DATA : `/tmp/${name}`),
  whenReady: () => Promise.resolve(),
  enableSandbox: () => { report.sandboxEnabled = true; },
  on: (event, fn) => { on(appListeners, event, fn); return app; },
  quit: () => {
    let prevented = false;
    emit(appListeners, 'will-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) {
      console.log(`STUB-REPORT ${JSON.stringify(report)}`);
      process.exit(0);
    }
  },
  exit: (code) => process.exit(code),
};

class WebContents {
  constructor() {
    this.id = 1;
    this.listeners = new Map();
  }
  on(event, fn) { on(this.listeners, event, fn); return this; }
  once(event, fn) { on(this.listeners, event, fn); return this; }
  setWindowOpenHandler(fn) { this.windowOpenHandler = fn; }
  isDestroyed() { return false; }
  executeJavaScript(code) { report.executed = code; return Promise.resolve(); }
  send(channel, name, payload) {
    report.events.push(name);
    if (name === 'ingestFinished') {
      report.ingestFinished = payload;
      setTimeout(() => void drive(), 10);
    }
    // A case file opened at startup (--open x.wwcase) has no ingest to wait for.
    if (name === 'caseSwitched') {
      report.caseSwitched = payload;
      setTimeout(() => void drive(), 10);
    }
  }
}

export class BrowserWindow {
  constructor(options) {
    this.options = options;
    this.webContents = new WebContents();
    this.listeners = new Map();
    report.windows.push({ webPreferences: options.webPreferences, preloadExists: existsSync(options.webPreferences.preload) });
    emit(appListeners, 'web-contents-created', {}, this.webContents);
  }
  once(event, fn) { on(this.listeners, event, fn); return this; }
  on(event, fn) { on(this.listeners, event, fn); return this; }
  isDestroyed() { return false; }
  show() {}
  async loadFile(file) {
    report.loadedFile = file;
    report.rendererExists = existsSync(file);
    loadedUrl = pathToFileURL(file).href;
    setTimeout(() => emit(this.webContents.listeners, 'did-finish-load'), 10);
  }
  async loadURL(url) { loadedUrl = url; }
}

export const ipcMain = {
  handle: (channel, fn) => { handlers.set(channel, fn); report.ipcChannels.push(channel); },
  removeHandler: (channel) => { handlers.delete(channel); },
};

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showMessageBox: async (options) => {
    report.dialogs.push(options);
    // A case file refused at startup: nothing else will happen, so drive now.
    if (options.title === 'Case file failed verification') setTimeout(() => void drive(), 10);
    return { response: 0 };
  },
  // STUB_SAVE_PATH: the file the "user" picks in save dialogs (cancelled when unset).
  showSaveDialog: async (...args) => {
    report.saveDialogs.push(args[args.length - 1]);
    const filePath = process.env.STUB_SAVE_PATH;
    return filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
  },
  showErrorBox: (title, content) => { report.dialogs.push({ title, content }); },
};

export const Menu = {
  buildFromTemplate: (template) => template,
  setApplicationMenu: (menu) => { report.menu = menu.map((m) => m.label); },
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived: () => { report.session.csp = true; },
      onBeforeRequest: () => { report.session.requestFilter = true; },
    },
    setPermissionRequestHandler: (fn) => {
      fn({}, 'media', (allowed) => { report.session.mediaAllowed = allowed; }, {});
    },
    setPermissionCheckHandler: () => { report.session.permissionCheck = true; },
    setDevicePermissionHandler: () => { report.session.devicePermission = true; },
  },
};

export const webUtils = { getPathForFile: () => '' };
export const contextBridge = { exposeInMainWorld: () => {} };
export const ipcRenderer = {};
export const nativeTheme = {};
export const shell = {};

/** Calls the IPC handlers like the renderer would: trusted and untrusted, good and bad arguments. */
async function drive() {
  if (driven) return;
  driven = true;
  const trusted = { sender: { id: 1 }, senderFrame: { url: loadedUrl } };
  const stranger = { sender: { id: 2 }, senderFrame: { url: loadedUrl } };
  const call = (name, event, ...args) => handlers.get(`wirewho:req:${name}`)(event, ...args);
  report.calls.caseSummary = await call('caseSummary', trusted, {});
  const page = await call('framesPage', trusted, { offset: 0, limit: 3 });
  report.calls.framesPage = page.ok ? { total: page.result.total, numbers: page.result.rows.map((r) => r.number) } : page;
  const detail = await call('frameDetail', trusted, { number: 1 });
  report.calls.frameDetail = detail.ok ? detail.result.tree.map((n) => n.label) : detail;
  report.calls.untrusted = await call('caseSummary', stranger, {});
  report.calls.badArgs = await call('framesPage', trusted, { offset: -5, limit: 3 });
  report.calls.dialogUntrusted = await handlers.get('wirewho:dialog:openCapture')(stranger);
  if (process.env.STUB_EXPORT === '1') {
    const exportDialog = handlers.get('wirewho:dialog:exportPackets');
    report.calls.exportTo = await exportDialog(trusted, { selection: { frames: [1, 2, 3] }, format: 'pcapng' });
    report.calls.exportToWithPath = await exportDialog(trusted, { selection: {}, format: 'pcapng', path: '/tmp/evil.pcapng' });
    report.calls.exportToUntrusted = await exportDialog(stranger, { selection: {}, format: 'pcapng' });
    report.calls.annotateReadOnly = await call('addAnnotation', trusted, { kind: 'note', on: { target: 'frame', frame: 1 }, text: 'x' });
    report.calls.custodyLog = await call('custodyLog', trusted, {});
  }
  app.quit();
}
