import { describe, expect, it, vi } from 'vitest';
import type { FramePage, FrameRow } from '@wirewho/contract';
import { FramePageCache } from './frame-page-cache.js';
import { LruMap } from './lru-map.js';

function rows(offset: number, limit: number, total: number): FrameRow[] {
  const out: FrameRow[] = [];
  for (let i = offset; i < Math.min(total, offset + limit); i++) {
    out.push({ number: i + 1, evidenceId: 1, tsNs: '0', relTime: '0', src: '', dst: '', srcPort: null, dstPort: null, protocol: 'UDP', length: 1, capLen: 1, info: '' });
  }
  return out;
}

function deferredFetch(total: number) {
  const pending: Array<{ offset: number; limit: number; resolve: () => void }> = [];
  const fetchPage = vi.fn((offset: number, limit: number) => new Promise<FramePage>((resolve) => {
    pending.push({ offset, limit, resolve: () => resolve({ offset, total, rows: rows(offset, limit, total) }) });
  }));
  return { fetchPage, pending };
}

describe('LruMap', () => {
  it('evicts the least recently used entry', () => {
    const lru = new LruMap<number, string>(2);
    lru.set(1, 'a');
    lru.set(2, 'b');
    lru.touch(1);
    lru.set(3, 'c');
    expect(lru.keys()).toEqual([1, 3]);
  });
});

describe('FramePageCache', () => {
  it('fetches only the pages covering the wanted rows, 500 at a time', async () => {
    const fetchPage = vi.fn(async (offset: number, limit: number) => ({ offset, total: 1_000_000, rows: rows(offset, limit, 1_000_000) }));
    const cache = new FramePageCache({ fetchPage });
    cache.want(499_990, 500_020);
    await vi.waitFor(() => expect(fetchPage).toHaveBeenCalledTimes(2));
    expect(fetchPage.mock.calls).toEqual([[499_500, 500], [500_000, 500]]);
    await vi.waitFor(() => expect(cache.rowAt(500_010)?.number).toBe(500_011));
  });

  it('never has more than maxConcurrent requests and drops wishes the user scrolled past', async () => {
    const { fetchPage, pending } = deferredFetch(1_000_000);
    const cache = new FramePageCache({ fetchPage, maxConcurrent: 2 });
    cache.want(0, 2499); // pages 0..4
    expect(fetchPage).toHaveBeenCalledTimes(2);
    cache.want(900_000, 900_100); // the user dragged the scrollbar far away
    pending.shift()!.resolve();
    await vi.waitFor(() => expect(fetchPage).toHaveBeenCalledTimes(3));
    expect(fetchPage.mock.calls[2]).toEqual([900_000, 500]);
  });

  it('keeps at most maxPages pages (LRU)', async () => {
    const fetchPage = vi.fn(async (offset: number, limit: number) => ({ offset, total: 100_000, rows: rows(offset, limit, 100_000) }));
    const cache = new FramePageCache({ fetchPage, maxPages: 3, pageSize: 10 });
    for (let page = 0; page < 6; page++) {
      cache.want(page * 10, page * 10 + 9);
      await vi.waitFor(() => expect(cache.rowAt(page * 10)).toBeDefined());
    }
    expect(cache.loadedPageCount).toBe(3);
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.rowAt(50)?.number).toBe(51);
  });

  it('after invalidate, shows old rows until fresh ones arrive and ignores late answers', async () => {
    const { fetchPage, pending } = deferredFetch(100);
    const cache = new FramePageCache({ fetchPage, pageSize: 10 });
    cache.want(0, 9);
    pending.shift()!.resolve();
    await vi.waitFor(() => expect(cache.rowAt(0)).toBeDefined());
    cache.want(10, 19);
    const late = pending.shift()!;
    cache.invalidate();
    late.resolve();
    await Promise.resolve();
    expect(cache.rowAt(10)).toBeUndefined(); // answered for the old generation: dropped
    expect(cache.rowAt(0)?.number).toBe(1); // stale but still shown
    cache.want(0, 9);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('load() fetches one row on demand and reports totals', async () => {
    const onTotal = vi.fn();
    const fetchPage = vi.fn(async (offset: number, limit: number) => ({ offset, total: 1234, rows: rows(offset, limit, 1234) }));
    const cache = new FramePageCache({ fetchPage, onTotal });
    expect((await cache.load(1233))?.number).toBe(1234);
    expect(onTotal).toHaveBeenCalledWith(1234);
  });

  it('reports fetch errors', async () => {
    const onError = vi.fn();
    const cache = new FramePageCache({ fetchPage: async () => { throw new Error('engine gone'); }, onError });
    cache.want(0, 10);
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
  });
});
