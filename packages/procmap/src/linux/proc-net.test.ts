/** /proc/net parsing; fixture lines in the kernel's print format (verified shapes, PROCESS-METADATA.md §4.1). */
import { describe, expect, it } from 'vitest';
import { decodeProcNetAddress, parseProcNet, parseSocketInodes } from './proc-net.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30430 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C350 0100007F:1F90 01 00000000:00000000 02:000AFC7A 00000000  1000        0 30431 2 0000000000000000 20 4 30 10 -1
   2: 020200C0:0016 0A0200C0:D431 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
   garbage line
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:01BB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:01BB 0000000000000000FFFF00000100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 556 1 0000000000000000 20 4 30 10 -1
   2: 00000000000000000000000001000000:0050 B80D0120000000000000000001000000:9C41 01 00000000:00000000 00:00000000 00000000   33        0 557 1 0000000000000000 20 4 30 10 -1
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  103: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 19113 2 0000000000000000 0
  104: 0100007F:0035 0900007F:0009 01 00000000:00000000 00:00000000 00000000   101        0 19114 2 0000000000000000 0
`;

describe('/proc/net parsing', () => {
  it('decodes addresses per 32-bit host-order word', () => {
    expect(Array.from(decodeProcNetAddress('0100007F', true)!)).toEqual([127, 0, 0, 1]);
    expect(Array.from(decodeProcNetAddress('7F000001', false)!)).toEqual([127, 0, 0, 1]);
    expect(Array.from(decodeProcNetAddress('00000000000000000000000001000000', true)!)).toEqual([...new Array(15).fill(0), 1]);
    expect(decodeProcNetAddress('0100007', true)).toBeUndefined();
    expect(decodeProcNetAddress('0100007G', true)).toBeUndefined();
  });

  it('reads tcp rows: listener, connection, TIME_WAIT with inode 0', () => {
    expect(parseProcNet(TCP, 'tcp', false, true)).toEqual([
      { proto: 'tcp', localAddr: '127.0.0.1', localPort: 8080, remoteAddr: '0.0.0.0', remotePort: 0, listening: true, ipv6Socket: false, state: 10, uid: 0, inode: 30430 },
      { proto: 'tcp', localAddr: '127.0.0.1', localPort: 50000, remoteAddr: '127.0.0.1', remotePort: 8080, listening: false, ipv6Socket: false, state: 1, uid: 1000, inode: 30431 },
      { proto: 'tcp', localAddr: '192.0.2.2', localPort: 22, remoteAddr: '192.0.2.10', remotePort: 54321, listening: false, ipv6Socket: false, state: 6, uid: 0, inode: 0 },
    ]);
  });

  it('reads tcp6 rows, IPv4-mapped peers as plain IPv4', () => {
    const rows = parseProcNet(TCP6, 'tcp', true, true);
    expect(rows.map((r) => [r.localAddr, r.localPort, r.remoteAddr, r.remotePort, r.listening, r.inode])).toEqual([
      ['::', 443, '::', 0, true, 555],
      ['127.0.0.1', 443, '127.0.0.1', 40000, false, 556],
      ['::1', 80, '2001:db8::1', 40001, false, 557],
    ]);
    expect(rows.every((r) => r.ipv6Socket)).toBe(true);
  });

  it('reads udp rows: unconnected (07) and connected (01)', () => {
    expect(parseProcNet(UDP, 'udp', false, true).map((r) => [r.localAddr, r.localPort, r.remoteAddr, r.remotePort, r.state, r.listening, r.uid, r.inode])).toEqual([
      ['0.0.0.0', 68, '0.0.0.0', 0, 7, false, 0, 19113],
      ['127.0.0.1', 53, '127.0.0.9', 9, 1, false, 101, 19114],
    ]);
  });

  it('survives empty and hostile text', () => {
    expect(parseProcNet('', 'tcp', false, true)).toEqual([]);
    expect(parseProcNet('header\n 0: 0100007F:XYZ 00000000:0000 0A 0 0 0 0 0 1\n 1: a b c d e f g h i j k', 'tcp', false, true)).toEqual([]);
  });

  it('lists the inodes of unix and netlink tables', () => {
    const unix = 'Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 21387 /run/x.sock\n0000000000000000: 00000003 00000000 00000000 0001 03 21390\n';
    const netlink = 'sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n0000000000000000 0   1          00000111 0        0        0     2        0        15003\n';
    expect([...parseSocketInodes(unix, 6)]).toEqual([21387, 21390]);
    expect([...parseSocketInodes(netlink, 9)]).toEqual([15003]);
  });
});
