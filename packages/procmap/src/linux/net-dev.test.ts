import { describe, expect, it } from 'vitest';
import { parseProcNetDev, readInterfaceCounters } from './net-dev.js';

const SAMPLE = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 7834212   61834    0    0    0     0          0         0  7834212   61834    0    0    0     0       0          0
  eth0: 987654321 1234567    3    1    0     0          0        12 123456789  765432    0    0    0     0       0          0
`;

describe('interface counters', () => {
  it('reads receive and transmit packets per interface from /proc/net/dev', () => {
    expect(parseProcNetDev(SAMPLE)).toEqual([
      { name: 'lo', rxPackets: 61834, txPackets: 61834 },
      { name: 'eth0', rxPackets: 1234567, txPackets: 765432 },
    ]);
  });

  it('skips lines that are not counters', () => {
    expect(parseProcNetDev('garbage\n  x: 1 2 3\n')).toEqual([]);
  });

  it('has no source off Linux, and none when the file is missing', () => {
    expect(readInterfaceCounters('darwin')).toMatchObject({ source: null, counters: [] });
    expect(readInterfaceCounters('linux', '/nonexistent/net/dev')).toMatchObject({ source: null, counters: [] });
  });

  it.skipIf(process.platform !== 'linux')('lists the loopback interface on this machine', () => {
    const c = readInterfaceCounters();
    expect(c.source).toBe('/proc/net/dev');
    expect(c.counters.map((x) => x.name)).toContain('lo');
  });
});
