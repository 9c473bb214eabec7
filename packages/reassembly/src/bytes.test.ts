import { describe, expect, it } from 'vitest';
import { firstDifference, formatAddress, lastDifference } from './bytes.js';

describe('byte helpers', () => {
  it('finds differences in short and long ranges, at any alignment', () => {
    const a = Uint8Array.from({ length: 300 }, (_, i) => i & 255);
    for (const at of [0, 5, 63, 64, 65, 200, 299]) {
      const b = new Uint8Array(305);
      b.set(a, 3);
      b[3 + at] = b[3 + at] ^ 0x80;
      expect(firstDifference(a, 0, b, 3, 300)).toBe(at);
      expect(lastDifference(a, 0, b, 3, 300)).toBe(at);
    }
    expect(firstDifference(a, 10, a, 10, 250)).toBe(-1);
  });

  it('formats addresses like Wireshark', () => {
    expect(formatAddress(new Uint8Array([192, 0, 2, 1]), 0, 4)).toBe('192.0.2.1');
    const v6 = new Uint8Array(16);
    v6[0] = 0x20; v6[1] = 0x01; v6[2] = 0x0d; v6[3] = 0xb8; v6[15] = 1;
    expect(formatAddress(v6, 0, 6)).toBe('2001:db8::1');
    expect(formatAddress(new Uint8Array(16), 0, 6)).toBe('::');
    const mapped = new Uint8Array(16);
    mapped.set([0xff, 0xff, 10, 0, 0, 1], 10);
    expect(formatAddress(mapped, 0, 6)).toBe('::ffff:10.0.0.1');
    const one = new Uint8Array(16);
    one.set([0, 1, 0, 0, 0, 1], 0);
    expect(formatAddress(one, 0, 6)).toBe('1:0:1::');
  });
});
