import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';
import { baseName, formatBytes, formatDurationNs, formatTimeSpan, formatUtcNs, shortHash } from './format.js';
import { asciiChar, formatOffset, hexByte, hexRowCount, inRange } from './hex-dump.js';
import { offsetToReveal, scrollScale } from './scroll-scale.js';

describe('format', () => {
  it('prints UTC with nanosecond precision without losing digits', () => {
    expect(formatUtcNs('1700000000123456789')).toBe('2023-11-14 22:13:20.123456789');
    expect(formatUtcNs('0')).toBe('1970-01-01 00:00:00.000000000');
    expect(formatUtcNs('not a number')).toBe('not a number');
  });

  it('prints a span, leaving out a repeated date', () => {
    expect(formatTimeSpan('1700000000000000001', '1700000005000000002'))
      .toBe('2023-11-14 22:13:20.000000001 → 22:13:25.000000002 UTC');
    expect(formatTimeSpan(null, null)).toBe('—');
    expect(formatDurationNs('1000000000', '3500000001')).toBe('2.500000001 s');
  });

  it('formats sizes, hashes and names', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.00 MiB');
    expect(shortHash('0123456789abcdef0123')).toBe('0123456789ab…');
    expect(baseName('/a/b/c.pcapng')).toBe('c.pcapng');
    expect(baseName('C:\\x\\y.pcap')).toBe('y.pcap');
  });
});

describe('hex dump', () => {
  it('formats bytes, offsets and ASCII', () => {
    expect(hexByte(0x0a)).toBe('0a');
    expect(asciiChar(0x41)).toBe('A');
    expect(asciiChar(0x7f)).toBe('.');
    expect(formatOffset(0x30, 100)).toBe('0030');
    expect(formatOffset(0x10000, 0x20000)).toBe('010000');
    expect(hexRowCount(17)).toBe(2);
    expect(inRange({ start: 34, length: 2 }, 35)).toBe(true);
    expect(inRange({ start: 34, length: 2 }, 36)).toBe(false);
  });

  it('decodes base64 frames', () => {
    expect([...decodeBase64('AAH/')]).toEqual([0, 1, 255]);
  });
});

describe('scroll scale', () => {
  it('is the identity when the list fits', () => {
    expect(scrollScale(20_000, 500)).toEqual({ realHeight: 20_000, factor: 1 });
  });

  it('compresses huge lists so both ends stay reachable', () => {
    const rows = 10_000_000;
    const view = 600;
    const { realHeight, factor } = scrollScale(rows * 20, view);
    expect(realHeight).toBeLessThanOrEqual(12_000_000);
    // Bottom of the real range maps exactly to the bottom of the virtual range.
    expect((realHeight - view) * factor).toBeCloseTo(rows * 20 - view, 3);
  });

  it('computes the scroll needed to reveal a row', () => {
    expect(offsetToReveal(100, 20, 0, 400)).toBeNull();
    expect(offsetToReveal(500, 20, 0, 400)).toBe(120);
    expect(offsetToReveal(40, 20, 200, 400)).toBe(40);
  });
});
