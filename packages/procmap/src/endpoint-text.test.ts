import { describe, expect, it } from 'vitest';
import { parseEndpoint } from './endpoint-text.js';

describe('parseEndpoint', () => {
  it('reads tool endpoint text', () => {
    expect(parseEndpoint('127.0.0.1:80', 4)).toEqual({ addr: '127.0.0.1', port: 80 });
    expect(parseEndpoint('[::1]:8080', 6)).toEqual({ addr: '::1', port: 8080 });
    expect(parseEndpoint('[fe80::1%12]:1900', 6)).toEqual({ addr: 'fe80::1', port: 1900 });
    expect(parseEndpoint('*:53', 4)).toEqual({ addr: '0.0.0.0', port: 53 });
    expect(parseEndpoint('*:*', 6)).toEqual({ addr: '::', port: 0 });
    expect(parseEndpoint('[::ffff:10.0.0.1]:5', 6)).toEqual({ addr: '10.0.0.1', port: 5 });
  });

  it('rejects malformed text', () => {
    for (const s of ['', ':80', '1.2.3.4', '1.2.3.4:', '1.2.3.4:65536', '1.2.3.4:-1', 'host:80', '[::1:80', '1.2.3.4:8a']) expect(parseEndpoint(s, 4)).toBeUndefined();
  });
});
