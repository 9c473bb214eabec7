import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../summary.js';
import { MAC_A, MAC_B, cat, ipv4, mac, u16, udp } from '../test-frames.js';

const dot3 = (llc: number[]) => cat(mac(MAC_B), mac(MAC_A), u16(llc.length), llc);

describe('802.2 LLC', () => {
  it('U frame with plain SAPs', () => {
    expect(summarizeFrame(1, dot3([0x42, 0x42, 0x03, 0, 0]), 19)).toMatchObject({
      protocol: 'LLC', info: 'U, func=UI; DSAP 0x42 Individual, SSAP 0x42 Command', protocols: 'eth:llc:data',
    });
  });

  it('I and S frames have a 2-byte control field', () => {
    expect(summarizeFrame(1, dot3([0xf0, 0xf1, 0x04, 0x06]), 18).info).toBe('I, N(R)=3, N(S)=2; DSAP 0xf0 Individual, SSAP 0xf0 Response');
    expect(summarizeFrame(1, dot3([0xf0, 0xf0, 0x01, 0x0a]), 18).info).toBe('S, func=RR, N(R)=5; DSAP 0xf0 Individual, SSAP 0xf0 Command');
  });

  it('SNAP: OUI 0 continues as an EtherType, other OUIs stop', () => {
    const ip = ipv4({ proto: 17 }, udp(1, 2));
    expect(summarizeFrame(1, dot3([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00, ...ip]), 100)).toMatchObject({ ipVersion: 4, srcPort: 1 });
    expect(summarizeFrame(1, dot3([0xaa, 0xaa, 0x03, 0, 0, 0x0c, 0x20, 0x00, 1, 2]), 100).info)
      .toBe('U, func=UI; SNAP, OUI 0x00000c, PID 0x2000');
  });

  it('truncated LLC header', () => {
    expect(summarizeFrame(1, cat(mac(MAC_B), mac(MAC_A), u16(40), [0xaa]), 60).malformed).toBeDefined();
  });
});
