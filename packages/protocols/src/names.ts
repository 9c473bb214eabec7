/** Value-to-name tables shared by the summary and detail decoders (names as Wireshark 4.0 prints them). */

/** EtherType names for "Type: IPv4 (0x0800)" labels. */
export const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0800, 'IPv4'],
  [0x0806, 'ARP'],
  [0x0842, 'Wake on LAN'],
  [0x22f0, 'IEEE 1722 Audio Video Bridging Transport Protocol'],
  [0x22f3, 'TRILL'],
  [0x6558, 'Transparent Ethernet bridging'],
  [0x8035, 'RARP'],
  [0x809b, 'AppleTalk LLAP bridging'],
  [0x80f3, 'AARP'],
  [0x8100, '802.1Q Virtual LAN'],
  [0x8137, 'Netware IPX/SPX'],
  [0x86dd, 'IPv6'],
  [0x8808, 'MAC Control'],
  [0x8809, 'Slow Protocols'],
  [0x8847, 'MPLS label switched packet'],
  [0x8848, 'MPLS multicast label switched packet'],
  [0x8863, 'PPPoE Discovery'],
  [0x8864, 'PPPoE Session'],
  [0x888e, '802.1X Authentication'],
  [0x88a8, '802.1ad Provider Bridge (Q-in-Q)'],
  [0x88cc, '802.1 Link Layer Discovery Protocol (LLDP)'],
  [0x88e5, '802.1AE (MACsec)'],
  [0x88f7, 'PTPv2 over Ethernet (IEEE1588)'],
  [0x8906, 'Fibre Channel over Ethernet'],
  [0x8914, 'FCoE Initialization Protocol'],
  [0x9000, 'Configuration Test Protocol (loopback)'],
  [0x9100, 'VLAN tagged frame'],
]);

/** "IPv4 (0x0800)" for Type lines. */
export function etherTypeLabel(t: number): string {
  return `${ETHERTYPE_NAMES.get(t) ?? 'Unknown'} (0x${t.toString(16).padStart(4, '0')})`;
}

/** Protocol column for EtherTypes we recognise but do not decode further. */
export const ETHERTYPE_COLUMN: ReadonlyMap<number, string> = new Map([
  [0x0842, 'WOL'],
  [0x8035, 'RARP'],
  [0x8137, 'IPX'],
  [0x8808, 'MAC-CTRL'],
  [0x8809, 'Slow Protocols'],
  [0x8863, 'PPPoED'],
  [0x888e, 'EAPOL'],
  [0x88cc, 'LLDP'],
  [0x88e5, 'MACsec'],
  [0x88f7, 'PTPv2'],
  [0x8906, 'FCoE'],
  [0x8914, 'FIP'],
  [0x9000, 'LOOP'],
]);

/** frame.protocols names for those EtherTypes. */
export const ETHERTYPE_PROTO: ReadonlyMap<number, string> = new Map([
  [0x0842, 'wol'],
  [0x8035, 'arp'],
  [0x8137, 'ipx'],
  [0x8808, 'macc'],
  [0x8809, 'slow'],
  [0x8863, 'pppoed'],
  [0x888e, 'eapol'],
  [0x88cc, 'lldp'],
  [0x88e5, 'macsec'],
  [0x88f7, 'ptp'],
  [0x8906, 'fcoe'],
  [0x8914, 'fip'],
  [0x9000, 'loop'],
]);

/** IP protocol numbers as Wireshark's ipprotostr() names them ("Protocol: TCP (6)"). */
export const IP_PROTO_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'IPv6 Hop-by-Hop Option'],
  [1, 'ICMP'],
  [2, 'IGMP'],
  [4, 'IPIP'],
  [6, 'TCP'],
  [8, 'EGP'],
  [9, 'IGRP'],
  [17, 'UDP'],
  [27, 'RDP'],
  [33, 'DCCP'],
  [41, 'IPv6'],
  [43, 'Routing Header for IPv6'],
  [44, 'Fragment Header for IPv6'],
  [46, 'RSVP'],
  [47, 'GRE'],
  [50, 'Encap Security Payload'],
  [51, 'Authentication Header'],
  [58, 'ICMPv6'],
  [59, 'No Next Header for IPv6'],
  [60, 'Destination Options for IPv6'],
  [88, 'EIGRP'],
  [89, 'OSPF IGP'],
  [94, 'IPIP'],
  [97, 'Ether-IP'],
  [103, 'PIM'],
  [108, 'IPComp'],
  [112, 'VRRP'],
  [115, 'L2TP'],
  [132, 'SCTP'],
  [135, 'Mobile IPv6'],
  [136, 'UDPLite'],
  [137, 'MPLS in IP'],
  [139, 'HIP'],
  [140, 'Shim6 header'],
  [143, 'Ethernet'],
]);

export function ipProtoName(p: number): string {
  return IP_PROTO_NAMES.get(p) ?? 'Unknown';
}

/** Protocol column when the IP payload is a protocol we name but do not decode. */
export const IP_PROTO_COLUMN: ReadonlyMap<number, string> = new Map([
  [2, 'IGMP'],
  [4, 'IPv4'],
  [41, 'IPv6'],
  [47, 'GRE'],
  [50, 'ESP'],
  [51, 'AH'],
  [88, 'EIGRP'],
  [89, 'OSPF'],
  [103, 'PIMv2'],
  [112, 'VRRP'],
  [115, 'L2TP'],
  [132, 'SCTP'],
]);

/** Linux SLL packet types ("Packet type: Sent by us (4)"). */
export const SLL_PKTTYPE: readonly string[] = [
  'Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us',
];

/** ARPHRD_* names used by SLL/SLL2 and ARP ("Link-layer address type: Ethernet (1)"). */
export const ARPHRD_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'NET/ROM'],
  [1, 'Ethernet'],
  [6, 'IEEE 802'],
  [15, 'Frame Relay DLCI'],
  [24, 'IEEE 1394.1995'],
  [32, 'InfiniBand'],
  [512, 'PPP'],
  [768, 'IP over IP tunnel'],
  [769, 'IPv6 over IPv6 tunnel'],
  [772, 'Loopback'],
  [776, 'IPv6 over IPv4 tunnel'],
  [778, 'GRE over IP'],
  [801, '802.11'],
  [803, '802.11 plus radiotap header'],
  [824, 'Netlink'],
  [65534, 'None'],
  [65535, 'Void'],
]);

/** Address families of the BSD NULL/LOOP header. */
export const AF_NAMES: ReadonlyMap<number, string> = new Map([
  [2, 'IP'],
  [7, 'OSI'],
  [10, 'IPv6'],
  [23, 'IPX'],
  [24, 'IPv6'],
  [28, 'IPv6'],
  [30, 'IPv6'],
]);
