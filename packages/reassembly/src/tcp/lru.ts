/** Intrusive doubly-linked recency list: O(1) touch and oldest-first eviction without allocation. */

export interface LruNode {
  lruPrev: LruNode | null;
  lruNext: LruNode | null;
  inLru: boolean;
}

export class LruList<T extends LruNode> {
  private head: T | null = null;
  private tail: T | null = null;
  size = 0;

  /** Makes `n` the most recent (inserting it when absent). */
  touch(n: T): void {
    if (this.head === n) return;
    if (n.inLru) this.unlink(n);
    n.lruPrev = null;
    n.lruNext = this.head;
    if (this.head) this.head.lruPrev = n;
    this.head = n;
    if (this.tail === null) this.tail = n;
    n.inLru = true;
    this.size++;
  }

  remove(n: T): void {
    if (n.inLru) this.unlink(n);
  }

  /** The least recently touched node. */
  oldest(): T | null {
    return this.tail;
  }

  private unlink(n: T): void {
    const p = n.lruPrev as T | null, x = n.lruNext as T | null;
    if (p) p.lruNext = x; else this.head = x;
    if (x) x.lruPrev = p; else this.tail = p;
    n.lruPrev = n.lruNext = null;
    n.inLru = false;
    this.size--;
  }
}
