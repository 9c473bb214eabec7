import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { eth, ip6, ipv6, mac, u16 } from './test-frames.js';
import type { DetailNode } from './types.js';

const summ = (payload: number[], hlim = 255) => summarizeFrame(1, eth(0x86dd, ipv6({ nxt: 58, hlim }, payload)), 14 + 40 + payload.length);
const opt = (type: number, m: string) => [type, 1, ...mac(m)];

describe('ICMPv6', () => {
  it('Neighbor Solicitation / Advertisement like Wireshark', () => {
    expect(summ([135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fd77::2'), ...opt(1, 'e6:42:93:9a:7c:fe')]).info)
      .toBe('Neighbor Solicitation for fd77::2 from e6:42:93:9a:7c:fe');
    expect(summ([135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fe80::1')]).info).toBe('Neighbor Solicitation for fe80::1');
    expect(summ([136, 0, 0, 0, 0x60, 0, 0, 0, ...ip6('fd77::2'), ...opt(2, 'ee:ae:33:23:27:fb')]).info)
      .toBe('Neighbor Advertisement fd77::2 (sol, ovr) is at ee:ae:33:23:27:fb');
    expect(summ([136, 0, 0, 0, 0xe0, 0, 0, 0, ...ip6('fd77::2')]).info).toBe('Neighbor Advertisement fd77::2 (rtr, sol, ovr)');
  });

  it('router messages, echo, MLDv2, errors', () => {
    expect(summ([133, 0, 0, 0, 0, 0, 0, 0, ...opt(1, 'e6:42:93:9a:7c:fe')]).info).toBe('Router Solicitation from e6:42:93:9a:7c:fe');
    expect(summ([134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...opt(1, '00:00:00:00:00:01')]).info).toBe('Router Advertisement from 00:00:00:00:00:01');
    const echo = summ([128, 0, 0, 0, ...u16(0x1234), ...u16(7), 1, 2], 64);
    expect(echo).toMatchObject({ protocol: 'ICMPv6', icmpType: 128, info: 'Echo (ping) request id=0x1234, seq=7, hop limit=64' });
    expect(summ([143, 0, 0, 0, 0, 0, 0, 0]).info).toBe('Multicast Listener Report Message v2');
    expect(summ([1, 4, 0, 0, 0, 0, 0, 0]).info).toBe('Destination Unreachable (port unreachable)');
  });

  it('option with length 0 does not loop', () => {
    const s = summ([135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fd77::2'), 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.info).toBe('Neighbor Solicitation for fd77::2');
    const f = eth(0x86dd, ipv6({ nxt: 58 }, [135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fd77::2'), 1, 0, 0, 0, 0, 0, 0, 0]));
    expect(() => dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 })).not.toThrow();
  });

  it('detail target and link-layer option', () => {
    const f = eth(0x86dd, ipv6({ nxt: 58 }, [135, 0, 0, 0, 0, 0, 0, 0, ...ip6('fd77::2'), ...opt(1, 'e6:42:93:9a:7c:fe')]));
    const flat: DetailNode[] = [];
    const walk = (ns: DetailNode[]) => ns.forEach((n) => { flat.push(n); if (n.children) walk(n.children); });
    walk(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    expect(flat.find((n) => n.field === 'icmpv6.type')).toMatchObject({ label: 'Type: Neighbor Solicitation (135)', start: 54 });
    expect(flat.find((n) => n.field === 'icmpv6.nd.ns.target_address')).toMatchObject({ value: 'fd77::2', start: 62, length: 16 });
    expect(flat.find((n) => n.field === 'icmpv6.opt.linkaddr')).toMatchObject({ value: 'e6:42:93:9a:7c:fe', start: 80, length: 6 });
  });
});
