/** Everything the renderer can call over IPC: the contract's requests plus the capture dialog. */
import { registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike, type WirewhoService } from '@wirewho/contract';
import { registerCaptureDialogHandler } from './capture-dialog.js';

export interface AppIpcOptions {
  ipcMain: IpcMainLike;
  service: WirewhoService;
  isTrustedSender: (event: IpcInvokeEventLike) => boolean;
  pickCaptureFile: () => Promise<string | null>;
}

export function registerAppIpc(options: AppIpcOptions): () => void {
  const removeRequests = registerIpcHandlers(options.ipcMain, options.service, options.isTrustedSender);
  const removeDialog = registerCaptureDialogHandler(options.ipcMain, options.isTrustedSender, options.pickCaptureFile);
  return () => {
    removeRequests();
    removeDialog();
  };
}
