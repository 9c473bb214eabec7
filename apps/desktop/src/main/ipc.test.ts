import { describe, expect, it, vi } from 'vitest';
import { requestChannel, requestNames, type IpcInvokeEventLike, type WirewhoService } from '@wirewho/contract';
import { EXPORT_PACKETS_DIALOG_CHANNEL, OPEN_CAPTURE_DIALOG_CHANNEL, SAVE_STREAM_DIALOG_CHANNEL } from '../shared/channels.js';
import { registerAppIpc } from './ipc.js';
import { isOwnRendererUrl, resolveRendererSource } from './renderer-source.js';
import { createTrustedSenderCheck } from './trusted-sender.js';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

const WINDOW_ID = 3;
const OWN_URL = 'file:///app/out/renderer/index.html';

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: (channel: string, handler: Handler) => { handlers.set(channel, handler); },
    removeHandler: (channel: string) => { handlers.delete(channel); },
  };
  const service = {
    caseSummary: vi.fn(async () => ({ caseDir: '/case', evidence: [], frameCount: 0, firstTsNs: null, lastTsNs: null })),
    framesPage: vi.fn(async ({ offset }: { offset: number; limit: number }) => ({ offset, total: 0, rows: [] })),
    frameDetail: vi.fn(),
    openEvidence: vi.fn(async ({ path }: { path: string }) => ({ jobId: 'job-1', path })),
    cancelIngest: vi.fn(async () => ({ cancelled: true })),
  };
  const pickCaptureFile = vi.fn(async () => '/captures/a.pcapng');
  const saveStream = vi.fn(async () => '/home/u/tcp-stream-3-client.bin');
  const exportPacketsTo = vi.fn(async () => ({ path: '/home/u/export.pcapng', format: 'pcapng' as const, frames: 4, bytes: 900, sha256: 'ab', notices: [] }));
  const source = resolveRendererSource(undefined, '/app/out/renderer/index.html');
  const remove = registerAppIpc({
    ipcMain,
    service: service as unknown as WirewhoService,
    isTrustedSender: createTrustedSenderCheck(() => WINDOW_ID, (url) => isOwnRendererUrl(source, url)),
    pickCaptureFile,
    saveStream,
    exportPacketsTo,
  });
  const call = (channel: string, event: IpcInvokeEventLike, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
  return { handlers, service, pickCaptureFile, saveStream, exportPacketsTo, remove, call };
}

const trusted: IpcInvokeEventLike = { sender: { id: WINDOW_ID }, senderFrame: { url: `${OWN_URL}#x` } };

