// @vitest-environment happy-dom
/**
 * The Capture dialogs over the fake API: Ctrl+K, interfaces with addresses, the capture filter checked
 * as typed (Start only with a valid one), the request sent, the dialog giving way to the packet list
 * with the toolbar's Stop and the status bar's counters; a start refused for lack of rights keeps the
 * dialog open with the message and the remedy; Capture from command… shows the command's stderr.
 */
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../App.vue';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';
import { fakeIdleCapture } from '../testing/fake-capture.js';

beforeAll(() => fakeViewport(500));

async function settle(ms = 0): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, ms));
  }
}

let unmount: (() => void) | null = null;
afterEach(() => { unmount?.(); unmount = null; });

async function openCaptureDialog() {
  const mounted = await mountWithWorkbench(App, { frames: 5 });
  unmount = () => mounted.wrapper.unmount();
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true }));
  await settle();
  const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');
  expect(dialog()?.textContent).toContain('Capture');
  return { ...mounted, dialog };
}

function button(root: HTMLElement, text: RegExp): HTMLButtonElement {
  const b = [...root.querySelectorAll<HTMLButtonElement>('button')].find((x) => text.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${text}`);
  return b;
}

async function typeFilter(root: HTMLElement, text: string): Promise<HTMLInputElement> {
  const input = root.querySelector<HTMLInputElement>('#capture-filter')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await settle(60);
  await settle(60);
  return input;
}

describe('Capture dialog', () => {
  it('lists interfaces, checks the filter, starts on the chosen interface and stops from the toolbar', async () => {
    const { dialog, fake } = await openCaptureDialog();
    const lo = dialog()!.querySelector<HTMLElement>('[aria-label="Interface lo"]')!;
    expect(lo.textContent).toContain('127.0.0.1, ::1');
    expect(button(dialog()!, /Start/).disabled).toBe(true);
    lo.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    let input = await typeFilter(dialog()!, 'udp prot 53');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.className).toContain('capture-filter--invalid');
    expect(dialog()!.querySelector('[data-testid="capture-filter-message"]')!.textContent).toContain('syntax error');
    expect(button(dialog()!, /Start/).disabled).toBe(true);
    input = await typeFilter(dialog()!, 'udp port 53');
    expect(input.className).toContain('capture-filter--valid');
    expect(button(dialog()!, /Start/).disabled).toBe(false);
    button(dialog()!, /Start/).click();
    await settle();
    expect(fake.calls.filter((c) => c.method === 'startCapture').map((c) => c.args)).toEqual([{ interfaces: ['lo'], filter: 'udp port 53', promiscuous: true }]);
    expect(dialog()).toBeNull();
    expect(document.querySelector('[aria-label="Capture counters"]')!.textContent).toBe('Capturing lo: 0 frames, 0 indexed, 0 dropped');
    document.querySelector<HTMLButtonElement>('[aria-label="Stop capture"]')!.click();
    await settle();
    expect(fake.calls.some((c) => c.method === 'stopCapture')).toBe(true);
    expect(document.querySelector('[aria-label="Capture counters"]')!.textContent).toBe('Captured lo: 42 frames, 42 indexed, 1 dropped');
  });

  it('a start refused for lack of rights stays in the dialog with the message and what to do', async () => {
    const { dialog, fake } = await openCaptureDialog();
    fake.api.startCapture = async (args) => ({
      ...fakeIdleCapture(), state: 'failed', kind: 'interfaces', interfaces: args.interfaces, reason: 'error',
      message: 'lo: You don\'t have permission to perform this capture on that device', hint: 'Run the capture as root, or give the helper file capabilities',
    });
    // The dialog keeps the last choices (lo, udp port 53): they are still valid.
    const lo = dialog()!.querySelector<HTMLInputElement>('[aria-label="Capture on lo"]')!;
    if (!lo.checked) lo.click();
    await settle(60);
    await settle(60);
    expect(button(dialog()!, /Start/).disabled).toBe(false);
    button(dialog()!, /Start/).click();
    await settle();
    expect(dialog()).not.toBeNull();
    expect(dialog()!.querySelector('[data-testid="capture-message"]')!.textContent).toContain('permission');
    expect(dialog()!.querySelector('[data-testid="capture-hint"]')!.textContent).toContain('file capabilities');
  });

  it('refuses a ring of files without a size or a time before asking the engine', async () => {
    const { dialog, fake } = await openCaptureDialog();
    dialog()!.querySelector<HTMLInputElement>('[aria-label="Capture on eth0"]')!.click();
    const files = dialog()!.querySelector<HTMLInputElement>('[aria-label="Ring files kept"]')!;
    files.value = '5';
    files.dispatchEvent(new Event('input'));
    await settle();
    expect(dialog()!.querySelector('[data-testid="capture-problem"]')!.textContent).toMatch(/ring of files needs/);
    expect(button(dialog()!, /Start/).disabled).toBe(true);
    expect(fake.calls.some((c) => c.method === 'startCapture')).toBe(false);
  });

  it('Capture from command… runs the typed command and shows its stderr', async () => {
    const { dialog, fake } = await openCaptureDialog();
    button(dialog()!, /Capture from command/).click();
    await settle();
    expect(dialog()!.textContent).toContain('Capture from command');
    const input = dialog()!.querySelector<HTMLInputElement>('#capture-command')!;
    input.value = 'ssh host tcpdump -U -w -';
    input.dispatchEvent(new Event('input'));
    await settle();
    button(dialog()!, /Start/).click();
    await settle();
    expect(fake.calls.filter((c) => c.method === 'startCommandCapture').map((c) => c.args)).toEqual([{ command: 'ssh host tcpdump -U -w -' }]);
    expect(dialog()!.querySelector('[data-testid="command-stderr"]')!.textContent).toBe('listening on eth0\n');
    expect(button(dialog()!, /Stop/).disabled).toBe(false);
  });
});
