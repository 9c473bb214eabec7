import { describe, expect, it } from 'vitest';
import { canonicalIp, formatIp, isLoopback, isWildcard, parseIPv6 } from './ip.js';

describe('canonical IP text', () => {
  it('IPv4 and IPv6 per RFC 5952; v4-mapped becomes IPv4', () => {
    expect(canonicalIp('127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIp('::1')).toBe('::1');
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(canonicalIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // one zero group stays
    expect(canonicalIp('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3'); // longest run
    expect(canonicalIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalIp('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(canonicalIp('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalIp('::')).toBe('::');
    expect(canonicalIp('0.0.0.0')).toBe('0.0.0.0');
  });

  it('rejects non-addresses', () => {
    for (const s of ['', '1.2.3', '1.2.3.256', '1.2.3.4.5', ':::', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'localhost']) {
      expect(canonicalIp(s)).toBeUndefined();
    }
  });

  it('formats bytes and classifies', () => {
    expect(formatIp(parseIPv6('::ffff:10.0.0.1')!)).toBe('10.0.0.1');
    expect(isWildcard('::') && isWildcard('0.0.0.0') && !isWildcard('::1')).toBe(true);
    expect(isLoopback('127.1.2.3') && isLoopback('::1') && !isLoopback('10.0.0.1')).toBe(true);
  });
});
