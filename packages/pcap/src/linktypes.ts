/**
 * LINKTYPE_* values (tcpdump.org linktypes, the values stored in files — not the platform DLT_*).
 * The parser rejects only values no registry assigns (as libpcap and wiretap do); whether a registered
 * link type is decoded is the protocols layer's business.
 */

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** Same value as LINKTYPE_ETHERNET (the libpcap name). */
export const LINKTYPE_EN10MB = 1;
export const LINKTYPE_PPP = 9;
/** Historic DLT_RAW values some old files carry (OpenBSD 14, others 12). */
export const LINKTYPE_RAW_HISTORIC_12 = 12;
export const LINKTYPE_RAW_HISTORIC_14 = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_IEEE802_11 = 105;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IEEE802_11_RADIOTAP = 127;
export const LINKTYPE_USER0 = 147;
export const LINKTYPE_NETLINK = 253;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_NFLOG = 239;
export const LINKTYPE_PKTAP = 258;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Display names (Wireshark-style wording) of the link types we know by name. */
export const LINKTYPE_NAMES: Readonly<Record<number, string>> = {
  [LINKTYPE_NULL]: 'BSD loopback',
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_PPP]: 'PPP',
  [LINKTYPE_RAW_HISTORIC_12]: 'Raw IP',
  [LINKTYPE_RAW_HISTORIC_14]: 'Raw IP',
  [LINKTYPE_RAW]: 'Raw IP',
  [LINKTYPE_IEEE802_11]: 'IEEE 802.11 Wireless LAN',
  [LINKTYPE_LOOP]: 'OpenBSD loopback',
  [LINKTYPE_LINUX_SLL]: 'Linux cooked-mode capture v1',
  [LINKTYPE_IEEE802_11_RADIOTAP]: 'IEEE 802.11 plus radiotap header',
  [LINKTYPE_USER0]: 'USER 0',
  [LINKTYPE_IPV4]: 'Raw IPv4',
  [LINKTYPE_IPV6]: 'Raw IPv6',
  [LINKTYPE_NFLOG]: 'Linux netfilter log messages',
  [LINKTYPE_NETLINK]: 'Linux Netlink',
  [LINKTYPE_PKTAP]: 'Apple PKTAP',
  [LINKTYPE_LINUX_SLL2]: 'Linux cooked-mode capture v2',
};

/** Link types whose header the protocols layer decodes (see PROCESS-METADATA.md §5.3). */
const DECODED = new Set<number>([
  LINKTYPE_NULL,
  LINKTYPE_ETHERNET,
  LINKTYPE_RAW_HISTORIC_12,
  LINKTYPE_RAW_HISTORIC_14,
  LINKTYPE_RAW,
  LINKTYPE_LOOP,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_PKTAP,
  LINKTYPE_LINUX_SLL2,
]);

/** True for link types whose frames Wirewho can decode; others are kept but shown undecoded. */
export function isKnownLinkType(linkType: number): boolean {
  return DECODED.has(linkType);
}

/** Human-readable name, e.g. "Ethernet"; unknown values read "LINKTYPE 160". */
export function linkTypeName(linkType: number): string {
  return LINKTYPE_NAMES[linkType] ?? `LINKTYPE ${linkType}`;
}

/**
 * Ranges of the tcpdump.org LINKTYPE registry (historic DLT values 0-19, 50/51, 99-108, 112-114,
 * 117-119, then the dense block from 122 up). A file naming anything else cannot be interpreted by any
 * tool: tshark refuses it too ("network type N unknown or unsupported").
 */
const REGISTERED_RANGES: readonly [number, number][] = [[0, 19], [50, 51], [99, 108], [112, 114], [117, 119], [122, 297]];

export function isRegisteredLinkType(linkType: number): boolean {
  return REGISTERED_RANGES.some(([lo, hi]) => linkType >= lo && linkType <= hi);
}
