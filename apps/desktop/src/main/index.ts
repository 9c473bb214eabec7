/**
 * Main process entry: a thin host. It refuses root, opens the case engine, creates the locked-down
 * window, wires the contract's IPC and events, the menu and startup ingest; the engine does the work.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, session, shell, type BrowserWindow } from 'electron';
import { ApiError, forwardEvents } from '@wirewho/contract';
import { buildAppMenuTemplate } from './app-menu.js';
import { showOpenCaptureDialog } from './capture-dialog.js';
import { confirmCommandDialog, withCommandConfirmation } from './command-capture-confirm.js';
import { showSaveStreamDialog } from './save-stream-dialog.js';
import { exportThroughDialog, showExportPacketsDialog } from './export-packets-dialog.js';
import { openCaseFilesAtStartup, refusalDetail, splitLaunchPaths } from './startup-case-file.js';
import { ensureCaseDir, resolveCaseDir } from './case-dir.js';
import { openExternalIfAllowed } from './external-links.js';
import { openCaseEngine, type CaseEngine } from './engine-host.js';
import { registerAppIpc } from './ipc.js';
import { parseLaunchArgs, userArgv } from './launch-args.js';
import { createMainWindow } from './main-window.js';
import { guardWebContents } from './navigation-guard.js';
import { sendRendererCommand } from './renderer-commands.js';
import { isOwnRendererUrl, resolveRendererSource } from './renderer-source.js';
import { rootRefusalMessage } from './root-guard.js';
import { applySessionPolicy } from './session-policy.js';
import { ingestSequentially } from './startup-ingest.js';
import { createTrustedSenderCheck } from './trusted-sender.js';

const logBlocked = (what: string, url: string): void => {
  console.warn(`[wirewho] blocked ${what}${url ? `: ${url}` : ''}`);
};

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  const refusal = rootRefusalMessage({ getuid: process.getuid?.bind(process), env: process.env });
  if (refusal) {
    console.error(refusal);
    app.exit(1);
    return;
  }

  const launch = parseLaunchArgs(userArgv(process.argv, app.isPackaged));
  const rendererSource = resolveRendererSource(
    process.env.ELECTRON_RENDERER_URL,
    fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
  );
  const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logBlocked, (url) => openExternalIfAllowed(shell, url)));
  await app.whenReady();
  applySessionPolicy(session.defaultSession, rendererSource, (url) => logBlocked('request', url));

  const caseDir = ensureCaseDir(resolveCaseDir(launch.caseDir, app.getPath('userData'), process.cwd()));
  let engine: CaseEngine;
  try {
    engine = await openCaseEngine(caseDir);
  } catch (err) {
    dialog.showErrorBox('Wirewho cannot open the case', `${caseDir}\n\n${errorMessage(err)}`);
    app.exit(1);
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  const liveWindow = (): BrowserWindow | null => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : null);

  registerAppIpc({
    ipcMain,
    // A shell command runs only after the user confirms it in a native dialog (command-capture-confirm.ts).
    service: withCommandConfirmation(engine.service, (cmd) => confirmCommandDialog(dialog, liveWindow(), cmd)),
    isTrustedSender: createTrustedSenderCheck(
      () => liveWindow()?.webContents.id ?? null,
      (url) => isOwnRendererUrl(rendererSource, url),
    ),
    pickCaptureFile: () => showOpenCaptureDialog(dialog, liveWindow()),
    saveStream: async (args) => {
      const file = await showSaveStreamDialog(dialog, liveWindow(), args);
      if (file) engine.saveStreamBytes(args, file);
      return file;
    },
    exportPacketsTo: (args) => exportThroughDialog(
      (a) => showExportPacketsDialog(dialog, liveWindow(), a, app.getPath('documents')),
      engine.service,
      args,
      () => (engine.openCase ? new ApiError('read-only', `exportPackets: ${engine.openCase.readOnlyReason}`) : null),
    ),
  });
  forwardEvents(engine, (channel, name, payload) => liveWindow()?.webContents.send(channel, name, payload));

  const command = (name: Parameters<typeof sendRendererCommand>[1]) => () => sendRendererCommand(liveWindow()?.webContents, name);
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenuTemplate({
    openCapture: command('open-capture'),
    exportPackets: command('export-packets'),
    showCasework: command('show-casework'),
    captureOptions: command('capture-options'),
    captureCommand: command('capture-command'),
    captureStop: command('capture-stop'),
    goToFrame: command('go-to-frame'),
    toggleTheme: command('toggle-theme'),
    toggleSidebar: command('toggle-sidebar'),
    showShortcuts: command('show-shortcuts'),
    showAbout: () => {
      void dialog.showMessageBox({
        type: 'info',
        title: `About ${app.name}`,
        message: `${app.name} ${app.getVersion()}`,
        detail: `Process-aware packet forensics workstation.\nCase folder: ${caseDir}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
      });
    },
  }, process.platform, app.name)));

  const openWindow = (): BrowserWindow => {
    const window = createMainWindow({ preloadPath, source: rendererSource, onBlocked: logBlocked });
    window.on('closed', () => { if (mainWindow === window) mainWindow = null; });
    mainWindow = window;
    return window;
  };
  const first = openWindow();

  if (launch.openPaths.length > 0) {
    // Captures are ingested into the working case first; then case files (.wwcase) are verified and shown read-only.
    const { captures, caseFiles } = splitLaunchPaths(launch.openPaths.map((p) => path.resolve(process.cwd(), p)));
    first.webContents.once('did-finish-load', () => {
      void ingestSequentially(captures, engine.service, engine, (file, message) => {
        void dialog.showMessageBox({ type: 'error', title: 'Cannot open capture', message: file, detail: message });
      }).then(() => openCaseFilesAtStartup(caseFiles, engine.service, {
        refused: (file, problems) => {
          void dialog.showMessageBox({ type: 'error', title: 'Case file failed verification', message: `${file} does not verify`, detail: refusalDetail(problems) });
        },
        failed: (file, message) => {
          void dialog.showMessageBox({ type: 'error', title: 'Cannot open case file', message: file, detail: message });
        },
      }));
    });
  }

  app.on('activate', () => { if (!liveWindow()) openWindow(); });
  app.on('window-all-closed', () => { if (process.platform !== 'darwin') app.quit(); });

  // Close the case index cleanly (flush, release the database) before the process ends.
  let engineClosed = false;
  app.on('will-quit', (event) => {
    if (engineClosed) return;
    event.preventDefault();
    engine.close()
      .catch((err: unknown) => console.error('[wirewho] closing the case failed:', errorMessage(err)))
      .finally(() => {
        engineClosed = true;
        app.quit();
      });
  });
}

main().catch((err: unknown) => {
  console.error('[wirewho] fatal:', err);
  app.exit(1);
});
