import { describe, expect, it } from 'vitest';
import { seqAdd, seqAfter, seqDiff, seqToOffset } from './seq.js';

describe('sequence arithmetic', () => {
  it('wraps at 2^32', () => {
    expect(seqAdd(0xfffffffe, 5)).toBe(3);
    expect(seqDiff(3, 0xfffffffe)).toBe(5);
    expect(seqAfter(3, 0xfffffffe)).toBe(true);
    expect(seqAfter(0xfffffffe, 3)).toBe(false);
  });

  it('maps sequence numbers to unbounded offsets around an anchor', () => {
    expect(seqToOffset(10, 0xfffffff0, 2 ** 32 + 100)).toBe(2 ** 32 + 126);
    expect(seqToOffset(0xfffffff0, 10, 50)).toBe(24);
  });
});
