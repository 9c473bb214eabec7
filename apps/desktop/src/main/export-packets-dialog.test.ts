import { describe, expect, it, vi } from 'vitest';
import type { ExportResultDto, ExportToArgs, IpcInvokeEventLike } from '@wirewho/contract';
import { EXPORT_PACKETS_DIALOG_CHANNEL } from '../shared/channels.js';
import { exportDialogOptions, exportThroughDialog, registerExportPacketsHandler, showExportPacketsDialog } from './export-packets-dialog.js';

// The module imports only types from electron; the mock proves nothing else of it is needed at run time.
vi.mock('electron', () => ({}));

const args: ExportToArgs = { selection: { pid: 122868 }, format: 'pcapng' };
const result: ExportResultDto = { path: '/home/u/out.pcapng', format: 'pcapng', frames: 10, bytes: 4000, sha256: 'c0ffee', notices: [] };

describe('the export save dialog', () => {
  it('offers a file named for the format in the default folder, asks before replacing, filters by format', () => {
    const o = exportDialogOptions(args, '/home/u/Documents');
    expect(o.defaultPath).toBe('/home/u/Documents/export.pcapng');
    expect(o.properties).toContain('showOverwriteConfirmation');
    expect(o.filters?.[0]?.extensions).toEqual(['pcapng']);
    const pcap = exportDialogOptions({ ...args, format: 'pcap' }, null);
    expect(pcap.defaultPath).toBe('export.pcap');
    expect(pcap.filters?.[0]?.extensions).toEqual(['pcap']);
  });

  it('returns the chosen path, null when cancelled, and parents the dialog to the window', async () => {
    const window = {} as never;
    const showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: '/home/u/out.pcapng' }));
    expect(await showExportPacketsDialog({ showSaveDialog }, window, args, '/home/u')).toBe('/home/u/out.pcapng');
    expect(showSaveDialog).toHaveBeenCalledWith(window, expect.objectContaining({ title: 'Export Specified Packets' }));
    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await showExportPacketsDialog({ showSaveDialog }, null, args, null)).toBeNull();
    expect(showSaveDialog).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: 'export.pcapng' }));
  });

  it('exports to exactly the chosen path (force: the dialog asked), and nothing when cancelled', async () => {
    const service = { exportPackets: vi.fn(async () => result), exportCaseFile: vi.fn(async () => result) };
    expect(await exportThroughDialog(async () => '/home/u/out.pcapng', service, args)).toEqual(result);
    expect(service.exportPackets).toHaveBeenCalledWith({ selection: { pid: 122868 }, format: 'pcapng', path: '/home/u/out.pcapng', force: true });
    expect(await exportThroughDialog(async () => null, service, args)).toBeNull();
    expect(service.exportPackets).toHaveBeenCalledOnce();
    expect(service.exportCaseFile).not.toHaveBeenCalled();
  });

  it('a case file goes to exportCaseFile with the analyst, through a dialog that offers .wwcase', async () => {
    const service = { exportPackets: vi.fn(async () => result), exportCaseFile: vi.fn(async () => ({ ...result, format: 'wwcase' as const })) };
    const caseArgs: ExportToArgs = { selection: { filter: 'dns' }, format: 'wwcase', analyst: 'Dana' };
    expect(exportDialogOptions(caseArgs, '/home/u')).toMatchObject({ defaultPath: '/home/u/export.wwcase', filters: [{ extensions: ['wwcase'] }] });
    await exportThroughDialog(async () => '/home/u/incident.wwcase', service, caseArgs);
    expect(service.exportCaseFile).toHaveBeenCalledWith({ selection: { filter: 'dns' }, path: '/home/u/incident.wwcase', force: true, analyst: 'Dana' });
    expect(service.exportPackets).not.toHaveBeenCalled();
  });

  it('shows no dialog at all when exporting is refused (a read-only case file on screen)', async () => {
    const { ApiError } = await import('@wirewho/contract');
    const pick = vi.fn(async () => '/home/u/out.pcapng');
    const service = { exportPackets: vi.fn(async () => result), exportCaseFile: vi.fn(async () => result) };
    await expect(exportThroughDialog(pick, service, args, () => new ApiError('read-only', 'sealed case file')))
      .rejects.toMatchObject({ code: 'read-only', message: 'sealed case file' });
    expect(pick).not.toHaveBeenCalled();
    expect(service.exportPackets).not.toHaveBeenCalled();
  });

  it('passes an engine refusal (evidence chosen as the target) back as a typed error', async () => {
    const handlers = new Map<string, (e: IpcInvokeEventLike, ...a: unknown[]) => Promise<unknown>>();
    const ipcMain = { handle: (c: string, h: (e: IpcInvokeEventLike, ...a: unknown[]) => Promise<unknown>) => { handlers.set(c, h); }, removeHandler: (c: string) => { handlers.delete(c); } };
    const { ApiError } = await import('@wirewho/contract');
    const remove = registerExportPacketsHandler(ipcMain, () => true, async () => { throw new ApiError('forbidden', '/c/a.pcap is evidence of this case; it is never written'); });
    const reply = await handlers.get(EXPORT_PACKETS_DIALOG_CHANNEL)!({ sender: { id: 1 }, senderFrame: { url: 'file:///x' } }, args);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: '/c/a.pcap is evidence of this case; it is never written' } });
    remove();
    expect(handlers.size).toBe(0);
  });
});
