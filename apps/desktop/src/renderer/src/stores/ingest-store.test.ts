import { describe, expect, it, vi } from 'vitest';
import { createIngestStore } from './ingest-store.js';
import { createNoticeStore } from './notice-store.js';

const finished = (jobId: string, status: 'complete' | 'failed' | 'incomplete' | 'cancelled' = 'complete', error: string | null = null) =>
  ({ jobId, path: `/c/${jobId}.pcap`, evidenceId: 1, status, frames: 10, seconds: 1, error });

describe('ingest store', () => {
  it('runs queued files one at a time', async () => {
    let n = 0;
    const api = { openEvidence: vi.fn(async ({ path }: { path: string }) => ({ jobId: `j${++n}`, path })), cancelIngest: vi.fn() };
    const store = createIngestStore(api, createNoticeStore());
    store.open('/c/a.pcap', ' ', '/c/b.pcap');
    await vi.waitFor(() => expect(store.running.value?.jobId).toBe('j1'));
    expect(api.openEvidence).toHaveBeenCalledTimes(1);
    store.onFinished(finished('j1'));
    await vi.waitFor(() => expect(store.running.value?.jobId).toBe('j2'));
    expect(api.openEvidence.mock.calls.map((c) => c[0].path)).toEqual(['/c/a.pcap', '/c/b.pcap']);
  });

  it('does not show a job as running when it finished before its reply', async () => {
    const store = createIngestStore({
      openEvidence: async ({ path }) => {
        store.onFinished(finished('fast'));
        return { jobId: 'fast', path };
      },
      cancelIngest: vi.fn(),
    }, createNoticeStore());
    store.open('/c/fast.pcap');
    await vi.waitFor(() => expect(store.starting.value).toBe(false));
    expect(store.running.value).toBeNull();
  });

  it('adopts a job started elsewhere from its progress event', () => {
    const store = createIngestStore({ openEvidence: vi.fn(), cancelIngest: vi.fn() }, createNoticeStore());
    store.onProgress({ jobId: 'menu', path: '/c/m.pcap', frames: 5, bytesRead: 10, totalBytes: 100, framesPerSecond: 50 });
    expect(store.running.value).toMatchObject({ jobId: 'menu', frames: 5 });
    store.onProgress({ jobId: 'other', path: '/c/o.pcap', frames: 1, bytesRead: 1, totalBytes: 1, framesPerSecond: 1 });
    expect(store.running.value?.jobId).toBe('menu');
  });

  it('reports failures, incomplete files and refused opens', async () => {
    const notices = createNoticeStore();
    const store = createIngestStore({ openEvidence: async () => { throw new Error('ENOENT: /c/missing.pcap'); }, cancelIngest: vi.fn() }, notices);
    store.open('/c/missing.pcap');
    await vi.waitFor(() => expect(notices.notices).toHaveLength(1));
    expect(notices.notices[0]).toMatchObject({ kind: 'error', title: 'Cannot open missing.pcap', message: 'ENOENT: /c/missing.pcap' });
    store.onFinished(finished('x', 'incomplete', 'truncated at file offset 4000 (frame 7)'));
    expect(notices.notices[1]).toMatchObject({ kind: 'warning', message: 'truncated at file offset 4000 (frame 7)' });
  });

  it('cancels the running job and drops the queue', async () => {
    const api = { openEvidence: vi.fn(async ({ path }: { path: string }) => ({ jobId: 'j', path })), cancelIngest: vi.fn(async () => ({ cancelled: true })) };
    const store = createIngestStore(api, createNoticeStore());
    store.open('/c/a.pcap', '/c/b.pcap');
    await vi.waitFor(() => expect(store.running.value).not.toBeNull());
    await store.cancel();
    expect(api.cancelIngest).toHaveBeenCalledWith({ jobId: 'j' });
    expect(store.queue.value).toEqual([]);
    expect(store.running.value?.cancelling).toBe(true);
  });
});
