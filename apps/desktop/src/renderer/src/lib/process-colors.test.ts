import { describe, expect, it } from 'vitest';
import { niceTicks, processColorVar } from './process-colors.js';

describe('process colours and plot ticks', () => {
  it('cycles through the palette', () => {
    expect(processColorVar(1)).toBe('var(--proc-1)');
    expect(processColorVar(9)).toBe('var(--proc-1)');
  });
  it('round ticks', () => {
    expect(niceTicks(1.573)).toEqual([0, 0.5, 1, 1.5]);
    expect(niceTicks(10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0)).toEqual([0]);
  });
});
