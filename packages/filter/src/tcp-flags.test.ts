/** AccECN: after an AccECN option, tshark shows tcp.flags.ace instead of tcp.flags.ae/cwr/ece (accecn_handshake.pcap). */
import { describe, expect, it } from 'vitest';
import { createTestDb, insertFrames, matching } from '../testing/db.js';

const tcp = { ip_version: 4, ip_src: '31.133.146.248', ip_dst: '66.228.43.12', ip_proto: 6, src_port: 16433, dst_port: 80, protocol: 'TCP' };

describe('tcp.flags.ace', () => {
  it('frames with reassembly\'s ACE bit (0x1000) have the ACE counter, not the three flags', () => {
    const db = createTestDb();
    insertFrames(db, [
      { number: 1, ...tcp, tcp_flags: 0x1c2 },
      { number: 2, ...tcp, tcp_flags: 0x092 },
      { number: 3, ...tcp, tcp_flags: 0x090, tcp_analysis: 0x1000 },
      { number: 4, ...tcp, tcp_flags: 0x158, tcp_analysis: 0x1000 | 0x1 },
    ]);
    expect(matching(db, 'tcp.flags.cwr == 1 || tcp.flags.ece == 1')).toEqual([1, 2]);
    expect(matching(db, 'tcp.flags.ae')).toEqual([1, 2]);
    expect(matching(db, 'tcp.flags.ace')).toEqual([3, 4]);
    expect(matching(db, 'tcp.flags.ace == 5')).toEqual([4]);
    expect(matching(db, 'tcp.flags.ace == 2')).toEqual([3]);
    expect(matching(db, 'tcp.flags == 0x158 && tcp.flags.ack == 1')).toEqual([4]);
  });
});
