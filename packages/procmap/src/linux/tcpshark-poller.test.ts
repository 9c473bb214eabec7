/** tcpshark mode: port-pair keys, IPv4 tables only, blind to unconnected UDP and to sockets born after the poll. */
import { describe, expect, it } from 'vitest';
import { FakeProc } from '../../testing/fake-proc.js';
import { TcpsharkPoller } from './tcpshark-poller.js';

describe('TcpsharkPoller', () => {
  const proc = new FakeProc();
  proc.addProcess({ pid: 10, comm: 'curl', argv: ['curl'], startTicks: 1 });
  proc.addProcess({ pid: 11, comm: 'dig', argv: ['dig'], startTicks: 2 });
  proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 40000], remote: ['127.0.0.1', 80], inode: 1 }, 10);
  proc.addSocket({ proto: 'tcp', v6: true, local: ['::1', 40001], remote: ['::1', 80], inode: 2 }, 10);
  proc.addSocket({ proto: 'udp', local: ['0.0.0.0', 5000], inode: 3 }, 11);
  const poller = new TcpsharkPoller({ fs: proc, littleEndian: true });

  it('finds nothing before its first poll, then matches outbound port pairs only', () => {
    expect(poller.lookupPorts(40000, 80)).toBeUndefined();
    poller.pollOnce();
    expect(poller.lookupPorts(40000, 80)).toEqual({ pid: 10, comm: 'curl' });
    expect(poller.lookupPorts(80, 40000)).toBeUndefined(); // the inbound packet
    expect(poller.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 40000, remoteAddr: '127.0.0.1', remotePort: 80 })).toEqual({
      confidence: 'late', process: { pid: 10, comm: 'curl' },
    });
  });

  it('misses IPv6 (unless asked) and unconnected UDP', () => {
    poller.pollOnce();
    expect(poller.lookupPorts(40001, 80)).toBeUndefined();
    expect(poller.lookupPorts(5000, 53)).toBeUndefined();
    const v6 = new TcpsharkPoller({ fs: proc, littleEndian: true, includeIpv6: true });
    v6.pollOnce();
    expect(v6.lookupPorts(40001, 80)).toEqual({ pid: 10, comm: 'curl' });
  });
});
