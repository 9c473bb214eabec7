import { describe, expect, it } from 'vitest';
import { formatEpochNs, formatFrameTimeEpoch } from './epoch-format.js';

describe('formatEpochNs (tshark frame.time_epoch)', () => {
  it.each([
    [1_795_424_582_830_228_000n, '1795424582.830228000'],
    [1_700_000_000_123_456_789n, '1700000000.123456789'],
    [0n, '0.000000000'],
    [5n, '0.000000005'],
    [4_294_967_296_000_000_000n, '4294967296.000000000'],
    [18_446_744_073_709_551_615n, '18446744073.709551615'],
    // Floored seconds with a positive fraction, as wiretap stores pcapng times before 1970.
    [-1_500_000_000n, '-2.500000000'],
    [-1n, '-1.999999999'],
  ])('%s → %s', (ns, s) => {
    expect(formatEpochNs(ns)).toBe(s);
  });

  it('fewer decimals truncate', () => {
    expect(formatEpochNs(1_700_000_000_123_456_789n, 6)).toBe('1700000000.123456');
    expect(formatEpochNs(1_700_000_000_999_999_999n, 0)).toBe('1700000000');
  });

  it('records: no timestamp prints empty; raw pcap fractions print like wiretap', () => {
    expect(formatFrameTimeEpoch({ tsNs: 0n, hasTimestamp: false })).toBe('');
    expect(formatFrameTimeEpoch({ tsNs: 1n, hasTimestamp: true })).toBe('0.000000001');
    expect(formatFrameTimeEpoch({ tsNs: 0n, hasTimestamp: true, tsRaw: { secs: 1418145370, nsecs: 1_000_000_000 } })).toBe('1418145370.1000000000');
    expect(formatFrameTimeEpoch({ tsNs: 0n, hasTimestamp: true, tsRaw: { secs: 1418145370, nsecs: -2147483648 } })).toBe('-1418145370.2147483648');
  });
});
