/** Application-level fragment reassembly: order, duplicates, overlaps, tails, limits. */
import { describe, expect, it } from 'vitest';
import { FragmentReassembler } from './fragment-reassembler.js';
import type { AppMessage } from './types.js';

const b = (s: string) => new TextEncoder().encode(s);
const text = (u: Uint8Array) => new TextDecoder().decode(u);

function setup(options = {}) {
  const incomplete: AppMessage[] = [];
  return { r: new FragmentReassembler((m) => incomplete.push(m), options), incomplete };
}

describe('FragmentReassembler', () => {
  it('reassembles out of order with a last flag; the completing frame is reassembled-in', () => {
    const { r } = setup();
    expect(r.add('m1', { seq: 2, data: b('C'), last: true, frame: 10 }).completed).toBeNull();
    expect(r.add('m1', { seq: 0, data: b('AA'), frame: 11 }).completed).toBeNull();
    const v = r.add('m1', { seq: 1, data: b('BBB'), frame: 12 });
    const m = v.completed!;
    expect(text(m.payload)).toBe('AABBBC');
    expect(m).toMatchObject({ complete: true, reassembledIn: 12, count: 3, expected: 3, length: 6, overlap: false, error: null });
    expect(m.frames).toEqual([11, 12, 10]);
    expect(r.size).toBe(0);
  });

  it('a duplicate is an overlap; different bytes are a conflict; the first copy wins', () => {
    const { r } = setup();
    r.add('k', { seq: 0, data: b('xx'), frame: 1 });
    expect(r.add('k', { seq: 0, data: b('xx'), frame: 2 })).toMatchObject({ duplicate: true, conflict: false });
    expect(r.add('k', { seq: 0, data: b('yy'), frame: 3 })).toMatchObject({ duplicate: true, conflict: true });
    const m = r.add('k', { seq: 1, data: b('z'), last: true, frame: 4 }).completed!;
    expect(text(m.payload)).toBe('xxz');
    expect(m.overlap && m.overlapConflict).toBe(true);
    expect(m.fragments.map((f) => [f.seq, f.frame, f.duplicate, f.conflict])).toEqual([[0, 1, false, false], [0, 2, true, false], [0, 3, true, true], [1, 4, false, false]]);
    expect(m.frames).toEqual([1, 2, 3, 4]);
    expect(m.error).toMatch(/differs/);
  });

  it('a duplicate after completion points at the reassembled-in frame and opens no new message', () => {
    const { r, incomplete } = setup();
    r.add('k', { seq: 0, data: b('a'), last: true, frame: 5 });
    expect(r.add('k', { seq: 0, data: b('a'), last: true, frame: 6 })).toMatchObject({ duplicate: true, conflict: false, reassembledIn: 5 });
    r.flush();
    expect(incomplete).toEqual([]);
  });

  it('multiple tails keep the first; fragments past the tail are too long', () => {
    const { r } = setup();
    r.add('k', { seq: 3, data: b('D'), frame: 1 });
    r.add('k', { seq: 1, data: b('B'), last: true, frame: 2 });
    r.add('k', { seq: 2, data: b('C'), last: true, frame: 3 });
    const m = r.add('k', { seq: 0, data: b('A'), frame: 4 }).completed!;
    expect(text(m.payload)).toBe('AB');
    expect(m.multipleTails).toBe(true);
    expect(m.tooLongFragment).toBe(true);
    expect(m.fragments.filter((f) => f.tooLong).map((f) => f.seq)).toEqual([2, 3]);
    expect(m.error).toMatch(/multiple tails/);
  });

  it('uses a fragment count when the protocol has one', () => {
    const { r } = setup();
    r.add('k', { seq: 1, data: b('2'), count: 2, frame: 1 });
    expect(text(r.add('k', { seq: 0, data: b('1'), count: 2, frame: 2 }).completed!.payload)).toBe('12');
  });

  it('reports incomplete messages with what is missing at flush', () => {
    const { r, incomplete } = setup();
    r.add('a', { seq: 0, data: b('x'), frame: 1 });
    r.add('a', { seq: 2, data: b('z'), last: true, frame: 2 });
    r.add('b', { seq: 1, data: b('q'), frame: 3 });
    r.flush();
    expect(incomplete.map((m) => [m.key, m.complete, m.reason, m.count, m.expected, m.reassembledIn, m.error])).toEqual([
      ['a', false, 'end', 2, 3, -1, 'missing fragment 1'],
      ['b', false, 'end', 1, -1, -1, 'missing fragment 0; last fragment not seen'],
    ]);
    expect(text(incomplete[0].payload)).toBe('xz');
  });

  it('bounds memory: too large and evicted messages are reported', () => {
    const { r, incomplete } = setup({ maxMessageBytes: 4, maxPending: 2 });
    r.add('big', { seq: 0, data: b('12345'), frame: 1 });
    r.add('p1', { seq: 0, data: b('a'), frame: 2 });
    r.add('p2', { seq: 0, data: b('b'), frame: 3 });
    r.add('p3', { seq: 0, data: b('c'), frame: 4 });
    expect(incomplete.map((m) => [m.key, m.reason])).toEqual([['big', 'too-large'], ['p1', 'evicted']]);
    expect(r.size).toBe(2);
  });

  it('rejects absurd fragment numbers without buffering them', () => {
    const { r, incomplete } = setup({ maxFragments: 10 });
    r.add('k', { seq: 1000, data: b('x'), frame: 1 });
    r.flush();
    expect(incomplete[0].tooLongFragment).toBe(true);
    expect(incomplete[0].length).toBe(0);
  });
});
