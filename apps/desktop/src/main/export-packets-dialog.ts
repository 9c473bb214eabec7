/**
 * File → Export Specified Packets under Electron: the renderer names the frames and the format
 * (pcapng, pcap, or a .wwcase case file; validated against the contract's exportToArgsSchema); the user
 * picks the file in the native save dialog, which also asks before replacing one; the engine exports
 * to exactly that path. The renderer never gets to name a path to write.
 */
import path from 'node:path';
import type { BrowserWindow, Dialog, SaveDialogOptions } from 'electron';
import {
  ApiError, exportToArgsSchema, toErrorBody, type Envelope, type ExportResultDto, type ExportToArgs, type IpcInvokeEventLike, type IpcMainLike,
  type WirewhoService,
} from '@wirewho/contract';
import { EXPORT_PACKETS_DIALOG_CHANNEL } from '../shared/channels.js';

const FILTERS: Record<ExportToArgs['format'], SaveDialogOptions['filters']> = {
  pcapng: [{ name: 'pcapng (with process metadata and comments)', extensions: ['pcapng'] }, { name: 'All files', extensions: ['*'] }],
  pcap: [{ name: 'pcap (bytes and timestamps only)', extensions: ['pcap'] }, { name: 'All files', extensions: ['*'] }],
  wwcase: [{ name: 'Wirewho case file', extensions: ['wwcase'] }],
};

export function exportDialogOptions(a: ExportToArgs, defaultDir: string | null): SaveDialogOptions {
  const name = `export.${a.format}`;
  return {
    title: a.format === 'wwcase' ? 'Export Specified Packets as a case file' : 'Export Specified Packets',
    buttonLabel: 'Export',
    defaultPath: defaultDir ? path.join(defaultDir, name) : name,
    filters: FILTERS[a.format],
    // Linux's dialog only asks before replacing a file when told to (macOS and Windows always ask).
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** Resolves to the chosen path (the user already agreed to replace it if it exists), or null. */
export function showExportPacketsDialog(
  dialog: Pick<Dialog, 'showSaveDialog'>,
  window: BrowserWindow | null,
  a: ExportToArgs,
  defaultDir: string | null,
): Promise<string | null> {
  const options = exportDialogOptions(a, defaultDir);
  const shown = window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  return shown.then((r) => (r.canceled || !r.filePath ? null : r.filePath));
}

export function registerExportPacketsHandler(
  ipcMain: IpcMainLike,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
  exportTo: (args: ExportToArgs) => Promise<ExportResultDto | null>,
): () => void {
  ipcMain.handle(EXPORT_PACKETS_DIALOG_CHANNEL, async (event, ...args): Promise<Envelope<ExportResultDto | null>> => {
    try {
      if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC call from an untrusted frame refused');
      if (args.length !== 1) throw new ApiError('invalid-argument', 'exportPacketsTo: expected one argument object');
      const parsed = exportToArgsSchema.safeParse(args[0]);
      if (!parsed.success) throw new ApiError('invalid-argument', `exportPacketsTo: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`);
      return { ok: true, result: await exportTo(parsed.data) };
    } catch (err) {
      return { ok: false, error: toErrorBody(err) };
    }
  });
  return () => ipcMain.removeHandler(EXPORT_PACKETS_DIALOG_CHANNEL);
}

/**
 * The whole Electron path: dialog, then the contract's exportPackets on the chosen file. `force`
 * because the dialog has asked about replacing; the engine still refuses evidence and the index.
 * `refusal` says why nothing may be exported at all (a read-only case file), before any dialog shows.
 */
export async function exportThroughDialog(
  pick: (a: ExportToArgs) => Promise<string | null>,
  service: Pick<WirewhoService, 'exportPackets' | 'exportCaseFile'>,
  a: ExportToArgs,
  refusal: () => ApiError | null = () => null,
): Promise<ExportResultDto | null> {
  const refused = refusal();
  if (refused) throw refused;
  const file = await pick(a);
  if (file === null) return null;
  if (a.format === 'wwcase') {
    return service.exportCaseFile({ selection: a.selection, path: file, force: true, ...(a.analyst !== undefined ? { analyst: a.analyst } : {}) });
  }
  return service.exportPackets({ selection: a.selection, format: a.format, path: file, force: true });
}
