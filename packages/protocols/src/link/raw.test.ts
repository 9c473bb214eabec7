import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { ipv4, ipv6, tcp, udp } from '../test-frames.js';

describe('raw IP link types', () => {
  it.each([101, 12, 14])('LINKTYPE %i picks the version from the first nibble', (lt) => {
    const a = ipv4({}, tcp({}));
    expect(summarizeFrame(lt, a, a.length)).toMatchObject({ ipVersion: 4, protocols: 'raw:ip:tcp' });
    const b = ipv6({ nxt: 17 }, udp(1, 2));
    expect(summarizeFrame(lt, b, b.length)).toMatchObject({ ipVersion: 6, protocols: 'raw:ipv6:udp' });
  });

  it('LINKTYPE_IPV4 / LINKTYPE_IPV6 have no link layer in frame.protocols', () => {
    const a = ipv4({ proto: 17 }, udp(5000, 1000, [1]));
    expect(summarizeFrame(228, a, a.length).protocols).toBe('ip:udp:data');
    const b = ipv6({ nxt: 6 }, tcp({}));
    expect(summarizeFrame(229, b, b.length).protocols).toBe('ipv6:tcp');
    const t = dissectFrame(b, { number: 1, linkType: 229, tsNs: 0n, capLen: b.length, origLen: b.length, interfaceId: 0 });
    expect(t[1]).toMatchObject({ field: 'ipv6', start: 0, length: 40 });
  });

  it('not IP at all', () => {
    const s = summarizeFrame(101, Uint8Array.from([0x12, 0x34]), 2);
    expect(s).toMatchObject({ ipVersion: 0, info: 'Raw packet data', protocols: 'raw:data' });
    expect(summarizeFrame(101, new Uint8Array(0), 0).malformed).toBeDefined();
  });
});
