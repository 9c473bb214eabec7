/**
 * The native "Open capture" dialog behind the preload's pickCaptureFile(). It takes no arguments from
 * the renderer: the renderer can only ask for the dialog, the user picks the file.
 */
import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import { ApiError, toErrorBody, type Envelope, type IpcInvokeEventLike, type IpcMainLike } from '@wirewho/contract';
import { OPEN_CAPTURE_DIALOG_CHANNEL } from '../shared/channels.js';

export const CAPTURE_FILE_FILTERS: OpenDialogOptions['filters'] = [
  { name: 'Captures and case files', extensions: ['pcapng', 'pcap', 'cap', 'ntar', 'dmp', 'wwcase'] },
  { name: 'Packet captures', extensions: ['pcapng', 'pcap', 'cap', 'ntar', 'dmp'] },
  { name: 'Wirewho case files (read-only)', extensions: ['wwcase'] },
  { name: 'All files', extensions: ['*'] },
];

export function showOpenCaptureDialog(dialog: Pick<Dialog, 'showOpenDialog'>, window: BrowserWindow | null): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Open capture or case file',
    properties: ['openFile'],
    filters: CAPTURE_FILE_FILTERS,
  };
  const shown = window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  return shown.then((r) => (r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0] ?? null));
}

export function registerCaptureDialogHandler(
  ipcMain: IpcMainLike,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
  pick: () => Promise<string | null>,
): () => void {
  ipcMain.handle(OPEN_CAPTURE_DIALOG_CHANNEL, async (event, ...args): Promise<Envelope<string | null>> => {
    try {
      if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC call from an untrusted frame refused');
      if (args.length > 0 && !(args.length === 1 && args[0] === undefined)) {
        throw new ApiError('invalid-argument', 'openCapture takes no arguments');
      }
      return { ok: true, result: await pick() };
    } catch (err) {
      return { ok: false, error: toErrorBody(err) };
    }
  });
  return () => ipcMain.removeHandler(OPEN_CAPTURE_DIALOG_CHANNEL);
}
