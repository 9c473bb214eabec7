import { describe, expect, it, vi } from 'vitest';
import { CAPTURE_FILE_FILTERS, showOpenCaptureDialog } from './capture-dialog.js';

describe('showOpenCaptureDialog', () => {
  it('asks for one existing file with capture filters and returns its path', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: ['/c/a.pcapng'] }));
    const window = {} as never;
    expect(await showOpenCaptureDialog({ showOpenDialog }, window)).toBe('/c/a.pcapng');
    expect(showOpenDialog).toHaveBeenCalledWith(window, expect.objectContaining({ properties: ['openFile'], filters: CAPTURE_FILE_FILTERS }));
  });

  it('returns null when cancelled', async () => {
    const showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    expect(await showOpenCaptureDialog({ showOpenDialog }, null)).toBeNull();
  });
});
