import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../summary.js';
import { cat, ipv4, udp } from '../test-frames.js';

function tlv(type: number, value: number[] | Uint8Array): number[] {
  const len = 4 + value.length;
  const pad = (4 - (len % 4)) % 4;
  return [len & 0xff, len >> 8, type & 0xff, type >> 8, ...value, ...new Array(pad).fill(0)];
}

describe('NFLOG', () => {
  it('finds the payload TLV', () => {
    const ip = ipv4({ src: '74.82.42.42', dst: '10.0.0.20', proto: 17 }, udp(53, 42585, [0, 1, 2]));
    const f = Uint8Array.from(cat([2, 0, 0, 0], tlv(1, [8, 0, 1, 0]), tlv(10, [1, 2, 3, 4, 5]), tlv(9, ip)));
    const s = summarizeFrame(239, f, f.length);
    expect(s).toMatchObject({ ipSrc: '74.82.42.42', srcPort: 53, protocols: 'nflog:ip:udp:data' });
  });

  it('zero-length TLV does not loop', () => {
    const f = Uint8Array.from([2, 0, 0, 0, 0, 0, 9, 0, 0, 0, 9, 0]);
    const s = summarizeFrame(239, f, f.length);
    expect(s.ipVersion).toBe(0);
  });
});
