/**
 * The only bridge between the sandboxed renderer and the main process: one typed object with a method
 * per contract request, `on` for the contract's events, the native file dialog and the dropped-file
 * path lookup. There is no generic invoke/send.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createIpcApi, unwrap } from '@wirewho/contract';
import { OPEN_CAPTURE_DIALOG_CHANNEL } from '../shared/channels.js';

const pickCaptureFile = async (): Promise<string | null> =>
  unwrap<string | null>(await ipcRenderer.invoke(OPEN_CAPTURE_DIALOG_CHANNEL));

const pathForFile = (file: File): string => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('wirewho', createIpcApi(ipcRenderer, { pickCaptureFile, pathForFile }));
