/**
 * "Save" in Follow Stream: the renderer names a stream direction (validated against the contract's
 * schema); the user picks the file in the native dialog; the engine writes the reassembled bytes.
 * The renderer never gets to name a path.
 */
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import {
  ApiError, saveStreamArgsSchema, toErrorBody, type Envelope, type IpcInvokeEventLike, type IpcMainLike, type SaveStreamArgs,
} from '@wirewho/contract';
import { SAVE_STREAM_DIALOG_CHANNEL } from '../shared/channels.js';

export function showSaveStreamDialog(dialog: Pick<Dialog, 'showSaveDialog'>, window: BrowserWindow | null, a: SaveStreamArgs): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: `Save ${a.direction} bytes of ${a.proto}.stream ${a.stream}`,
    defaultPath: `${a.proto}-stream-${a.stream}-${a.direction}.bin`,
    filters: [{ name: 'Raw bytes', extensions: ['bin'] }, { name: 'All files', extensions: ['*'] }],
  };
  const shown = window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  return shown.then((r) => (r.canceled || !r.filePath ? null : r.filePath));
}

export function registerSaveStreamHandler(
  ipcMain: IpcMainLike,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
  save: (args: SaveStreamArgs) => Promise<string | null>,
): () => void {
  ipcMain.handle(SAVE_STREAM_DIALOG_CHANNEL, async (event, ...args): Promise<Envelope<string | null>> => {
    try {
      if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC call from an untrusted frame refused');
      if (args.length !== 1) throw new ApiError('invalid-argument', 'saveStream: expected one argument object');
      const parsed = saveStreamArgsSchema.safeParse(args[0]);
      if (!parsed.success) throw new ApiError('invalid-argument', `saveStream: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
      return { ok: true, result: await save(parsed.data) };
    } catch (err) {
      return { ok: false, error: toErrorBody(err) };
    }
  });
  return () => ipcMain.removeHandler(SAVE_STREAM_DIALOG_CHANNEL);
}
