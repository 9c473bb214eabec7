/** The out-of-order store: first-wins insertion, conflicts, cost accounting. */
import { describe, expect, it } from 'vitest';
import { OutOfOrderBuffer, PIECE_OVERHEAD } from './ooo-buffer.js';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);

describe('OutOfOrderBuffer', () => {
  it('stores only the ranges earlier pieces do not cover', () => {
    const o = new OutOfOrderBuffer();
    o.insert(10, 13, b(10, 11, 12), 1, 0, () => {});
    o.insert(20, 22, b(20, 21), 2, 0, () => {});
    const r = o.insert(8, 24, b(8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23), 3, 0, () => {});
    expect(r.overlapped).toBe(5);
    const pieces = [];
    while (o.length) pieces.push(o.shift());
    expect(pieces.map((p) => [p.off, p.end, p.frame])).toEqual([[8, 10, 3], [10, 13, 1], [13, 20, 3], [20, 22, 2], [22, 24, 3]]);
    expect(o.cost).toBe(0);
  });

  it('reports differing overlaps with the kept frame', () => {
    const o = new OutOfOrderBuffer();
    o.insert(0, 4, b(1, 2, 3, 4), 7, 0, () => {});
    const seen: number[][] = [];
    o.insert(2, 6, b(3, 9, 9, 6), 8, 0, (off, len, kept) => seen.push([off, len, kept]));
    expect(seen).toEqual([[3, 1, 7]]);
  });

  it('keeps uncaptured sequence space as data-less pieces', () => {
    const o = new OutOfOrderBuffer();
    o.insert(0, 10, b(1, 2), 1, 0, () => {});
    expect(o.cost).toBe(2 + 2 * PIECE_OVERHEAD);
    expect([o.shift(), o.shift()].map((p) => [p.off, p.end, p.data && [...p.data]])).toEqual([[0, 2, [1, 2]], [2, 10, null]]);
  });

  it('drops everything from an offset on (after a RST)', () => {
    const o = new OutOfOrderBuffer();
    o.insert(0, 4, b(1, 2, 3, 4), 1, 0, () => {});
    o.insert(6, 8, b(6, 7), 2, 0, () => {});
    expect(o.dropFrom(2)).toBe(4);
    expect(o.length).toBe(1);
    expect([...o.first()!.data!]).toEqual([1, 2]);
    expect(o.cost).toBe(2 + PIECE_OVERHEAD);
  });
});
