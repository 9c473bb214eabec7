import { describe, expect, it } from 'vitest';
import { matchSocket } from './socket-match.js';
import type { FlowKey, SocketRow } from './types.js';

type Row = SocketRow & { id: string };
const row = (o: Partial<Row> & Pick<Row, 'id' | 'proto' | 'localAddr' | 'localPort'>): Row => ({
  remoteAddr: o.localAddr.includes(':') ? '::' : '0.0.0.0', remotePort: 0, listening: false, ipv6Socket: o.localAddr.includes(':'), ...o,
});
const flow = (proto: 'tcp' | 'udp', localAddr: string, localPort: number, remoteAddr: string, remotePort: number): FlowKey =>
  ({ proto, localAddr, localPort, remoteAddr, remotePort });

describe('matchSocket', () => {
  const rows = [
    row({ id: 'listen', proto: 'tcp', localAddr: '127.0.0.1', localPort: 80, listening: true }),
    row({ id: 'conn', proto: 'tcp', localAddr: '127.0.0.1', localPort: 80, remoteAddr: '127.0.0.1', remotePort: 5000 }),
    row({ id: 'dual', proto: 'tcp', localAddr: '::', localPort: 443, listening: true, ipv6Socket: true }),
    row({ id: 'udp-any', proto: 'udp', localAddr: '0.0.0.0', localPort: 53 }),
    row({ id: 'udp-lo', proto: 'udp', localAddr: '127.0.0.1', localPort: 53 }),
    row({ id: 'udp-conn', proto: 'udp', localAddr: '127.0.0.1', localPort: 53, remoteAddr: '127.0.0.9', remotePort: 9 }),
    row({ id: 'udp6-any', proto: 'udp', localAddr: '::', localPort: 5353, ipv6Socket: true }),
  ];
  const id = (f: FlowKey): string | undefined => { const m = matchSocket(rows, f); return m && `${m.row.id}/${m.match}`; };

  it('prefers the exact tuple, then the bound UDP socket, then the wildcard, then a listener', () => {
    expect(id(flow('tcp', '127.0.0.1', 80, '127.0.0.1', 5000))).toBe('conn/tuple');
    expect(id(flow('tcp', '127.0.0.1', 80, '127.0.0.1', 5001))).toBe('listen/listener');
    expect(id(flow('udp', '127.0.0.1', 53, '127.0.0.9', 9))).toBe('udp-conn/tuple');
    expect(id(flow('udp', '127.0.0.1', 53, '10.0.0.1', 1000))).toBe('udp-lo/local');
    expect(id(flow('udp', '10.1.1.1', 53, '10.0.0.1', 1000))).toBe('udp-any/wildcard');
  });

  it('lets IPv4 flows reach dual-stack "::" sockets but not IPv6 flows reach 0.0.0.0', () => {
    expect(id(flow('tcp', '10.0.0.5', 443, '10.0.0.1', 1))).toBe('dual/listener');
    expect(id(flow('udp', '192.168.1.2', 5353, '192.168.1.3', 5353))).toBe('udp6-any/wildcard');
    expect(id(flow('udp', '2001:db8::1', 53, '2001:db8::2', 1))).toBeUndefined();
  });

  it('never matches the wrong protocol or port, nor a TCP flow to a non-listening unrelated socket', () => {
    expect(id(flow('udp', '127.0.0.1', 80, '127.0.0.1', 5000))).toBeUndefined();
    expect(id(flow('tcp', '127.0.0.1', 81, '127.0.0.1', 5000))).toBeUndefined();
    expect(id(flow('tcp', '127.0.0.1', 53, '127.0.0.1', 5000))).toBeUndefined();
  });

  it('skips unusable rows but keeps looking for less specific ones', () => {
    const m = matchSocket(rows, flow('tcp', '127.0.0.1', 80, '127.0.0.1', 5000), (r) => r.id !== 'conn');
    expect(m?.match).toBe('listener');
  });
});
