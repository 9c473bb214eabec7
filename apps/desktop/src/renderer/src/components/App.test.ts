// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RENDERER_COMMAND_EVENT } from '../../../shared/renderer-commands.js';
import App from '../App.vue';
import { THEME_STORAGE_KEY } from '../stores/theme-store.js';
import { dropFiles, press, settle } from '../testing/window-events.js';
import { fakeViewport, memoryStorage, mountWithWorkbench } from '../testing/mount-app.js';

beforeAll(() => fakeViewport(500));

let unmount: (() => void) | null = null;
afterEach(() => { unmount?.(); unmount = null; });

async function mountApp(options: Parameters<typeof mountWithWorkbench>[1] = {}) {
  const mounted = await mountWithWorkbench(App, options);
  unmount = () => mounted.wrapper.unmount();
  await settle();
  return mounted;
}

describe('App (browser mode)', () => {
  it('lays out toolbar, sidebar, list, details, bytes and status bar', async () => {
    const { wrapper } = await mountApp({ frames: 668 });
    expect(wrapper.find('[role="toolbar"]').exists()).toBe(true);
    expect(wrapper.find('[aria-label="Case"]').exists()).toBe(true);
    expect(wrapper.find('[role="grid"][aria-label="Packet list"]').exists()).toBe(true);
    expect(wrapper.find('[role="tree"][aria-label="Packet details"]').exists()).toBe(true);
    expect(wrapper.find('[aria-label="Packet bytes"]').exists()).toBe(true);
    const status = wrapper.get('[aria-label="Status bar"]');
    expect(status.get('[aria-label="Frame count"]').text()).toBe('668');
    expect(status.text()).toContain('sample-1.pcapng');
    expect(status.get('[aria-label="SHA-256"]').attributes('title')).toBe(`SHA-256 ${'ab'.repeat(32)}`);
    expect(status.get('[aria-label="Time span"]').text()).toBe('2023-11-14 22:13:20.001000000 → 22:13:21.000000000 UTC');
    expect(status.get('[aria-label="Ingest state"]').text()).toBe('Ready');
  });

  it('lists evidence with format, hash, status and the reason it is incomplete', async () => {
    const { wrapper } = await mountApp({
      frames: 20,
      evidence: [{ status: 'incomplete', error: 'truncated record at file offset 123456 (frame 21)' }],
    });
    const item = wrapper.get('[aria-label="Evidence sample-1.pcapng, incomplete"]');
    expect(item.text()).toContain('pcapng');
    expect(item.text()).toContain('SHA-256 abababababababab…');
    expect(item.text()).toContain('20 frames');
    expect(item.get('[role="note"]').text()).toBe('truncated record at file offset 123456 (frame 21)');
    expect(wrapper.get('[aria-label="Ingest state"]').text()).toBe('Incomplete evidence');
  });

  it('opens a capture by path with Ctrl+O, shows progress with frames/s, and cancels', async () => {
    const { wrapper, fake } = await mountApp({ frames: 0 });
    press('o', { ctrlKey: true });
    await settle();
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.text()).toContain('Open capture');
    await dialog.get('input').setValue('/captures/incident.pcapng');
    await dialog.get('form').trigger('submit');
    await settle();
    expect(fake.callsOf('openEvidence')).toEqual([{ path: '/captures/incident.pcapng' }]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);

    fake.emit('ingestProgress', { jobId: 'job-1', path: '/captures/incident.pcapng', frames: 12_345, bytesRead: 512 * 1024, totalBytes: 1024 * 1024, framesPerSecond: 250_000 });
    await settle();
    const progress = wrapper.get('[role="progressbar"]');
    expect(progress.attributes('aria-valuenow')).toBe('50');
    const region = wrapper.get('[aria-label="Ingest progress"]');
    expect(region.text()).toContain('12,345 frames');
    expect(region.text()).toContain('250,000 frames/s');
    expect(region.text()).toContain('512.0 KiB / 1.00 MiB');
    expect(wrapper.get('[aria-label="Ingest state"]').text()).toBe('Ingesting incident.pcapng 50%');

    await region.get('button').trigger('click');
    await settle();
    expect(fake.callsOf('cancelIngest')).toEqual([{ jobId: 'job-1' }]);
    fake.emit('ingestFinished', { jobId: 'job-1', path: '/captures/incident.pcapng', evidenceId: 1, status: 'cancelled', frames: 12_345, seconds: 1, error: null });
    await settle();
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(false);
  });

  it('shows ingest errors in a banner with the engine message', async () => {
    const { wrapper, fake } = await mountApp({ frames: 5 });
    fake.emit('ingestFinished', {
      jobId: 'job-9', path: '/captures/broken.pcap', evidenceId: 2, status: 'failed', frames: 3, seconds: 0.1,
      error: 'bad block length 0xffffffff at file offset 8192 (frame 4)',
    });
    await settle();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('Ingest of broken.pcap failed');
    expect(alert.text()).toContain('at file offset 8192 (frame 4)');
    await alert.get('button').trigger('click');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('refreshes counts and the list when the case changes', async () => {
    const { wrapper, fake } = await mountApp({ frames: 10 });
    fake.setFrameCount(1500);
    fake.emit('caseChanged', { frameCount: 1500 });
    await settle();
    expect(wrapper.get('[aria-label="Frame count"]').text()).toBe('1,500');
    expect(wrapper.get('[role="grid"]').attributes('aria-rowcount')).toBe('1500');
  });

  it('explains that drag-and-drop needs the desktop app and offers the path dialog', async () => {
    const { wrapper, fake } = await mountApp({ frames: 1 });
    dropFiles([new File(['x'], 'dropped.pcapng')]);
    await settle();
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.get('[role="note"]').text()).toContain('Drag-and-drop needs the desktop app');
    expect(fake.callsOf('openEvidence')).toEqual([]);
  });

  it('goes to a frame with Ctrl+G', async () => {
    const { wrapper, workbench } = await mountApp({ frames: 2000 });
    press('g', { ctrlKey: true });
    await settle();
    const dialog = wrapper.get('[role="dialog"]');
    await dialog.get('input').setValue('1234');
    await dialog.get('form').trigger('submit');
    await settle();
    expect(workbench.selection.frameNumber.value).toBe(1234);
    expect(workbench.selection.selectedIndex.value).toBe(1233);
  });

  it('toggles the theme, applies it to the document and remembers it', async () => {
    const storage = memoryStorage();
    const { wrapper } = await mountApp({ frames: 1, storage });
    expect(document.documentElement.dataset.theme).toBe('light');
    const toggle = wrapper.get('button[aria-label="Dark theme"]');
    expect(toggle.attributes('aria-pressed')).toBe('false');
    await toggle.trigger('click');
    await settle();
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(storage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(toggle.attributes('aria-pressed')).toBe('true');
  });

  it('resizes panes with the splitters (keyboard)', async () => {
    const { wrapper, workbench } = await mountApp({ frames: 1 });
    const before = workbench.layout.state.detailHeight;
    const splitter = wrapper.get('[role="separator"][aria-label="Resize packet details"]');
    await splitter.trigger('keydown', { key: 'ArrowUp' });
    expect(workbench.layout.state.detailHeight).toBe(before + 16);
    expect(splitter.attributes('aria-valuenow')).toBe(String(before + 16));
    const sidebar = wrapper.get('[role="separator"][aria-label="Resize sidebar"]');
    await sidebar.trigger('keydown', { key: 'ArrowRight' });
    expect(workbench.layout.state.sidebarWidth).toBe(260 + 16);
  });

  it('runs application-menu commands', async () => {
    const { wrapper } = await mountApp({ frames: 1 });
    window.dispatchEvent(new CustomEvent(RENDERER_COMMAND_EVENT, { detail: 'toggle-sidebar' }));
    await settle();
    expect(wrapper.find('[aria-label="Case"]').exists()).toBe(false);
    window.dispatchEvent(new CustomEvent(RENDERER_COMMAND_EVENT, { detail: 'show-shortcuts' }));
    await settle();
    expect(wrapper.get('[role="dialog"]').text()).toContain('Keyboard shortcuts');
    press('Escape');
    wrapper.get('[role="dialog"]').element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settle();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    window.dispatchEvent(new CustomEvent(RENDERER_COMMAND_EVENT, { detail: 'rm -rf' }));
  });
});

describe('App (Electron)', () => {
  it('opens the native dialog on Ctrl+O and ingests the picked file', async () => {
    const pickCaptureFile = vi.fn(async () => '/home/analyst/capture.pcapng');
    const { wrapper, fake } = await mountApp({ frames: 1, transport: 'electron', pickCaptureFile, pathForFile: () => '' });
    press('o', { ctrlKey: true });
    await settle();
    expect(pickCaptureFile).toHaveBeenCalledOnce();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(fake.callsOf('openEvidence')).toEqual([{ path: '/home/analyst/capture.pcapng' }]);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const { fake } = await mountApp({ frames: 1, transport: 'electron', pickCaptureFile: async () => null, pathForFile: () => '' });
    press('o', { ctrlKey: true });
    await settle();
    expect(fake.callsOf('openEvidence')).toEqual([]);
  });

  it('ingests dropped files one after another through pathForFile', async () => {
    const pathForFile = vi.fn((file: File) => `/home/analyst/${file.name}`);
    const { fake } = await mountApp({ frames: 1, transport: 'electron', pickCaptureFile: async () => null, pathForFile });
    dropFiles([new File(['a'], 'a.pcap'), new File(['b'], 'b.pcapng')]);
    await settle();
    expect(pathForFile).toHaveBeenCalledTimes(2);
    expect(fake.callsOf('openEvidence')).toEqual([{ path: '/home/analyst/a.pcap' }]);
    fake.emit('ingestFinished', { jobId: 'job-1', path: '/home/analyst/a.pcap', evidenceId: 2, status: 'complete', frames: 1, seconds: 0, error: null });
    await settle();
    expect(fake.callsOf('openEvidence')).toEqual([{ path: '/home/analyst/a.pcap' }, { path: '/home/analyst/b.pcapng' }]);
  });
});