describe('main-process IPC', () => {
  it('registers one handler per contract request plus the three dialogs, and removes them', () => {
    const { handlers, remove } = setup();
    expect([...handlers.keys()].sort()).toEqual([
      OPEN_CAPTURE_DIALOG_CHANNEL,
      EXPORT_PACKETS_DIALOG_CHANNEL,
      SAVE_STREAM_DIALOG_CHANNEL,
      // Every request of the contract, whatever it grows to (the core ones named so a rename is noticed).
      ...requestNames.map((n) => requestChannel(n)),
    ].sort());
    expect(requestNames).toEqual(expect.arrayContaining(['caseSummary', 'framesPage', 'frameDetail', 'openEvidence', 'cancelIngest', 'streamsPage', 'followStream']));
    remove();
    expect(handlers.size).toBe(0);
  });

  it('answers a good call from our renderer', async () => {
    const { call, service } = setup();
    const reply = await call(requestChannel('framesPage'), trusted, { offset: 500, limit: 500 });
    expect(reply).toEqual({ ok: true, result: { offset: 500, total: 0, rows: [] } });
    expect(service.framesPage).toHaveBeenCalledWith({ offset: 500, limit: 500 });
  });

  it.each([
    ['another WebContents', { sender: { id: 99 }, senderFrame: { url: OWN_URL } }],
    ['a remote frame in our window', { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/' } }],
    ['another local file', { sender: { id: WINDOW_ID }, senderFrame: { url: 'file:///tmp/evil.html' } }],
    ['a frame without URL', { sender: { id: WINDOW_ID }, senderFrame: null }],
  ] as Array<[string, IpcInvokeEventLike]>)('refuses a call from %s with a forbidden envelope', async (_what, event) => {
    const { call, service } = setup();
    const reply = await call(requestChannel('openEvidence'), event, { path: '/etc/shadow' });
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(service.openEvidence).not.toHaveBeenCalled();
  });

  it.each([
    ['a negative offset', { offset: -1, limit: 10 }],
    ['a page larger than the contract allows', { offset: 0, limit: 1_000_000 }],
    ['an unknown key', { offset: 0, limit: 10, sql: 'DROP TABLE frames' }],
    ['a string instead of an object', 'offset=0'],
    ['a prototype-polluting key', JSON.parse('{"offset":0,"limit":1,"__proto__":{"x":1}}')],
  ])('refuses %s with an invalid-argument envelope', async (_what, args) => {
    const { call, service } = setup();
    const reply = await call(requestChannel('framesPage'), trusted, args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(service.framesPage).not.toHaveBeenCalled();
  });

  it('refuses extra positional arguments', async () => {
    const { call } = setup();
    const reply = await call(requestChannel('caseSummary'), trusted, {}, 'extra');
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('opens the capture dialog for our renderer only, and only without arguments', async () => {
    const { call, pickCaptureFile } = setup();
    expect(await call(OPEN_CAPTURE_DIALOG_CHANNEL, trusted)).toEqual({ ok: true, result: '/captures/a.pcapng' });
    expect(await call(OPEN_CAPTURE_DIALOG_CHANNEL, { sender: { id: 99 }, senderFrame: { url: OWN_URL } }))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(OPEN_CAPTURE_DIALOG_CHANNEL, trusted, { defaultPath: '/etc' }))
      .toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(pickCaptureFile).toHaveBeenCalledOnce();
  });

  it('saves a stream direction for our renderer only, with validated arguments', async () => {
    const { call, saveStream } = setup();
    const args = { proto: 'tcp', stream: 3, direction: 'client' };
    expect(await call(SAVE_STREAM_DIALOG_CHANNEL, trusted, args)).toEqual({ ok: true, result: '/home/u/tcp-stream-3-client.bin' });
    expect(saveStream).toHaveBeenCalledWith(args);
    expect(await call(SAVE_STREAM_DIALOG_CHANNEL, { sender: { id: 99 }, senderFrame: { url: OWN_URL } }, args))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [
      { ...args, path: '/etc/passwd' }, { ...args, direction: 'both' }, { ...args, stream: -1 }, { ...args, proto: 'sctp' }, 'tcp 3',
    ]) {
      expect(await call(SAVE_STREAM_DIALOG_CHANNEL, trusted, bad)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(await call(SAVE_STREAM_DIALOG_CHANNEL, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(saveStream).toHaveBeenCalledOnce();
  });

  it('exports through the save dialog for our renderer only, with the selection and format only', async () => {
    const { call, exportPacketsTo } = setup();
    const args = { selection: { filter: 'tcp.port == 443', withDependents: true }, format: 'pcapng' };
    expect(await call(EXPORT_PACKETS_DIALOG_CHANNEL, trusted, args)).toMatchObject({ ok: true, result: { path: '/home/u/export.pcapng', frames: 4 } });
    expect(exportPacketsTo).toHaveBeenCalledWith(args);
    expect(await call(EXPORT_PACKETS_DIALOG_CHANNEL, { sender: { id: 99 }, senderFrame: { url: OWN_URL } }, args))
      .toMatchObject({ ok: false, error: { code: 'forbidden' } });
    for (const bad of [
      { ...args, path: '/home/u/evidence.pcapng' }, { ...args, force: true }, { ...args, format: 'erf' },
      { selection: { frames: [0] }, format: 'pcap' }, { selection: { sql: '1=1' }, format: 'pcap' }, 'export all',
    ]) {
      expect(await call(EXPORT_PACKETS_DIALOG_CHANNEL, trusted, bad)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    }
    expect(await call(EXPORT_PACKETS_DIALOG_CHANNEL, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await call(EXPORT_PACKETS_DIALOG_CHANNEL, trusted, args, '/tmp/x')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(exportPacketsTo).toHaveBeenCalledOnce();
  });

  it('reports a service failure as a typed error, not a thrown exception', async () => {
    const { call, service } = setup();
    service.openEvidence.mockRejectedValueOnce(new Error('ENOENT: /captures/missing.pcap'));
    const reply = await call(requestChannel('openEvidence'), trusted, { path: '/captures/missing.pcap' });
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'ENOENT: /captures/missing.pcap' } });
  });
});
