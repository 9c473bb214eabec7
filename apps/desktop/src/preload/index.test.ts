import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requestChannel, requestNames } from '@wirewho/contract';
import { EXPORT_PACKETS_DIALOG_CHANNEL, OPEN_CAPTURE_DIALOG_CHANNEL, SAVE_STREAM_DIALOG_CHANNEL } from '../shared/channels.js';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string, ...args: unknown[]): Promise<unknown> => ({ ok: true, result: { channel, args } }));
const getPathForFile = vi.fn(() => '/home/u/dropped.pcapng');

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => { exposed.set(key, api); } },
  ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile },
}));

type ExposedApi = Record<string, unknown>;

describe('preload', () => {
  beforeAll(async () => { await import('./index.js'); });

  it('exposes exactly one object, window.wirewho', () => {
    expect([...exposed.keys()]).toEqual(['wirewho']);
  });

  it('exposes exactly the contract requests, on, transport, pickCaptureFile, pathForFile, saveStreamBytes and exportPacketsTo', () => {
    const api = exposed.get('wirewho') as ExposedApi;
    expect(Object.keys(api).sort()).toEqual(
      [...requestNames, 'on', 'transport', 'pickCaptureFile', 'pathForFile', 'saveStreamBytes', 'exportPacketsTo'].sort(),
    );
    expect(api.transport).toBe('electron');
    for (const key of Object.keys(api)) {
      if (key !== 'transport') expect(typeof api[key], key).toBe('function');
    }
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
  });

  it('sends requests on their own channel with one argument object', async () => {
    const api = exposed.get('wirewho') as { framesPage(a: unknown): Promise<unknown> };
    const result = await api.framesPage({ offset: 0, limit: 500 });
    expect(result).toEqual({ channel: requestChannel('framesPage'), args: [{ offset: 0, limit: 500 }] });
  });

  it('opens the native dialog through its dedicated channel without arguments', async () => {
    invoke.mockResolvedValueOnce({ ok: true, result: '/c/a.pcap' });
    const api = exposed.get('wirewho') as { pickCaptureFile(): Promise<string | null> };
    expect(await api.pickCaptureFile()).toBe('/c/a.pcap');
    expect(invoke).toHaveBeenLastCalledWith(OPEN_CAPTURE_DIALOG_CHANNEL);
  });

  it('asks for the save dialog on its own channel with the stream direction only', async () => {
    invoke.mockResolvedValueOnce({ ok: true, result: '/home/u/tcp-stream-3-client.bin' });
    const api = exposed.get('wirewho') as { saveStreamBytes(a: unknown): Promise<string | null> };
    const args = { proto: 'tcp', stream: 3, direction: 'client' };
    expect(await api.saveStreamBytes(args)).toBe('/home/u/tcp-stream-3-client.bin');
    expect(invoke).toHaveBeenLastCalledWith(SAVE_STREAM_DIALOG_CHANNEL, args);
  });

  it('asks for the export save dialog on its own channel with the selection and format only', async () => {
    invoke.mockResolvedValueOnce({ ok: true, result: null });
    const api = exposed.get('wirewho') as { exportPacketsTo(a: unknown): Promise<unknown> };
    const args = { selection: { filter: 'tcp' }, format: 'pcapng' };
    expect(await api.exportPacketsTo(args)).toBeNull();
    expect(invoke).toHaveBeenLastCalledWith(EXPORT_PACKETS_DIALOG_CHANNEL, args);
  });

  it('resolves dropped files through webUtils', () => {
    const api = exposed.get('wirewho') as { pathForFile(f: unknown): string };
    expect(api.pathForFile({ name: 'dropped.pcapng' })).toBe('/home/u/dropped.pcapng');
    expect(getPathForFile).toHaveBeenCalled();
  });

  it('refuses to subscribe to anything but the contract events', () => {
    const api = exposed.get('wirewho') as { on(e: string, l: () => void): () => void };
    expect(() => api.on('wirewho:req:frameDetail', () => {})).toThrow(/unknown event/);
    expect(typeof api.on('ingestProgress', () => {})).toBe('function');
  });
});
