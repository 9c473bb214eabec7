import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { summarizeFrame } from './summary.js';
import { cat, eth, ip4, mac, u16 } from './test-frames.js';

function arp(op: number, sha: string, spa: string, tha: string, tpa: string): number[] {
  return [...u16(1), ...u16(0x0800), 6, 4, ...u16(op), ...mac(sha), ...ip4(spa), ...mac(tha), ...ip4(tpa)];
}
const summ = (p: number[]) => {
  const f = eth(0x0806, p, 'ff:ff:ff:ff:ff:ff');
  return summarizeFrame(1, f, f.length);
};

describe('ARP', () => {
  it('request / reply', () => {
    expect(summ(arp(1, 'e6:42:93:9a:7c:fe', '10.0.0.1', '00:00:00:00:00:00', '10.0.0.2'))).toMatchObject({
      protocol: 'ARP', info: 'Who has 10.0.0.2? Tell 10.0.0.1', protocols: 'eth:ethertype:arp', ipVersion: 0,
    });
    expect(summ(arp(2, 'aa:bb:cc:dd:ee:ff', '10.0.0.2', 'e6:42:93:9a:7c:fe', '10.0.0.1')).info).toBe('10.0.0.2 is at aa:bb:cc:dd:ee:ff');
  });

  it('gratuitous, announcement and probe', () => {
    expect(summ(arp(1, 'aa:bb:cc:dd:ee:ff', '10.0.0.9', 'ff:ff:ff:ff:ff:ff', '10.0.0.9')).info).toBe('Gratuitous ARP for 10.0.0.9 (Request)');
    expect(summ(arp(1, 'aa:bb:cc:dd:ee:ff', '10.0.0.9', '00:00:00:00:00:00', '10.0.0.9')).info).toBe('ARP Announcement for 10.0.0.9');
    expect(summ(arp(1, 'aa:bb:cc:dd:ee:ff', '0.0.0.0', '00:00:00:00:00:00', '10.0.0.9')).info).toBe('Who has 10.0.0.9? (ARP Probe)');
    expect(summ(arp(2, 'aa:bb:cc:dd:ee:ff', '10.0.0.9', 'aa:bb:cc:dd:ee:ff', '10.0.0.9')).info).toBe('Gratuitous ARP for 10.0.0.9 (Reply)');
  });

  it('truncated', () => {
    const p = arp(1, 'aa:bb:cc:dd:ee:ff', '1.2.3.4', '00:00:00:00:00:00', '5.6.7.8');
    const f = eth(0x0806, p);
    const s = summarizeFrame(1, f.subarray(0, 30), f.length);
    expect(s.protocol).toBe('ARP');
    expect(s.malformed).toBeDefined();
  });

  it('detail fields', () => {
    const f = cat(eth(0x0806, arp(1, 'e6:42:93:9a:7c:fe', '10.77.0.1', '00:00:00:00:00:00', '10.77.0.2')), new Array(18).fill(0));
    const t = dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 });
    const a = t.find((n) => n.field === 'arp')!;
    expect(a).toMatchObject({ label: 'Address Resolution Protocol (request)', start: 14, length: 28 });
    const by = Object.fromEntries(a.children!.map((c) => [c.field, c]));
    expect(by['arp.opcode']).toMatchObject({ label: 'Opcode: request (1)', value: '1', start: 20, length: 2 });
    expect(by['arp.src.hw_mac']).toMatchObject({ value: 'e6:42:93:9a:7c:fe', start: 22, length: 6 });
    expect(by['arp.src.proto_ipv4']).toMatchObject({ value: '10.77.0.1', start: 28, length: 4 });
    expect(by['arp.dst.hw_mac']).toMatchObject({ value: '00:00:00:00:00:00', start: 32 });
    expect(by['arp.dst.proto_ipv4']).toMatchObject({ value: '10.77.0.2', start: 38 });
    expect(t.find((n) => n.field === 'eth')!.children!.find((c) => c.field === 'eth.padding')).toMatchObject({ start: 42, length: 18 });
  });
});
