import { describe, expect, it } from 'vitest';
import { addressKey } from './address-key.js';

describe('addressKey', () => {
  it('orders IPv4 by value, then IPv6 by value, then anything else', () => {
    const sorted = ['fd77::2', '127.0.0.1', 'not an address', '::1', '10.0.0.1', '81.218.72.15', '10.0.0.10', '::ffff:10.0.0.1', 'fd77::1:0']
      .sort((a, b) => (addressKey(a) < addressKey(b) ? -1 : 1));
    expect(sorted).toEqual(['10.0.0.1', '10.0.0.10', '81.218.72.15', '127.0.0.1', '::1', '::ffff:10.0.0.1', 'fd77::2', 'fd77::1:0', 'not an address']);
  });

  it('expands IPv6 fully', () => {
    expect(addressKey('::1')).toBe(`6${'0'.repeat(31)}1`);
    expect(addressKey('2001:db8::8a2e:370:7334')).toBe('620010db80000000000008a2e03707334');
    expect(addressKey('1:2:3:4:5:6:7:8')).toBe('60001000200030004000500060007' + '0008');
    expect(addressKey('1::2::3')).toBe('91::2::3');
    expect(addressKey('256.1.1.1')).toBe('9256.1.1.1');
  });
});
