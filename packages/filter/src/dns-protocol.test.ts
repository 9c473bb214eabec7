/** `dns` is the DNS protocol: mDNS and LLMNR messages carry dns.* fields but are not `dns` (PcapPlusPlus DnsPackets.pcap, tshark 4.0). */
import { describe, expect, it } from 'vitest';
import { createTestDb, insertFields, insertFrames, matching } from '../testing/db.js';

const udp = (number: number, src_port: number, dst_port: number) => ({ number, ip_version: 4, ip_src: '10.0.0.1', ip_dst: '10.0.0.2', ip_proto: 17, src_port, dst_port, protocol: 'DNS' });

describe('dns', () => {
  it('the lower port picks the protocol, as Wireshark\'s UDP dissector does', () => {
    const db = createTestDb();
    insertFrames(db, [udp(1, 58292, 53), udp(2, 51837, 5355), udp(3, 5353, 5353), udp(4, 5353, 53), udp(5, 5355, 60000),
      { number: 6, ip_version: 4, ip_src: '10.0.0.1', ip_dst: '10.0.0.2', ip_proto: 6, src_port: 53, dst_port: 40000, protocol: 'DNS' }]);
    insertFields(db, [1, 2, 3, 4, 5, 6].map((n) => [n, 'dns.id', 0xa706] as const));
    insertFields(db, [2, 3].map((n) => [n, 'dns.qry.name', 'wpad'] as const));
    expect(matching(db, 'dns')).toEqual([1, 4, 6]);
    expect(matching(db, 'dns.qry.name == "wpad"')).toEqual([2, 3]);
    expect(matching(db, 'dns.id == 0xa706')).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
