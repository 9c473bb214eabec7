import { describe, expect, it } from 'vitest';
import { nstimeCmp, nstimeDelta } from './nstime.js';

const S = 1_000_000_000n;

describe('nstimeDelta (Wireshark nstime_delta)', () => {
  it('is plain subtraction for in-range fractions, either sign', () => {
    expect(nstimeDelta(1422528033, 45590785, 1422527998, 578402281)).toBe(34n * S + 467188504n);
    expect(nstimeDelta(1422527998, 578455857, 2894531997, 938836488)).toBe(-(1472003999n * S + 360380631n));
    expect(nstimeDelta(5, 7, 5, 7)).toBe(0n);
  });

  it('wraps an out-of-range fraction in 32 bits (tcpdump timestamp_invalid_nano.pcap, tshark 4.0)', () => {
    // frame 3 (1418145370 s, -2147483648 ns) against frame 1 (1418145369 s, 999999999 ns): tshark prints 1.1147483649
    expect(nstimeDelta(1418145370, -2147483648, 1418145369, 999999999)).toBe(1n * S + 1147483649n);
    // ... and against frame 2 (1418145370 s, 1000000000 ns): 0.1147483648
    expect(nstimeDelta(1418145370, -2147483648, 1418145370, 1000000000)).toBe(1147483648n);
    // frame 2 against frame 1: 1.000000001
    expect(nstimeDelta(1418145370, 1000000000, 1418145369, 999999999)).toBe(1n * S + 1n);
  });

  it('gives a REAL beyond 64 bits and NULL for a missing part', () => {
    const v = nstimeDelta(18446744073204, 126329000, 1422527998, 578402281);
    expect(typeof v).toBe('number');
    expect((v as number) / 1e9).toBeCloseTo(18445321545205.55, 1);
    expect(nstimeDelta(null, 1, 2, 3)).toBeNull();
  });
});

describe('nstimeCmp (Wireshark nstime_cmp)', () => {
  it('orders ordinary offsets like numbers', () => {
    expect(nstimeCmp(1_500_000_000, 1_000_000_000)).toBe(1);
    expect(nstimeCmp(500_000_000, 1_000_000_000)).toBe(-1);
    expect(nstimeCmp(1_000_000_000n, 1_000_000_000)).toBe(0);
    expect(nstimeCmp(-2_500_000_000, -2_000_000_000)).toBe(-1);
  });

  it('compares seconds through a 32-bit int (pcapng-example.pcapng frame 60: tshark says relative <= 0.5)', () => {
    const rel = nstimeDelta(18446744073204, 126329000, 1422527998, 578402281)!;
    expect(nstimeCmp(rel, 1_000_000_000)).toBe(-1);
    expect(nstimeCmp(rel, 500_000_000)).toBe(-1);
    // 2^32 s apart: the low 32 bits of the difference are 0, so "equal" seconds -> nanoseconds decide
    expect(nstimeCmp(2n ** 32n * S + 5n, 5)).toBe(0);
  });

  it('is NULL for a missing value', () => {
    expect(nstimeCmp(null, 1)).toBeNull();
  });
});
