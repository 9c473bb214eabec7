/**
 * Pages of packet-list rows fetched on demand. The list asks for the pages covering what is on screen;
 * the cache fetches at most a few at once, always the most recently wanted first, forgets pages it no
 * longer needs (LRU), and never asks for "all". A generation counter drops answers that arrive after
 * the data changed underneath (new evidence ingested).
 */
import type { FramePage, FrameRow } from '@wirewho/contract';
import { LruMap } from './lru-map.js';

export interface FramePageCacheOptions {
  fetchPage: (offset: number, limit: number) => Promise<FramePage>;
  pageSize?: number;
  maxPages?: number;
  maxConcurrent?: number;
  /** Called after a page arrives (the view re-reads its rows). */
  onPageLoaded?: () => void;
  /** Called when the server reports a different total than we had. */
  onTotal?: (total: number) => void;
  onError?: (err: unknown) => void;
}

export const DEFAULT_PAGE_SIZE = 500;

export class FramePageCache {
  readonly pageSize: number;
  private readonly pages: LruMap<number, FrameRow[]>;
  private readonly inFlight = new Map<number, Promise<FrameRow[] | undefined>>();
  /** Pages from before the last invalidate(): still shown until their fresh copy arrives (no flicker). */
  private stale = new Map<number, FrameRow[]>();
  private wanted: number[] = [];
  private generation = 0;
  private readonly maxConcurrent: number;

  constructor(private readonly options: FramePageCacheOptions) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.pages = new LruMap(options.maxPages ?? 64);
    this.maxConcurrent = options.maxConcurrent ?? 3;
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at a list index, if its page is loaded. */
  rowAt(index: number): FrameRow | undefined {
    const page = this.pageOf(index);
    return (this.pages.peek(page) ?? this.stale.get(page))?.[index % this.pageSize];
  }

  get loadedPageCount(): number {
    return this.pages.size;
  }

  /** Declares the rows the view needs now; replaces the previous wish, so pages scrolled past are never fetched. */
  want(firstIndex: number, lastIndex: number): void {
    if (lastIndex < firstIndex || lastIndex < 0) {
      this.wanted = [];
      return;
    }
    const first = this.pageOf(Math.max(0, firstIndex));
    const last = this.pageOf(lastIndex);
    const missing: number[] = [];
    for (let page = first; page <= last; page++) {
      if (this.pages.has(page)) this.pages.touch(page);
      else if (!this.inFlight.has(page)) missing.push(page);
    }
    this.wanted = missing;
    this.pump();
  }

  /** Loads (if needed) and returns the row at `index`; used by keyboard navigation and go-to-frame. */
  async load(index: number): Promise<FrameRow | undefined> {
    const page = this.pageOf(index);
    const cached = this.pages.peek(page);
    if (cached) return cached[index % this.pageSize];
    const rows = await (this.inFlight.get(page) ?? this.fetch(page));
    return rows?.[index % this.pageSize];
  }

  /**
   * The frames changed (more were ingested): every page is fetched again when next wanted, and answers
   * already on their way are ignored. Until then the old rows stay visible.
   */
  invalidate(): void {
    this.generation++;
    this.stale = new Map(this.pages.keys().map((page) => [page, this.pages.peek(page)!]));
    this.pages.clear();
    this.inFlight.clear();
    this.wanted = [];
  }

  private pump(): void {
    while (this.inFlight.size < this.maxConcurrent && this.wanted.length > 0) {
      const page = this.wanted.shift() as number;
      if (!this.pages.has(page) && !this.inFlight.has(page)) void this.fetch(page);
    }
  }

  private fetch(page: number): Promise<FrameRow[] | undefined> {
    const generation = this.generation;
    const request = this.options.fetchPage(page * this.pageSize, this.pageSize).then(
      (result) => {
        if (generation !== this.generation) return undefined;
        this.inFlight.delete(page);
        this.pages.set(page, result.rows);
        this.stale.delete(page);
        this.options.onTotal?.(result.total);
        this.options.onPageLoaded?.();
        this.pump();
        return result.rows;
      },
      (err: unknown) => {
        if (generation !== this.generation) return undefined;
        this.inFlight.delete(page);
        this.options.onError?.(err);
        this.pump();
        return undefined;
      },
    );
    this.inFlight.set(page, request);
    return request;
  }
}
