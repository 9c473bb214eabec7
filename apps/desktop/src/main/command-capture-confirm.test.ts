import { describe, expect, it, vi } from 'vitest';
import type { WirewhoService } from '@wirewho/contract';
import { confirmCommandDialog, withCommandConfirmation } from './command-capture-confirm.js';

const status = { state: 'running' } as never;

function service() {
  return { startCommandCapture: vi.fn(async () => status), captureStatus: vi.fn(async () => status) } as unknown as WirewhoService & {
    startCommandCapture: ReturnType<typeof vi.fn>;
  };
}

describe('Capture from command under Electron', () => {
  it('runs the command only after the user confirms it in the native dialog', async () => {
    const s = service();
    const confirm = vi.fn(async () => true);
    expect(await withCommandConfirmation(s, confirm).startCommandCapture({ command: 'ssh h tcpdump -U -w -' })).toBe(status);
    expect(confirm).toHaveBeenCalledWith('ssh h tcpdump -U -w -');
    expect(s.startCommandCapture).toHaveBeenCalledWith({ command: 'ssh h tcpdump -U -w -' });
  });

  it('refuses with a typed error, running nothing, when the user cancels', async () => {
    const s = service();
    await expect(withCommandConfirmation(s, async () => false).startCommandCapture({ command: 'rm -rf ~' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(s.startCommandCapture).not.toHaveBeenCalled();
  });

  it('leaves every other request as it was', () => {
    const s = service();
    expect(withCommandConfirmation(s, async () => true).captureStatus).toBe(s.captureStatus);
  });

  it('shows the command in a question whose default-safe answer is Cancel on Esc', async () => {
    const showMessageBox = vi.fn(async (_options: unknown) => ({ response: 1, checkboxChecked: false }));
    expect(await confirmCommandDialog({ showMessageBox }, null, 'cat x.pcap')).toBe(true);
    const options = showMessageBox.mock.calls[0][0] as { detail: string; buttons: string[]; cancelId: number };
    expect(options.detail).toContain('cat x.pcap');
    expect(options.buttons[options.cancelId]).toBe('Cancel');
    showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false });
    expect(await confirmCommandDialog({ showMessageBox }, null, 'cat x.pcap')).toBe(false);
  });
});
