/**
 * The only bridge between the sandboxed renderer and the main process: one typed object with a method
 * per contract request, `on` for the contract's events, the native file dialogs (open capture, save a
 * stream direction, export packets) and the dropped-file path lookup. There is no generic invoke/send.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createIpcApi, unwrap, type ExportResultDto, type ExportToArgs, type SaveStreamArgs } from '@wirewho/contract';
import { EXPORT_PACKETS_DIALOG_CHANNEL, OPEN_CAPTURE_DIALOG_CHANNEL, SAVE_STREAM_DIALOG_CHANNEL } from '../shared/channels.js';

const pickCaptureFile = async (): Promise<string | null> =>
  unwrap<string | null>(await ipcRenderer.invoke(OPEN_CAPTURE_DIALOG_CHANNEL));

const pathForFile = (file: File): string => webUtils.getPathForFile(file);

const saveStreamBytes = async (args: SaveStreamArgs): Promise<string | null> =>
  unwrap<string | null>(await ipcRenderer.invoke(SAVE_STREAM_DIALOG_CHANNEL, args));

const exportPacketsTo = async (args: ExportToArgs): Promise<ExportResultDto | null> =>
  unwrap<ExportResultDto | null>(await ipcRenderer.invoke(EXPORT_PACKETS_DIALOG_CHANNEL, args));

contextBridge.exposeInMainWorld('wirewho', createIpcApi(ipcRenderer, { pickCaptureFile, pathForFile, saveStreamBytes, exportPacketsTo }));
