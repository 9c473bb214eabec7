/** LINKTYPE_* values (tcpdump.org linktypes) that the decoders know, and their names. */
export const LinkType = {
  NULL: 0,
  EN10MB: 1,
  PPP: 9,
  /** Historic DLT_RAW values some old files carry. */
  RAW_12: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  PKTAP: 258,
  LINUX_SLL2: 276,
} as const;

const NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'NULL'],
  [1, 'ETHERNET'],
  [3, 'AX25'],
  [6, 'IEEE802_5'],
  [7, 'ARCNET_BSD'],
  [8, 'SLIP'],
  [9, 'PPP'],
  [10, 'FDDI'],
  [12, 'RAW'],
  [14, 'RAW'],
  [50, 'PPP_HDLC'],
  [51, 'PPP_ETHER'],
  [101, 'RAW'],
  [104, 'C_HDLC'],
  [105, 'IEEE802_11'],
  [107, 'FRELAY'],
  [108, 'LOOP'],
  [113, 'LINUX_SLL'],
  [119, 'IEEE802_11_PRISM'],
  [127, 'IEEE802_11_RADIOTAP'],
  [138, 'APPLE_IP_OVER_IEEE1394'],
  [147, 'USER0'],
  [148, 'USER1'],
  [149, 'USER2'],
  [150, 'USER3'],
  [151, 'USER4'],
  [152, 'USER5'],
  [153, 'USER6'],
  [154, 'USER7'],
  [155, 'USER8'],
  [156, 'USER9'],
  [157, 'USER10'],
  [158, 'USER11'],
  [159, 'USER12'],
  [160, 'USER13'],
  [161, 'USER14'],
  [162, 'USER15'],
  [163, 'IEEE802_11_AVS'],
  [187, 'BLUETOOTH_HCI_H4'],
  [189, 'USB_LINUX'],
  [192, 'PPI'],
  [195, 'IEEE802_15_4_WITHFCS'],
  [201, 'BLUETOOTH_HCI_H4_WITH_PHDR'],
  [220, 'USB_LINUX_MMAPPED'],
  [227, 'CAN_SOCKETCAN'],
  [228, 'IPV4'],
  [229, 'IPV6'],
  [239, 'NFLOG'],
  [249, 'USBPCAP'],
  [253, 'NETLINK'],
  [258, 'PKTAP'],
  [274, 'NORDIC_BLE'],
  [276, 'LINUX_SLL2'],
]);

/** LINKTYPE_ name without the prefix, e.g. linkTypeName(1) === "ETHERNET"; "LINKTYPE_<n>" when unknown. */
export function linkTypeName(lt: number): string {
  return NAMES.get(lt) ?? `LINKTYPE_${lt}`;
}

/** Wireshark's encapsulation (WTAP_ENCAP_*) number and name for the "Encapsulation type" line. */
const WTAP: ReadonlyMap<number, [number, string]> = new Map([
  [0, [15, 'NULL/Loopback']],
  [1, [1, 'Ethernet']],
  [9, [4, 'PPP']],
  [12, [7, 'Raw IP']],
  [14, [7, 'Raw IP']],
  [101, [7, 'Raw IP']],
  [108, [15, 'NULL/Loopback']],
  [113, [25, 'Linux cooked-mode capture v1']],
  [228, [129, 'Raw IPv4']],
  [229, [130, 'Raw IPv6']],
  [239, [141, 'NFLOG']],
  [253, [158, 'Linux Netlink']],
  [258, [167, 'Apple PKTAP']],
  [276, [210, 'Linux cooked-mode capture v2']],
]);

export function wtapEncap(lt: number): { id: number; name: string } | undefined {
  const e = WTAP.get(lt);
  return e ? { id: e[0], name: e[1] } : undefined;
}
