import { describe, expect, it } from 'vitest';
import { bitPicture, formatAbsTimeUtc, formatIPv4, formatIPv6, formatMac, hex16, portsArrow } from './format.js';
import { linkTypeName } from './linktype.js';

function hexBytes(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)));
}

describe('formatIPv4', () => {
  it('formats dotted quads at an offset', () => {
    expect(formatIPv4(Uint8Array.from([9, 10, 0, 0, 1]), 1)).toBe('10.0.0.1');
    expect(formatIPv4(Uint8Array.from([255, 255, 255, 255]), 0)).toBe('255.255.255.255');
    expect(formatIPv4(Uint8Array.from([0, 0, 0, 0]), 0)).toBe('0.0.0.0');
  });

  it('stays correct when many addresses share cache slots', () => {
    const b = new Uint8Array(4);
    for (let i = 0; i < 5000; i++) {
      b[0] = i & 0xff; b[1] = (i * 7) & 0xff; b[2] = i >> 8; b[3] = (i * 13) & 0xff;
      expect(formatIPv4(b, 0)).toBe(`${b[0]}.${b[1]}.${b[2]}.${b[3]}`);
    }
  });
});

describe('formatIPv6 (glibc inet_ntop / Wireshark text)', () => {
  // Expected values produced by glibc's inet_ntop (socket.inet_ntop on Debian 12).
  const cases: [string, string][] = [
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['00010000000000000000000000000000', '1::'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // a single zero word is not compressed
    ['20010000000000010000000000000001', '2001:0:0:1::1'], // the longest run wins
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'], // first run on a tie
    ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'], // IPv4-mapped
    ['00000000000000000000000001020304', '::1.2.3.4'], // IPv4-compatible
    ['00000000000000000000ffff00000000', '::ffff:0.0.0.0'],
    ['00000000000000000000000000000102', '::102'],
    ['00000000000000000000000000010000', '::0.1.0.0'],
    ['fe800000000000000001000000000001', 'fe80::1:0:0:1'],
    ['00010002000300040005000600070008', '1:2:3:4:5:6:7:8'],
    ['00000001000000010000000100000001', '0:1:0:1:0:1:0:1'],
    ['ff0200000000000000000001ff000002', 'ff02::1:ff00:2'],
    ['00000002000300040005000600070008', '0:2:3:4:5:6:7:8'],
    ['00010002000300040005000600070000', '1:2:3:4:5:6:7:0'],
    ['00000000000000000001ffff01020304', '::1:ffff:102:304'],
    ['0064ff9b000000000000000001020304', '64:ff9b::102:304'],
    ['20010db8aaaa00000000000000000000', '2001:db8:aaaa::'],
    ['00000000ffff00000000000000000000', '0:0:ffff::'],
    ['00000000000000000001000000000000', '::1:0:0:0'],
    ['2606280002200001024818931925c8a6', '2606:2800:220:1:248:1893:1925:c8a6'],
  ];
  it.each(cases)('%s -> %s', (h, text) => {
    expect(formatIPv6(hexBytes(h), 0)).toBe(text);
    // twice: the second call comes from the cache
    expect(formatIPv6(hexBytes(h), 0)).toBe(text);
  });

  it('reads at an offset', () => {
    const b = new Uint8Array(20);
    b.set(hexBytes('fd770000000000000000000000000002'), 3);
    expect(formatIPv6(b, 3)).toBe('fd77::2');
  });
});

describe('formatMac', () => {
  it('lowercase colon hex', () => {
    expect(formatMac(Uint8Array.from([0, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]), 1)).toBe('aa:bb:cc:dd:ee:ff');
    expect(formatMac(Uint8Array.from([0, 1, 2, 3, 4, 5]), 0)).toBe('00:01:02:03:04:05');
  });
  it('cache never mixes up addresses', () => {
    const b = new Uint8Array(6);
    for (let i = 0; i < 3000; i++) {
      b[0] = i & 1; b[1] = i >> 8; b[2] = i & 0xff; b[3] = (i * 3) & 0xff; b[4] = 0; b[5] = (i * 11) & 0xff;
      expect(formatMac(b, 0)).toBe(Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(':'));
    }
  });
});


describe('small helpers', () => {
  it('hex16, bitPicture, portsArrow', () => {
    expect(hex16(0x800)).toBe('0x0800');
    expect(bitPicture(0x45, 0xf0, 8)).toBe('0100 ....');
    expect(bitPicture(0x4000, 0x1fff, 16)).toBe('...0 0000 0000 0000');
    expect(portsArrow(53, 45678)).toBe('53 \u2192 45678');
    expect(portsArrow(53, 45678)).toBe('53 \u2192 45678');
  });
  it('linkTypeName', () => {
    expect(linkTypeName(1)).toBe('ETHERNET');
    expect(linkTypeName(276)).toBe('LINUX_SLL2');
    expect(linkTypeName(101)).toBe('RAW');
    expect(linkTypeName(65000)).toBe('LINKTYPE_65000');
  });
});

describe('formatAbsTimeUtc', () => {
  it('UTC arrival time like tshark', () => {
    expect(formatAbsTimeUtc(1_795_424_580_361_256_000n)).toBe('Nov 23, 2026 09:03:00.361256000 UTC');
    expect(formatAbsTimeUtc(-1n)).toBe('Dec 31, 1969 23:59:59.999999999 UTC');
  });
});
