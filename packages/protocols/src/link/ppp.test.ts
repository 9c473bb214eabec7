import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../summary.js';
import { cat, ipv4, udp } from '../test-frames.js';

describe('PPP', () => {
  it('HDLC address/control then IPv4', () => {
    const f = cat([0xff, 0x03, 0x00, 0x21], ipv4({ proto: 17 }, udp(53, 53)));
    expect(summarizeFrame(9, f, f.length)).toMatchObject({ protocols: 'ppp:ip:udp', ipSrc: '10.0.0.1' });
  });
  it('protocol-field compression (1 byte) and unknown protocols', () => {
    const f = cat([0x21], ipv4({}, []));
    expect(summarizeFrame(9, f, f.length).ipVersion).toBe(4);
    const g = Uint8Array.from([0xff, 0x03, 0x7e, 0x08, 1, 2]);
    expect(summarizeFrame(9, g, g.length)).toMatchObject({ protocol: '0x7e08', info: 'PPP Unknown (0x7e08)', protocols: 'ppp:data' });
  });
});
