import { describe, expect, it } from 'vitest';
import { HistoryRing, type CompareResult } from './history-ring.js';

const out = (): CompareResult => ({ verified: 0, firstDiff: -1, lastDiff: -1 });

describe('HistoryRing', () => {
  it('compares against the last `capacity` delivered bytes across wrap points and growth', () => {
    const h = new HistoryRing(8, 100);
    h.append(100, Uint8Array.from([1, 2, 3, 4, 5, 6]));
    h.append(106, Uint8Array.from([7, 8, 9, 10]));
    expect(h.start).toBe(102);
    expect(h.compare(100, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 0, 10, out())).toEqual({ verified: 8, firstDiff: -1, lastDiff: -1 });
    h.grow(32);
    expect(h.compare(104, Uint8Array.from([5, 0, 7, 0]), 0, 4, out())).toEqual({ verified: 4, firstDiff: 105, lastDiff: 107 });
  });

  it('forgets the window after a gap', () => {
    const h = new HistoryRing(8, 0);
    h.append(0, Uint8Array.from([1, 2]));
    h.append(5, Uint8Array.from([6]));
    expect(h.compare(0, Uint8Array.from([9, 9]), 0, 2, out()).verified).toBe(0);
  });
});
