/** Everything the renderer can call over IPC: the contract's requests plus the capture, save-stream and export dialogs. */
import {
  registerIpcHandlers, type ExportResultDto, type ExportToArgs, type IpcInvokeEventLike, type IpcMainLike, type SaveStreamArgs, type WirewhoService,
} from '@wirewho/contract';
import { registerCaptureDialogHandler } from './capture-dialog.js';
import { registerExportPacketsHandler } from './export-packets-dialog.js';
import { registerSaveStreamHandler } from './save-stream-dialog.js';

export interface AppIpcOptions {
  ipcMain: IpcMainLike;
  service: WirewhoService;
  isTrustedSender: (event: IpcInvokeEventLike) => boolean;
  pickCaptureFile: () => Promise<string | null>;
  /** Shows the save dialog and writes the direction; resolves to the path, or null when cancelled. */
  saveStream: (args: SaveStreamArgs) => Promise<string | null>;
  /** Shows the export save dialog and exports there; resolves to the result, or null when cancelled. */
  exportPacketsTo: (args: ExportToArgs) => Promise<ExportResultDto | null>;
}

export function registerAppIpc(options: AppIpcOptions): () => void {
  const removeRequests = registerIpcHandlers(options.ipcMain, options.service, options.isTrustedSender);
  const removeDialog = registerCaptureDialogHandler(options.ipcMain, options.isTrustedSender, options.pickCaptureFile);
  const removeSave = registerSaveStreamHandler(options.ipcMain, options.isTrustedSender, options.saveStream);
  const removeExport = registerExportPacketsHandler(options.ipcMain, options.isTrustedSender, options.exportPacketsTo);
  return () => {
    removeRequests();
    removeDialog();
    removeSave();
    removeExport();
  };
}
