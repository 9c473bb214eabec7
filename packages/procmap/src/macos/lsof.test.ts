/** lsof -F output, newline- and NUL-terminated (fixtures from lsof(8) / PROCESS-METADATA.md §4.4), and live. */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SnapshotResolver } from '../snapshot-resolver.js';
import { parseLsof } from './lsof.js';
import { lsofSocketOwners } from './socket-owners.js';

const SETS = [
  ['p501', 'cnc', 'u501', 'Lalice', 'R1'],
  ['f5', 'tIPv4', 'PTCP', 'n127.0.0.1:57996->127.0.0.1:9', 'TST=ESTABLISHED', 'TQR=0', 'TQS=0'],
  ['f6', 'tIPv6', 'PTCP', 'n[::1]:57997->[::1]:9', 'TST=ESTABLISHED'],
  ['p88', 'cmDNSResponder', 'u65', 'L_mdnsresponder', 'R1'],
  ['f7', 'tIPv4', 'PUDP', 'n*:5353'],
  ['f8', 'tIPv6', 'PUDP', 'n*:5353'],
  ['f9', 'tIPv4', 'PTCP', 'n127.0.0.1:60721', 'TST=LISTEN'],
  ['f10', 'tIPv6', 'PTCP', 'n[fe80::1%lo0]:22->[fe80::2%lo0]:50000', 'TST=CLOSE_WAIT'],
  ['f11', 'tunix', 'n/var/run/x.sock'],
  ['f12', 'tIPv4', 'PTCP', 'nnot-an-endpoint'],
];
const nl = `${SETS.flat().join('\n')}\n`;
const nul = `${SETS.map((s) => `${s.join('\0')}\0`).join('\n')}\n`;
const nc = { pid: 501, comm: 'nc', uid: 501, user: 'alice', ppid: 1 };
const mdns = { pid: 88, comm: 'mDNSResponder', uid: 65, user: '_mdnsresponder', ppid: 1 };

describe('parseLsof', () => {
  it.each([['newline-terminated', nl], ['-F0 (NUL-terminated)', nul]])('%s', (_n, text) => {
    expect(parseLsof(text)).toEqual([
      { proto: 'tcp', localAddr: '127.0.0.1', localPort: 57996, remoteAddr: '127.0.0.1', remotePort: 9, listening: false, ipv6Socket: false, state: 'ESTABLISHED', process: nc },
      { proto: 'tcp', localAddr: '::1', localPort: 57997, remoteAddr: '::1', remotePort: 9, listening: false, ipv6Socket: true, state: 'ESTABLISHED', process: nc },
      { proto: 'udp', localAddr: '0.0.0.0', localPort: 5353, remoteAddr: '0.0.0.0', remotePort: 0, listening: false, ipv6Socket: false, process: mdns },
      { proto: 'udp', localAddr: '::', localPort: 5353, remoteAddr: '::', remotePort: 0, listening: false, ipv6Socket: true, process: mdns },
      { proto: 'tcp', localAddr: '127.0.0.1', localPort: 60721, remoteAddr: '0.0.0.0', remotePort: 0, listening: true, ipv6Socket: false, state: 'LISTEN', process: mdns },
      { proto: 'tcp', localAddr: 'fe80::1', localPort: 22, remoteAddr: 'fe80::2', remotePort: 50000, listening: false, ipv6Socket: true, state: 'CLOSE_WAIT', process: mdns },
    ]);
  });

  it('survives garbage', () => {
    expect(parseLsof('')).toEqual([]);
    expect(parseLsof('f1\ntIPv4\nPTCP\nn1.2.3.4:5\n')).toEqual([]); // no process set
    expect(parseLsof('pX\ncx\nf1\ntIPv4\nPTCP\nn1.2.3.4:5\n')).toEqual([]);
  });

  it('feeds the snapshot resolver: tuple, wildcard UDP, listener; late after the socket is gone', () => {
    let rows = parseLsof(nl);
    const r = new SnapshotResolver(() => rows);
    expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 57996, remoteAddr: '127.0.0.1', remotePort: 9 })).toEqual({ confidence: 'exact', match: 'tuple', process: nc });
    expect(r.lookup({ proto: 'udp', localAddr: '192.168.1.2', localPort: 5353, remoteAddr: '224.0.0.251', remotePort: 5353 })).toMatchObject({ match: 'wildcard', process: { pid: 88 } });
    expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 60721, remoteAddr: '127.0.0.1', remotePort: 1 })).toMatchObject({ match: 'listener', process: { pid: 88 } });
    rows = [];
    expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 57996, remoteAddr: '127.0.0.1', remotePort: 9 }).confidence).toBe('late');
    expect(r.lookup({ proto: 'tcp', localAddr: 'x', localPort: 1, remoteAddr: '127.0.0.1', remotePort: 9 }).confidence).toBe('unknown');
    expect(r.runs).toBe(4); // a bad address never runs the source
  });
});

const LSOF = ['/usr/bin/lsof', '/usr/sbin/lsof'].find((p) => existsSync(p));

describe.skipIf(LSOF === undefined || process.getuid?.() !== 0)('lsof live (Linux lsof prints the same fields)', () => {
  it('lists this process\'s listener and connection with their owner', async () => {
    const server = createServer(() => undefined).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const client = createConnection(port, '127.0.0.1');
    await once(client, 'connect');
    try {
      const mine = lsofSocketOwners(LSOF).filter((r) => r.process.pid === process.pid);
      expect(mine).toContainEqual(expect.objectContaining({ proto: 'tcp', localAddr: '127.0.0.1', localPort: port, listening: true }));
      expect(mine).toContainEqual(expect.objectContaining({ proto: 'tcp', localPort: client.localPort, remotePort: port, state: 'ESTABLISHED' }));
      const r = new SnapshotResolver(() => lsofSocketOwners(LSOF));
      expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: client.localPort!, remoteAddr: '127.0.0.1', remotePort: port })).toMatchObject({
        confidence: 'exact', match: 'tuple', process: { pid: process.pid },
      });
    } finally {
      client.destroy();
      server.close();
    }
  });
});
