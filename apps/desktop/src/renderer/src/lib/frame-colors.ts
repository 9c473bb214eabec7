/**
 * Packet-list colouring after Wireshark's default colouring rules (same precedence, same tints in the
 * light theme), plus DNS and TLS tints. Rows carry protocol and Info text, so TCP flags and analysis
 * notes ("[TCP Retransmission]") are read from Info the way Wireshark writes it.
 */
import type { FrameRow } from '@wirewho/contract';

export type ColorRuleId =
  | 'bad-tcp' | 'icmp-error' | 'arp' | 'icmp' | 'tcp-rst' | 'http' | 'tls' | 'dns'
  | 'tcp-syn-fin' | 'tcp' | 'udp' | 'other';

export interface ColorRule {
  id: ColorRuleId;
  name: string;
  description: string;
}

/** In precedence order: the first rule that matches colours the row. */
export const COLOR_RULES: readonly ColorRule[] = [
  { id: 'bad-tcp', name: 'Bad TCP', description: 'retransmission, out-of-order, lost segment, duplicate ACK, zero window, malformed' },
  { id: 'icmp-error', name: 'ICMP errors', description: 'unreachable, time exceeded, parameter problem, redirect' },
  { id: 'arp', name: 'ARP', description: 'ARP' },
  { id: 'icmp', name: 'ICMP', description: 'ICMP and ICMPv6' },
  { id: 'tcp-rst', name: 'TCP RST', description: 'TCP reset' },
  { id: 'http', name: 'HTTP', description: 'HTTP' },
  { id: 'tls', name: 'TLS', description: 'TLS / SSL' },
  { id: 'dns', name: 'DNS', description: 'DNS, mDNS, LLMNR' },
  { id: 'tcp-syn-fin', name: 'TCP SYN/FIN', description: 'connection open or close' },
  { id: 'tcp', name: 'TCP', description: 'other TCP' },
  { id: 'udp', name: 'UDP', description: 'other UDP' },
];

const BAD_TCP = /\[(?:TCP (?:Retransmission|Fast Retransmission|Spurious Retransmission|Out-Of-Order|Dup ACK|Previous segment not captured|ACKed unseen segment|ZeroWindow|Lost segment)|Malformed)/i;
const ICMP_ERROR = /unreachable|time[- ]to[- ]live exceeded|time exceeded|parameter problem|redirect|packet too big|source quench/i;
/** TCP flags in Info, e.g. "[SYN, ACK]". */
const TCP_FLAGS = /\[((?:SYN|FIN|RST|ACK|PSH|URG|ECE|CWR|NS|AE)(?:, ?(?:SYN|FIN|RST|ACK|PSH|URG|ECE|CWR|NS|AE))*)\]/;

export function tcpFlagsFromInfo(info: string): Set<string> {
  const match = TCP_FLAGS.exec(info);
  return new Set(match ? match[1].split(/, ?/) : []);
}

export function classifyFrame(row: Pick<FrameRow, 'protocol' | 'info'>): ColorRuleId {
  const protocol = row.protocol.toUpperCase();
  const info = row.info;
  if (BAD_TCP.test(info)) return 'bad-tcp';
  const isIcmp = protocol.startsWith('ICMP');
  if (isIcmp && ICMP_ERROR.test(info)) return 'icmp-error';
  if (protocol === 'ARP' || protocol === 'RARP') return 'arp';
  if (isIcmp) return 'icmp';
  const flags = tcpFlagsFromInfo(info);
  if (flags.has('RST')) return 'tcp-rst';
  if (protocol.startsWith('HTTP')) return 'http';
  if (protocol.startsWith('TLS') || protocol.startsWith('SSL')) return 'tls';
  if (protocol === 'DNS' || protocol === 'MDNS' || protocol === 'LLMNR') return 'dns';
  if (flags.has('SYN') || flags.has('FIN')) return 'tcp-syn-fin';
  if (protocol === 'TCP') return 'tcp';
  if (protocol === 'UDP') return 'udp';
  return 'other';
}
