import { describe, expect, it } from 'vitest';
import { TimestampScaler, decodeTsResol, encodeTsResol, nsToUnits, unitsToNs, type TsResolution } from './timestamp-scaler.js';

const res = (base: 10 | 2, exponent: number): TsResolution => ({ base, exponent });

describe('if_tsresol', () => {
  it('decodes and encodes the byte', () => {
    expect(decodeTsResol(6)).toEqual(res(10, 6));
    expect(decodeTsResol(9)).toEqual(res(10, 9));
    expect(decodeTsResol(0x80 | 20)).toEqual(res(2, 20));
    for (const b of [0, 3, 6, 9, 12, 0x80, 0x8a, 0xff]) expect(encodeTsResol(decodeTsResol(b))).toBe(b);
    expect(() => encodeTsResol(res(10, 200))).toThrow(RangeError);
  });
});

describe('units ⇄ ns', () => {
  it('scales exactly or floors', () => {
    expect(unitsToNs(7n, res(10, 6))).toBe(7000n);
    expect(unitsToNs(7n, res(10, 0))).toBe(7_000_000_000n);
    expect(unitsToNs(7999n, res(10, 12))).toBe(7n);
    expect(unitsToNs(3n, res(2, 1))).toBe(1_500_000_000n);
    expect(unitsToNs(1n, res(2, 31))).toBe(0n); // 0.47 ns floors to 0
  });

  it('nsToUnits inverts unitsToNs: exactly for 10^-n (n ≤ 9), within one unit when ns were floored', () => {
    for (const u of [0n, 1n, 12345n, 1n << 40n]) {
      for (const r of [res(10, 0), res(10, 3), res(10, 6), res(10, 9)]) expect(nsToUnits(unitsToNs(u, r), r)).toBe(u);
      for (const r of [res(10, 12), res(2, 10), res(2, 32)]) {
        const back = nsToUnits(unitsToNs(u, r), r);
        expect(back <= u && back >= u - 1000n).toBe(true);
      }
    }
    expect(nsToUnits(1_999n, res(10, 6))).toBe(1n);
    expect(nsToUnits(-1n, res(10, 6))).toBe(-1n); // floors
  });
});

describe('TimestampScaler', () => {
  it('agrees with the generic bigint path, fast and slow resolutions, across high-word changes', () => {
    const resolutions = [res(10, 3), res(10, 6), res(10, 9), res(10, 0), res(10, 2), res(10, 11), res(2, 10), res(2, 32)];
    for (const r of resolutions) {
      for (const offset of [0n, -3600n, 86400n]) {
        const s = new TimestampScaler(r, offset);
        for (const [hi, lo] of [[0, 0], [0, 4294967295], [1, 0], [395_000, 123], [395_000, 4294967295], [395_001, 1], [0x7fffffff, 7]]) {
          const units = (BigInt(hi) << 32n) | BigInt(lo);
          expect(s.toNs(hi, lo), `${r.base}^-${r.exponent} ${hi}:${lo}`).toBe(unitsToNs(units, r) + offset * 1_000_000_000n);
        }
      }
    }
  });
});
