/** Rows of the packet list, paged from the engine through the LRU page cache. */
import { ref, shallowRef } from 'vue';
import type { FrameRow, WirewhoApi } from '@wirewho/contract';
import { FramePageCache } from '../lib/frame-page-cache.js';
import { errorText, type NoticeStore } from './notice-store.js';

export function createPacketListStore(api: Pick<WirewhoApi, 'framesPage'>, notices: NoticeStore, pageSize?: number) {
  const total = ref(0);
  /** Bumped when rows arrive: views read it to re-render (the pages themselves are not reactive). */
  const version = ref(0);
  /** Bumped when the frames changed: views then ask again for what they show. */
  const generation = ref(0);
  /** The display filter the rows come through ('' = every frame). */
  const filter = ref('');
  /**
   * The engine's time limit stopped the filter: `afterMs` (the limit) when the list shows the matches
   * found until then, `message` (the engine's) when nothing could be shown. The filter bar says so.
   */
  const stopped = ref<{ afterMs: number } | { message: string } | null>(null);
  const cache = shallowRef(new FramePageCache({
    fetchPage: async (offset, limit) => {
      const asked = filter.value;
      const page = await api.framesPage(asked ? { offset, limit, filter: asked } : { offset, limit });
      if (asked === filter.value) stopped.value = page.countStoppedAfterMs === undefined ? null : { afterMs: page.countStoppedAfterMs };
      return page;
    },
    pageSize,
    onPageLoaded: () => { version.value++; },
    onTotal: (t) => { if (t !== total.value) total.value = t; },
    onError: (err) => {
      if (isFilterStopped(err)) stopped.value = { message: errorText(err) };
      else notices.error('Cannot load packets', err);
    },
  }));
  return {
    total,
    version,
    generation,
    pageSize: cache.value.pageSize,
    rowAt(index: number): FrameRow | undefined {
      void version.value; // dependency for reactive readers
      return cache.value.rowAt(index);
    },
    want(firstIndex: number, lastIndex: number): void {
      cache.value.want(firstIndex, Math.min(lastIndex, total.value - 1));
    },
    load(index: number): Promise<FrameRow | undefined> {
      return cache.value.load(index);
    },
    /** New frame count (ingest progressed or finished): refetch what is on screen. */
    reload(frameCount: number): void {
      cache.value.invalidate();
      // With a filter the engine says how many frames it selects (the first page carries the total).
      if (filter.value) void cache.value.load(0);
      else total.value = frameCount;
      generation.value++;
      version.value++;
    },
    filter,
    stopped,
    /** Shows only the frames a display filter selects; resolves to how many there are. */
    async setFilter(text: string): Promise<number> {
      filter.value = text.trim();
      stopped.value = null;
      cache.value.invalidate();
      generation.value++;
      version.value++;
      total.value = 0;
      await cache.value.load(0);
      return total.value;
    },
    loadedPageCount: () => cache.value.loadedPageCount,
  };
}

export type PacketListStore = ReturnType<typeof createPacketListStore>;

function isFilterStopped(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'filter-stopped';
}

