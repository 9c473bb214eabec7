// @vitest-environment happy-dom
/**
 * Case files in the app: File → Open, drag-and-drop and the path dialog route a .wwcase to
 * openCaseFile; one that does not verify is listed member by member and not opened (no way around
 * it); an opened one shows its manifest and the read-only state, and every edit is disabled with the
 * reason. Export Specified Packets under Electron asks the main process's save dialog for the file.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportResultDto } from '@wirewho/contract';
import App from '../App.vue';
import { dropFiles, press, settle } from '../testing/window-events.js';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';

beforeAll(() => fakeViewport(500));

let unmount: (() => void) | null = null;
afterEach(() => { unmount?.(); unmount = null; });

async function mountApp(options: Parameters<typeof mountWithWorkbench>[1] = {}) {
  const mounted = await mountWithWorkbench(App, options);
  unmount = () => mounted.wrapper.unmount();
  await settle(4);
  return mounted;
}

const electron = (extra: Parameters<typeof mountWithWorkbench>[1] = {}) => ({
  frames: 12, transport: 'electron' as const, pickCaptureFile: async () => '/home/dana/evidence.wwcase', pathForFile: (f: File) => `/home/dana/${f.name}`, ...extra,
});

describe('opening a case file', () => {
  it('File → Open verifies and shows it read-only: manifest in the sidebar, status bar, no ingest', async () => {
    const { wrapper, fake } = await mountApp(electron());
    press('o', { ctrlKey: true });
    await settle(4);
    expect(fake.callsOf('openCaseFile')).toEqual([{ path: '/home/dana/evidence.wwcase' }]);
    expect(fake.callsOf('openEvidence')).toEqual([]);
    const manifest = wrapper.get('[aria-label="Case file manifest"]');
    expect(wrapper.get('[data-testid="read-only-badge"]').text()).toBe('read-only');
    expect(manifest.get('[data-testid="case-analyst"]').text()).toBe('Dana Analyst');
    expect(manifest.get('[data-testid="case-created"]').text()).toBe('2026-01-01T00:00:00.000Z');
    expect(manifest.get('[aria-label="Original evidence"]').text()).toContain(`SHA-256 ${'cd'.repeat(32)}`);
    expect(manifest.text()).toContain('custody log of 5 entries intact');
    expect(wrapper.get('[aria-label="Status bar"]').get('[aria-label="Case file"]').text()).toBe('Case file evidence.wwcase — read-only, verified');
    expect(wrapper.text()).toContain('Opened evidence.wwcase read-only');
  });

  it('refuses every edit with the reason: annotations, ingest by drop, export', async () => {
    const exportPacketsTo = vi.fn(async () => null);
    const { wrapper, fake, workbench } = await mountApp(electron({ exportPacketsTo }));
    await workbench.openCaseFile('/home/dana/evidence.wwcase');
    await settle(4);

    workbench.tabs.openCasework();
    await settle(4);
    expect(wrapper.get('[data-testid="casework-read-only"]').text()).toContain('opened read-only');
    expect(wrapper.get('form[aria-label="Add annotation"] fieldset').attributes('disabled')).toBeDefined();
    expect(wrapper.get('form[aria-label="Add annotation"] button[type="submit"]').attributes('disabled')).toBeDefined();

    dropFiles([new File(['x'], 'more.pcap')]);
    await settle(4);
    expect(fake.callsOf('openEvidence')).toEqual([]);
    expect(wrapper.text()).toContain('Not ingested');

    workbench.dialogs.show({ kind: 'export' });
    await settle(4);
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.get('[data-testid="export-read-only"]').text()).toContain('opened read-only');
    expect(dialog.get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(exportPacketsTo).not.toHaveBeenCalled();
  });

  it('closes the case file back to the working case', async () => {
    const { wrapper, fake, workbench } = await mountApp(electron());
    await workbench.openCaseFile('/home/dana/evidence.wwcase');
    await settle(4);
    await wrapper.get('[aria-label="Case file manifest"]').findAll('button').find((b) => b.text() === 'Close case file')!.trigger('click');
    await settle(4);
    expect(fake.callsOf('closeCaseFile')).toHaveLength(1);
    expect(wrapper.find('[aria-label="Case file manifest"]').exists()).toBe(false);
    expect(wrapper.get('[aria-label="Status bar"]').find('[aria-label="Case file"]').exists()).toBe(false);
  });

  it('a tampered case file typed into the path dialog is listed member by member and not opened', async () => {
    const problems = [
      { member: 'capture.pcapng', message: 'capture.pcapng changed: SHA-256 00ff (2048 bytes), the manifest records abcd (2048 bytes)' },
      { member: 'custody.jsonl', message: 'custody log entry 3 changed (entry 4 records a different hash of it)' },
    ];
    const { wrapper, fake } = await mountApp({ frames: 12, openCaseFile: (path) => ({ opened: false, path, problems, caseFile: null }) });
    press('o', { ctrlKey: true });
    await settle(4);
    await wrapper.get('#open-path-input').setValue('/srv/cases/tampered.wwcase');
    await wrapper.get('form').trigger('submit');
    await settle(4);
    expect(fake.callsOf('openCaseFile')).toEqual([{ path: '/srv/cases/tampered.wwcase' }]);
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.text()).toContain('Case file failed verification');
    expect(dialog.text()).toContain('was not opened');
    const rows = dialog.get('table[aria-label="Verification problems"]').findAll('tbody tr').map((r) => r.findAll('td').map((d) => d.text()));
    expect(rows).toEqual(problems.map((p) => [p.member, p.message]));
    // Nothing to open it anyway with: one button, Close.
    expect(dialog.findAll('button').map((b) => b.text())).toEqual(['Close']);
    expect(wrapper.find('[aria-label="Case file manifest"]').exists()).toBe(false);
  });

  it('a dropped case file is opened as a case file, a dropped capture beside it is ingested first', async () => {
    const { fake } = await mountApp(electron());
    dropFiles([new File(['a'], 'a.pcap'), new File(['c'], 'c.WWCASE')]);
    await settle(4);
    expect(fake.callsOf('openEvidence')).toEqual([{ path: '/home/dana/a.pcap' }]);
    expect(fake.callsOf('openCaseFile')).toEqual([{ path: '/home/dana/c.WWCASE' }]);
  });
});

describe('Export Specified Packets under Electron', () => {
  const result: ExportResultDto = { path: '/home/dana/out.pcapng', format: 'pcapng', frames: 12, bytes: 3000, sha256: 'ef'.repeat(32), notices: [] };

  it('asks the main process (native save dialog) with the selection and format only, and shows the result', async () => {
    const exportPacketsTo = vi.fn().mockResolvedValueOnce(null).mockResolvedValueOnce(result);
    const { wrapper, fake, workbench } = await mountApp(electron({ exportPacketsTo }));
    workbench.dialogs.show({ kind: 'export' });
    await settle(4);
    await new Promise((r) => setTimeout(r, 250)); // the preview is debounced
    await settle(4);
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.find('#export-path').exists()).toBe(false);
    expect(dialog.get('[data-testid="export-native-save"]').text()).toContain('save dialog');
    await dialog.get('form').trigger('submit');
    await settle(4);
    expect(exportPacketsTo).toHaveBeenLastCalledWith({ selection: { withDependents: false }, format: 'pcapng' });
    // Cancelled: no error, nothing written, the dialog stays.
    expect(dialog.find('[role="alert"]').exists()).toBe(false);
    expect(dialog.find('[aria-label="Export result"]').exists()).toBe(false);
    await dialog.get('form').trigger('submit');
    await settle(4);
    expect(dialog.get('[aria-label="Export result"]').text()).toContain('/home/dana/out.pcapng');
    expect(fake.callsOf('exportPackets')).toEqual([]);
  });

  it('exports a case file through the same dialog, with the analyst', async () => {
    const exportPacketsTo = vi.fn(async () => ({ ...result, path: '/home/dana/incident.wwcase', format: 'wwcase' as const, notices: ['manifest SHA-256 77'] }));
    const { wrapper, fake, workbench } = await mountApp(electron({ exportPacketsTo }));
    workbench.dialogs.show({ kind: 'export' });
    await settle(4);
    const dialog = wrapper.get('[role="dialog"]');
    await dialog.get('#export-format').setValue('wwcase');
    await dialog.get('#export-analyst').setValue('Dana Analyst');
    await new Promise((r) => setTimeout(r, 250));
    await settle(4);
    // The preview counts the capture inside the case file.
    expect(fake.callsOf('exportPreview').at(-1)).toMatchObject({ format: 'pcapng' });
    await dialog.get('form').trigger('submit');
    await settle(4);
    expect(exportPacketsTo).toHaveBeenCalledWith({ selection: { withDependents: false }, format: 'wwcase', analyst: 'Dana Analyst' });
    expect(dialog.get('[aria-label="Export result"]').text()).toContain('manifest SHA-256 77');
  });
});

describe('Export as a case file in a browser', () => {
  it('sends the typed path to exportCaseFile', async () => {
    const { wrapper, fake, workbench } = await mountApp({ frames: 12 });
    workbench.dialogs.show({ kind: 'export' });
    await settle(4);
    const dialog = wrapper.get('[role="dialog"]');
    await dialog.get('#export-format').setValue('wwcase');
    expect((dialog.get('#export-path').element as HTMLInputElement).value).toBe('/cases/test/export.wwcase');
    await new Promise((r) => setTimeout(r, 250));
    await settle(4);
    await dialog.get('form').trigger('submit');
    await settle(4);
    expect(fake.callsOf('exportCaseFile')).toEqual([{ selection: { withDependents: false }, path: '/cases/test/export.wwcase', force: false }]);
    expect(fake.callsOf('exportPackets')).toEqual([]);
  });
});
