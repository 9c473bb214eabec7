/**
 * The default field registry. Fields the frames table holds today get frames locations; the others
 * live in the generic side table frame_fields(frame, field, value) under their own name until their
 * own tables exist (streams, TCP facts, dns/http/tls facts, processes) — moving one is a change of
 * its `location` here and nothing else.
 *
 * Frames-table semantics (see packages/index/src/schema.ts): only the outermost IP layer is indexed;
 * ports are set only when Wireshark shows the transport header (not on non-final IP fragments).
 */
import { FieldRegistry, frameField, type FieldDef, type Location } from './registry.js';
import type { FieldType } from './types.js';

const V4 = 'f.ip_version = 4';
const V6 = 'f.ip_version = 6';
const TCP = 'f.ip_proto = 6 AND f.src_port IS NOT NULL';
const UDP = 'f.ip_proto = 17 AND f.src_port IS NOT NULL';
/**
 * The port fields' own condition: a port column is set exactly when the transport header was read
 * (both ports together), so its value implies the rest of TCP/UDP; the (port, ip_proto) indexes then
 * answer port filters alone.
 */
const TCP_PORT = 'f.ip_proto = 6';
const UDP_PORT = 'f.ip_proto = 17';
const ETH = 'f.eth_src IS NOT NULL';
const TS = 'f.ts_sec IS NOT NULL';
const NS = '(f.ts_sec * 1000000000 + f.ts_nsec)';
/*
 * tshark's time reference: a record without a timestamp still has one for the frames after it —
 * zero for the first record and for a simple packet block (iface_id >= 0), the previous record's
 * for a custom block (iface_id -1, wiretap leaves the time unset). frame.time_relative is measured
 * from the first record, frame.time_delta from the previous one (0 for the first).
 */
const REF_SEC = '(SELECT coalesce(r.ts_sec, 0) FROM frames r ORDER BY r.number LIMIT 1)';
const REF_NSEC = '(SELECT coalesce(r.ts_nsec, 0) FROM frames r ORDER BY r.number LIMIT 1)';
/** This frame's time minus (sec, nsec) in nanoseconds; ww_nstime_delta keeps nstime's 32-bit wrap of an out-of-range fraction. */
const timeSince = (sec: string, nsec: string): string => `(CASE WHEN f.ts_nsec BETWEEN 0 AND 999999999 AND ${nsec} BETWEEN 0 AND 999999999 `
  + `THEN (f.ts_sec - ${sec}) * 1000000000 + (f.ts_nsec - ${nsec}) ELSE ww_nstime_delta(f.ts_sec, f.ts_nsec, ${sec}, ${nsec}) END)`;
const ICMP4 = 'f.ip_proto = 1';
const ICMP6 = 'f.ip_proto = 58';
const SEQ = 'relative sequence numbers need per-stream state the index does not keep; use tcp.seq_raw / tcp.ack_raw';
const TCP_STATE = 'Wireshark derives it from TCP conversation state the index does not keep';
const APP_STATE = 'request/response matching is not indexed';
const HTTP_HDR = 'only the common headers are indexed (host, user_agent, content_*, connection, server, location, referer, cookie, set_cookie, authorization, upgrade)';
const TLS_BYTES = 'handshake byte fields are not indexed';

const defs: FieldDef[] = [];

function F(name: string, type: FieldType, description: string, location: Location, aliases?: string[]): void {
  defs.push({ name, type, description, location, ...(aliases ? { aliases } : {}) });
}
/** A field stored in frame_fields under its own name. */
function S(name: string, type: FieldType, description: string, aliases?: string[]): void {
  F(name, type, description, frameField(name), aliases);
}
/** A field decoded from the frame's bytes when a filter asks (the detail tree): no index storage. */
function D(name: string, type: FieldType, description: string, when?: string, aliases?: string[]): void {
  F(name, type, description, { kind: 'decoded', ...(when ? { when } : {}) }, aliases);
}
/** A Wireshark field the index cannot answer yet: using it is a typed `unsupported` error. */
function U(name: string, type: FieldType, description: string, reason: string): void {
  F(name, type, description, { kind: 'unavailable', reason });
}
const col = (column: string, when?: string): Location => ({ kind: 'column', column, ...(when ? { when } : {}) });
const either = (a: string, b: string, when?: string): Location => ({ kind: 'either', exprs: [a, b], ...(when ? { when } : {}) });
const derived = (expr: string, when?: string): Location => ({ kind: 'derived', expr, ...(when ? { when } : {}) });
const presence = (when: string): Location => ({ kind: 'presence', when });

// ---- frame ---------------------------------------------------------------------------------------
F('frame', 'FT_PROTOCOL', 'Frame: the captured bytes of the packet', { kind: 'frame-bytes', offset: '0', length: 'f.cap_len' });
F('frame.number', 'FT_UINT32', 'Frame number (position in the case)', col('number'));
F('frame.len', 'FT_UINT32', 'Frame length on the wire', col('orig_len'));
F('frame.cap_len', 'FT_UINT32', 'Frame length stored into the capture file', col('cap_len'));
F('frame.time', 'FT_ABSOLUTE_TIME', 'Arrival time (literal: "2026-11-23 09:03:00.36", local time unless a zone is given)', derived(NS, TS));
F('frame.time_epoch', 'FT_RELATIVE_TIME', 'Epoch time when this frame was captured (seconds)', derived(NS, TS));
F('frame.time_relative', 'FT_RELATIVE_TIME', 'Time since the first frame of the case (seconds)', derived(timeSince(REF_SEC, REF_NSEC), TS));
F('frame.time_delta', 'FT_RELATIVE_TIME', 'Time delta from the previous captured frame (seconds)',
  derived(`coalesce((SELECT ${timeSince('coalesce(p.ts_sec, 0)', 'coalesce(p.ts_nsec, 0)')} FROM frames p `
    + 'WHERE p.number < f.number AND (p.ts_sec IS NOT NULL OR p.iface_id >= 0) ORDER BY p.number DESC LIMIT 1), '
    + `CASE WHEN f.number = (SELECT min(m.number) FROM frames m) THEN 0 ELSE ${timeSince('0', '0')} END)`, TS));
// Wireshark shows the interface id only for pcapng, as the IDB index inside its section.
F('frame.interface_id', 'FT_UINT32', 'Interface id (pcapng IDB index within its section)',
  derived('(SELECT i.local_id FROM interfaces i WHERE i.evidence_id = f.evidence_id AND i.iface_id = f.iface_id)',
    "f.iface_id >= 0 AND (SELECT e.format FROM evidence e WHERE e.id = f.evidence_id) = 'pcapng'"));
F('frame.comment', 'FT_STRING', 'Packet comment (one occurrence per comment)', { kind: 'json-array', column: 'comments' });
F('frame.packet_flags', 'FT_UINT32', 'pcapng EPB flags word', col('epb_flags'));
F('frame.packet_flags_direction', 'FT_UINT32', 'Direction (0 unknown, 1 inbound, 2 outbound)', derived('(f.epb_flags & 3)', 'f.epb_flags IS NOT NULL'));
F('frame.packet_flags_reception_type', 'FT_UINT32', 'Reception type (EPB flags bits 2-4)', derived('((f.epb_flags >> 2) & 7)', 'f.epb_flags IS NOT NULL'));
F('frame.packet_flags_fcs_length', 'FT_UINT32', 'FCS length (EPB flags bits 5-8)', derived('((f.epb_flags >> 5) & 15)', 'f.epb_flags IS NOT NULL'));
D('frame.protocols', 'FT_STRING', 'Protocols in frame ("eth:ethertype:ip:tcp")');
F('wirewho.protocol', 'FT_STRING', 'Protocol column text ("TCP", "DNS", "TLSv1.3")', col('protocol'), ['_ws.col.protocol']);
F('wirewho.evidence', 'FT_UINT32', 'Evidence file the frame comes from (evidence id)', col('evidence_id'));
F('wirewho.file_frame', 'FT_UINT32', 'Frame number inside its evidence file', col('file_frame'));
F('wirewho.file_offset', 'FT_UINT64', 'Byte offset of the frame data in its evidence file', col('file_offset'));

// ---- link layer ----------------------------------------------------------------------------------
F('eth', 'FT_PROTOCOL', 'Ethernet', presence(ETH));
F('eth.src', 'FT_ETHER', 'Source hardware address', col('eth_src'));
F('eth.dst', 'FT_ETHER', 'Destination hardware address', col('eth_dst'));
F('eth.addr', 'FT_ETHER', 'Source or destination hardware address', either('f.eth_src', 'f.eth_dst', ETH));
F('eth.src.oui', 'FT_UINT24', 'Source OUI', derived('(f.eth_src >> 24)', ETH));
F('eth.dst.oui', 'FT_UINT24', 'Destination OUI', derived('(f.eth_dst >> 24)', 'f.eth_dst IS NOT NULL'));
F('eth.addr.oui', 'FT_UINT24', 'Source or destination OUI', either('(f.eth_src >> 24)', '(f.eth_dst >> 24)', ETH));
F('eth.dst.ig', 'FT_BOOLEAN', 'Destination IG bit (group address)', derived('((f.eth_dst >> 40) & 1)', 'f.eth_dst IS NOT NULL'));
F('eth.dst.lg', 'FT_BOOLEAN', 'Destination LG bit (locally administered)', derived('((f.eth_dst >> 41) & 1)', 'f.eth_dst IS NOT NULL'));
F('eth.src.ig', 'FT_BOOLEAN', 'Source IG bit', derived('((f.eth_src >> 40) & 1)', ETH));
F('eth.src.lg', 'FT_BOOLEAN', 'Source LG bit', derived('((f.eth_src >> 41) & 1)', ETH));
F('eth.ig', 'FT_BOOLEAN', 'IG bit of source or destination', either('((f.eth_src >> 40) & 1)', '((f.eth_dst >> 40) & 1)', ETH));
F('eth.lg', 'FT_BOOLEAN', 'LG bit of source or destination', either('((f.eth_src >> 41) & 1)', '((f.eth_dst >> 41) & 1)', ETH));
D('eth.type', 'FT_UINT16', 'EtherType', ETH);
D('vlan', 'FT_PROTOCOL', '802.1Q Virtual LAN');
D('vlan.id', 'FT_UINT16', 'VLAN identifier (one occurrence per tag)');
D('vlan.priority', 'FT_UINT16', 'VLAN priority (PCP)');
D('sll', 'FT_PROTOCOL', 'Linux cooked capture');
D('sll.pkttype', 'FT_UINT16', 'Linux cooked capture packet type');

// ---- ARP -----------------------------------------------------------------------------------------
F('arp', 'FT_PROTOCOL', 'Address Resolution Protocol', presence("f.protocol IN ('ARP', 'RARP')"));
D('arp.opcode', 'FT_UINT16', 'ARP opcode (1 request, 2 reply)', "f.protocol IN ('ARP', 'RARP')");
D('arp.hw.type', 'FT_UINT16', 'Hardware type', "f.protocol IN ('ARP', 'RARP')");
D('arp.proto.type', 'FT_UINT16', 'Protocol type', "f.protocol IN ('ARP', 'RARP')");
D('arp.src.hw_mac', 'FT_ETHER', 'Sender MAC address', "f.protocol IN ('ARP', 'RARP')");
D('arp.src.proto_ipv4', 'FT_IPv4', 'Sender IP address', "f.protocol IN ('ARP', 'RARP')");
D('arp.dst.hw_mac', 'FT_ETHER', 'Target MAC address', "f.protocol IN ('ARP', 'RARP')");
D('arp.dst.proto_ipv4', 'FT_IPv4', 'Target IP address', "f.protocol IN ('ARP', 'RARP')");

// ---- IPv4 ----------------------------------------------------------------------------------------
F('ip', 'FT_PROTOCOL', 'Internet Protocol Version 4', presence(V4));
F('ip.version', 'FT_UINT8', 'IP version', derived('f.ip_version', V4));
F('ip.src', 'FT_IPv4', 'Source address', col('ip_src', V4));
F('ip.dst', 'FT_IPv4', 'Destination address', col('ip_dst', V4));
F('ip.addr', 'FT_IPv4', 'Source or destination address', either('f.ip_src', 'f.ip_dst', V4));
F('ip.src_host', 'FT_STRING', 'Source host (the address text: no name resolution)', col('ip_src', V4));
F('ip.dst_host', 'FT_STRING', 'Destination host (the address text)', col('ip_dst', V4));
F('ip.host', 'FT_STRING', 'Source or destination host (the address text)', either('f.ip_src', 'f.ip_dst', V4));
F('ip.proto', 'FT_UINT8', 'Protocol', col('ip_proto', V4));
D('ip.hdr_len', 'FT_UINT8', 'Header length', V4);
D('ip.dsfield', 'FT_UINT8', 'Differentiated services field', V4);
D('ip.dsfield.dscp', 'FT_UINT8', 'Differentiated services codepoint', V4);
D('ip.dsfield.ecn', 'FT_UINT8', 'Explicit congestion notification', V4);
D('ip.len', 'FT_UINT16', 'Total length', V4);
D('ip.id', 'FT_UINT16', 'Identification', V4);
D('ip.flags', 'FT_UINT8', 'Flags', V4);
D('ip.flags.rb', 'FT_BOOLEAN', 'Reserved bit', V4);
D('ip.flags.df', 'FT_BOOLEAN', "Don't fragment", V4);
D('ip.flags.mf', 'FT_BOOLEAN', 'More fragments', V4);
D('ip.frag_offset', 'FT_UINT16', 'Fragment offset', V4);
D('ip.ttl', 'FT_UINT8', 'Time to live', V4);
D('ip.checksum', 'FT_UINT16', 'Header checksum', V4);

// ---- IPv6 ----------------------------------------------------------------------------------------
F('ipv6', 'FT_PROTOCOL', 'Internet Protocol Version 6', presence(V6));
F('ipv6.version', 'FT_UINT8', 'IP version', derived('f.ip_version', V6));
F('ipv6.src', 'FT_IPv6', 'Source address', col('ip_src', V6));
F('ipv6.dst', 'FT_IPv6', 'Destination address', col('ip_dst', V6));
F('ipv6.addr', 'FT_IPv6', 'Source or destination address', either('f.ip_src', 'f.ip_dst', V6));
F('ipv6.src_host', 'FT_STRING', 'Source host (the address text)', col('ip_src', V6));
F('ipv6.dst_host', 'FT_STRING', 'Destination host (the address text)', col('ip_dst', V6));
F('ipv6.host', 'FT_STRING', 'Source or destination host (the address text)', either('f.ip_src', 'f.ip_dst', V6));
D('ipv6.tclass', 'FT_UINT32', 'Traffic class', V6);
D('ipv6.flow', 'FT_UINT24', 'Flow label', V6);
D('ipv6.plen', 'FT_UINT16', 'Payload length', V6);
D('ipv6.nxt', 'FT_UINT8', 'Next header', V6);
D('ipv6.hlim', 'FT_UINT8', 'Hop limit', V6);

// ---- ICMP ----------------------------------------------------------------------------------------
// The Protocol column tells a (non-final) fragment ("IPv4"/"IPv6") from a dissected ICMP message.
F('icmp', 'FT_PROTOCOL', 'Internet Control Message Protocol', presence("f.ip_version = 4 AND f.ip_proto = 1 AND f.protocol <> 'IPv4'"));
D('icmp.type', 'FT_UINT8', 'Type', ICMP4);
D('icmp.code', 'FT_UINT8', 'Code', ICMP4);
D('icmp.checksum', 'FT_UINT16', 'Checksum', ICMP4);
D('icmp.ident', 'FT_UINT16', 'Identifier', ICMP4);
D('icmp.seq', 'FT_UINT16', 'Sequence number', ICMP4);
F('icmpv6', 'FT_PROTOCOL', 'Internet Control Message Protocol v6', presence("f.ip_version = 6 AND f.ip_proto = 58 AND f.protocol <> 'IPv6'"));
D('icmpv6.type', 'FT_UINT8', 'Type', ICMP6);
D('icmpv6.code', 'FT_UINT8', 'Code', ICMP6);

// ---- TCP -----------------------------------------------------------------------------------------
F('tcp', 'FT_PROTOCOL', 'Transmission Control Protocol', presence(TCP));
F('tcp.srcport', 'FT_UINT16', 'Source port', col('src_port', TCP_PORT));
F('tcp.dstport', 'FT_UINT16', 'Destination port', col('dst_port', TCP_PORT));
F('tcp.port', 'FT_UINT16', 'Source or destination port', either('f.src_port', 'f.dst_port', TCP_PORT));
F('tcp.flags', 'FT_UINT16', 'Flags (12 bits)', col('tcp_flags', TCP));
const TCPF = `${TCP} AND f.tcp_flags IS NOT NULL`;
const flag = (name: string, bit: number, desc: string, aliases?: string[], when = TCPF) =>
  F(`tcp.flags.${name}`, 'FT_BOOLEAN', desc, derived(`((f.tcp_flags & ${bit}) != 0)`, when), aliases);
// After an AccECN option in the connection, Wireshark reads AE/CWR/ECE of non-SYN segments as the
// ACE counter (reassembly's Analysis.ACE bit, 0x1000) and shows tcp.flags.ace instead.
const ACE = '(coalesce(f.tcp_analysis, 0) & 4096) != 0';
flag('res', 0xe00, 'Reserved');
flag('ae', 0x100, 'Accurate ECN (formerly Nonce)', ['tcp.flags.ns'], `${TCPF} AND NOT ${ACE}`);
flag('cwr', 0x80, 'Congestion Window Reduced', undefined, `${TCPF} AND NOT ${ACE}`);
flag('ece', 0x40, 'ECN-Echo', undefined, `${TCPF} AND NOT ${ACE}`);
F('tcp.flags.ace', 'FT_UINT8', 'ACE: AccECN counter (AE, CWR, ECE bits)', derived('((f.tcp_flags >> 6) & 7)', `${TCPF} AND ${ACE}`));
flag('urg', 0x20, 'Urgent');
flag('ack', 0x10, 'Acknowledgment');
flag('push', 0x08, 'Push');
flag('reset', 0x04, 'Reset');
flag('syn', 0x02, 'Syn');
flag('fin', 0x01, 'Fin');
F('tcp.stream', 'FT_UINT32', 'Stream index (within the frame\'s evidence file, as tshark numbers it)', col('tcp_stream', TCP));
U('tcp.completeness', 'FT_UINT8', 'Conversation completeness (bit set)', TCP_STATE);
D('tcp.len', 'FT_UINT32', 'TCP segment length', TCP);
U('tcp.seq', 'FT_UINT32', 'Sequence number (relative)', SEQ);
D('tcp.seq_raw', 'FT_UINT32', 'Sequence number (raw)', TCP);
U('tcp.nxtseq', 'FT_UINT32', 'Next sequence number (relative)', SEQ);
U('tcp.ack', 'FT_UINT32', 'Acknowledgment number (relative)', SEQ);
D('tcp.ack_raw', 'FT_UINT32', 'Acknowledgment number (raw)', TCP);
D('tcp.hdr_len', 'FT_UINT8', 'Header length', TCP);
D('tcp.window_size_value', 'FT_UINT16', 'Window (as in the header)', TCP);
U('tcp.window_size', 'FT_UINT32', 'Calculated window size', TCP_STATE);
U('tcp.window_size_scalefactor', 'FT_INT32', 'Window size scaling factor', TCP_STATE);
D('tcp.checksum', 'FT_UINT16', 'Checksum', TCP);
D('tcp.urgent_pointer', 'FT_UINT16', 'Urgent pointer', TCP);
D('tcp.options.mss_val', 'FT_UINT16', 'MSS value', TCP);
D('tcp.options.wscale.shift', 'FT_UINT8', 'Window scale shift count', TCP);
D('tcp.options.sack_perm', 'FT_PROTOCOL', 'SACK permitted option', TCP);
D('tcp.options.timestamp.tsval', 'FT_UINT32', 'Timestamp value', TCP);
D('tcp.options.timestamp.tsecr', 'FT_UINT32', 'Timestamp echo reply', TCP);
D('tcp.payload', 'FT_BYTES', 'TCP payload of this segment', TCP);
D('tcp.reset_cause', 'FT_STRING', 'Reset cause (text carried by a RST segment)', TCP);
U('tcp.segment_data', 'FT_BYTES', 'TCP segment data (reassembled elsewhere)', 'use tcp.payload');
U('tcp.reassembled_in', 'FT_FRAMENUM', 'Frame in which the PDU is reassembled', 'PDU frames are in the pdus table (wirewho pdus)');
U('tcp.time_relative', 'FT_RELATIVE_TIME', 'Time since first frame in this TCP stream', TCP_STATE);
U('tcp.time_delta', 'FT_RELATIVE_TIME', 'Time since previous frame in this TCP stream', TCP_STATE);
// Reassembly analysis bits (frames.tcp_analysis, @wirewho/reassembly Analysis) where they mean what
// Wireshark's expert flag means; the rest needs Wireshark's SEQ/ACK state machine, not indexed.
U('tcp.analysis', 'FT_NONE', 'SEQ/ACK analysis', TCP_STATE);
U('tcp.analysis.flags', 'FT_NONE', 'TCP analysis flags (any expert finding)', TCP_STATE);
const analysisBit = (bit: number) => presence(`${TCP} AND (f.tcp_analysis & ${bit}) != 0`);
F('tcp.analysis.retransmission', 'FT_NONE', 'This frame is a (suspected) retransmission', analysisBit(0x1));
F('tcp.analysis.out_of_order', 'FT_NONE', 'This frame is a (suspected) out-of-order segment', analysisBit(0x4));
F('tcp.analysis.lost_segment', 'FT_NONE', 'Previous segment(s) not captured', analysisBit(0x8));
F('tcp.analysis.keep_alive', 'FT_NONE', 'TCP keep-alive', analysisBit(0x20));
F('tcp.analysis.zero_window_probe', 'FT_NONE', 'TCP zero window probe', analysisBit(0x40));
F('tcp.analysis.reused_ports', 'FT_NONE', 'TCP port numbers reused', analysisBit(0x100));
for (const [n, d] of [
  ['fast_retransmission', 'This frame is a (suspected) fast retransmission'],
  ['spurious_retransmission', 'This frame is a (suspected) spurious retransmission'],
  ['ack_lost_segment', 'ACKed segment that wasn\'t captured'],
  ['duplicate_ack', 'Duplicate ACK'],
  ['zero_window', 'TCP zero window'],
  ['zero_window_probe_ack', 'ACK to a zero window probe'],
  ['keep_alive_ack', 'ACK to a keep-alive'],
  ['window_update', 'TCP window update'],
  ['window_full', 'TCP window full'],
] as const) U(`tcp.analysis.${n}`, 'FT_NONE', d, TCP_STATE);
U('tcp.analysis.duplicate_ack_num', 'FT_UINT32', 'Duplicate ACK number', TCP_STATE);
U('tcp.analysis.duplicate_ack_frame', 'FT_FRAMENUM', 'Duplicate to the ACK in frame', TCP_STATE);
U('tcp.analysis.acks_frame', 'FT_FRAMENUM', 'This is an ACK to the segment in frame', TCP_STATE);
U('tcp.analysis.ack_rtt', 'FT_RELATIVE_TIME', 'Round-trip time to ACK the segment', TCP_STATE);
U('tcp.analysis.initial_rtt', 'FT_RELATIVE_TIME', 'Initial round-trip time', TCP_STATE);
U('tcp.analysis.bytes_in_flight', 'FT_UINT32', 'Bytes in flight', TCP_STATE);
U('tcp.analysis.push_bytes_sent', 'FT_UINT32', 'Bytes sent since last PSH flag', TCP_STATE);

// ---- UDP -----------------------------------------------------------------------------------------
F('udp', 'FT_PROTOCOL', 'User Datagram Protocol', presence(UDP));
F('udp.srcport', 'FT_UINT16', 'Source port', col('src_port', UDP_PORT));
F('udp.dstport', 'FT_UINT16', 'Destination port', col('dst_port', UDP_PORT));
F('udp.port', 'FT_UINT16', 'Source or destination port', either('f.src_port', 'f.dst_port', UDP_PORT));
D('udp.length', 'FT_UINT16', 'Length', UDP);
D('udp.checksum', 'FT_UINT16', 'Checksum', UDP);
F('udp.stream', 'FT_UINT32', 'Stream index (within the frame\'s evidence file)', col('udp_stream', UDP));
D('udp.payload', 'FT_BYTES', 'UDP payload', UDP);
U('udp.time_relative', 'FT_RELATIVE_TIME', 'Time since first frame in this UDP stream', TCP_STATE.replace('TCP', 'UDP'));
U('udp.time_delta', 'FT_RELATIVE_TIME', 'Time since previous frame in this UDP stream', TCP_STATE.replace('TCP', 'UDP'));

// ---- DNS -----------------------------------------------------------------------------------------
// mDNS (5353) and LLMNR (5355) messages have dns.* fields but are their own protocols in Wireshark;
// its UDP dissector tries the lower port first, then the higher.
const UDP_DNS_KIND = "(CASE WHEN min(f.src_port, f.dst_port) IN (53, 5353, 5355) THEN min(f.src_port, f.dst_port) ELSE max(f.src_port, f.dst_port) END)";
F('dns', 'FT_PROTOCOL', 'Domain Name System (a DNS message ends in this frame; not mDNS or LLMNR)',
  presence(`f.number IN (SELECT d.frame FROM frame_fields d WHERE d.field = 'dns.id') AND NOT (f.ip_proto = 17 AND ${UDP_DNS_KIND} IN (5353, 5355))`));
S('dns.id', 'FT_UINT16', 'Transaction ID');
D('dns.flags', 'FT_UINT16', 'Flags (decoded from this frame\'s bytes: DNS messages inside one segment or datagram)');
S('dns.flags.response', 'FT_BOOLEAN', 'Is the message a response?');
S('dns.flags.opcode', 'FT_UINT16', 'Operation code');
S('dns.flags.authoritative', 'FT_BOOLEAN', 'Authoritative answer');
S('dns.flags.truncated', 'FT_BOOLEAN', 'Message is truncated');
S('dns.flags.recdesired', 'FT_BOOLEAN', 'Recursion desired');
S('dns.flags.recavail', 'FT_BOOLEAN', 'Recursion available');
S('dns.flags.rcode', 'FT_UINT16', 'Reply code');
S('dns.count.queries', 'FT_UINT16', 'Number of queries');
S('dns.count.answers', 'FT_UINT16', 'Number of answers');
S('dns.count.auth_rr', 'FT_UINT16', 'Number of authority RRs');
S('dns.count.add_rr', 'FT_UINT16', 'Number of additional RRs');
S('dns.qry.name', 'FT_STRING', 'Query name');
D('dns.qry.name.len', 'FT_UINT16', 'Query name length (decoded from this frame\'s bytes)');
S('dns.qry.type', 'FT_UINT16', 'Query type');
S('dns.qry.class', 'FT_UINT16', 'Query class');
S('dns.resp.name', 'FT_STRING', 'Resource record name');
S('dns.resp.type', 'FT_UINT16', 'Resource record type');
D('dns.resp.class', 'FT_UINT16', 'Resource record class (decoded from this frame\'s bytes)');
S('dns.resp.ttl', 'FT_UINT32', 'Time to live');
D('dns.resp.len', 'FT_UINT16', 'Data length (decoded from this frame\'s bytes)');
S('dns.a', 'FT_IPv4', 'Address (A record)');
S('dns.aaaa', 'FT_IPv6', 'AAAA address');
S('dns.cname', 'FT_STRING', 'Canonical name');
S('dns.ns', 'FT_STRING', 'Name server');
S('dns.ptr.domain_name', 'FT_STRING', 'PTR domain name');
S('dns.mx.mail_exchange', 'FT_STRING', 'Mail exchange');
S('dns.txt', 'FT_STRING', 'TXT');
S('dns.srv.target', 'FT_STRING', 'SRV target');
S('dns.soa.mname', 'FT_STRING', 'SOA primary name server');
S('dns.rr.udp_payload_size', 'FT_UINT16', 'EDNS0 UDP payload size');
U('dns.response_in', 'FT_FRAMENUM', 'Frame of the response to this query', APP_STATE);
U('dns.response_to', 'FT_FRAMENUM', 'Frame of the query this response answers', APP_STATE);
U('dns.time', 'FT_RELATIVE_TIME', 'Time between query and response', APP_STATE);

// ---- HTTP ----------------------------------------------------------------------------------------
F('http', 'FT_PROTOCOL', 'Hypertext Transfer Protocol (an HTTP message ends in this frame)', frameField('http.request'));
F('http.request', 'FT_BOOLEAN', 'Request', frameField('http.request', { onlyValue: 1 }));
F('http.response', 'FT_BOOLEAN', 'Response', frameField('http.response', { onlyValue: 1 }));
S('http.request.method', 'FT_STRING', 'Request method');
S('http.request.uri', 'FT_STRING', 'Request URI');
S('http.request.full_uri', 'FT_STRING', 'Full request URI');
S('http.request.version', 'FT_STRING', 'Request version');
S('http.request.line', 'FT_STRING', 'Request header line (one per header)');
S('http.response.version', 'FT_STRING', 'Response version');
S('http.response.code', 'FT_UINT16', 'Status code');
U('http.response.code.desc', 'FT_STRING', 'Status code description', 'use http.response.phrase');
S('http.response.phrase', 'FT_STRING', 'Response phrase');
S('http.response.line', 'FT_STRING', 'Response header line (one per header)');
S('http.host', 'FT_STRING', 'Host');
S('http.user_agent', 'FT_STRING', 'User-Agent');
S('http.referer', 'FT_STRING', 'Referer');
U('http.accept', 'FT_STRING', 'Accept', HTTP_HDR);
U('http.accept_encoding', 'FT_STRING', 'Accept-Encoding', HTTP_HDR);
U('http.accept_language', 'FT_STRING', 'Accept-Language', HTTP_HDR);
S('http.authorization', 'FT_STRING', 'Authorization');
S('http.cookie', 'FT_STRING', 'Cookie');
S('http.set_cookie', 'FT_STRING', 'Set-Cookie');
S('http.content_type', 'FT_STRING', 'Content-Type');
S('http.content_length', 'FT_UINT64', 'Content length');
S('http.content_length_header', 'FT_STRING', 'Content-Length header');
S('http.content_encoding', 'FT_STRING', 'Content-Encoding');
S('http.transfer_encoding', 'FT_STRING', 'Transfer-Encoding');
S('http.connection', 'FT_STRING', 'Connection');
S('http.server', 'FT_STRING', 'Server');
S('http.upgrade', 'FT_STRING', 'Upgrade');
S('http.response_for.uri', 'FT_STRING', 'Request URI this response answers');
S('http.location', 'FT_STRING', 'Location');
U('http.cache_control', 'FT_STRING', 'Cache-Control', HTTP_HDR);
U('http.x_forwarded_for', 'FT_STRING', 'X-Forwarded-For', HTTP_HDR);
U('http.file_data', 'FT_STRING', 'File data (the message body)', 'message bodies stay in the evidence (Follow Stream shows them)');
U('http.time', 'FT_RELATIVE_TIME', 'Time since request', APP_STATE);
U('http.request_in', 'FT_FRAMENUM', 'Request in frame', APP_STATE);
U('http.response_in', 'FT_FRAMENUM', 'Response in frame', APP_STATE);
U('http.request_number', 'FT_UINT32', 'Request number in this connection', APP_STATE);
U('http.response_number', 'FT_UINT32', 'Response number in this connection', APP_STATE);

// ---- TLS -----------------------------------------------------------------------------------------
F('tls', 'FT_PROTOCOL', 'Transport Layer Security (a TLS record ends in this frame)', frameField('tls.record.content_type'));
F('tls.record', 'FT_NONE', 'Record layer', frameField('tls.record.content_type'));
S('tls.record.content_type', 'FT_UINT8', 'Content type');
F('tls.record.version', 'FT_UINT16', 'Record version', frameField('tls.record.version', { hex: true }));
S('tls.record.length', 'FT_UINT16', 'Record length');
F('tls.handshake', 'FT_NONE', 'Handshake protocol', frameField('tls.handshake.type'));
S('tls.handshake.type', 'FT_UINT8', 'Handshake type');
F('tls.handshake.version', 'FT_UINT16', 'Handshake version', frameField('tls.handshake.version', { hex: true }));
U('tls.handshake.random', 'FT_BYTES', 'Random', TLS_BYTES);
U('tls.handshake.session_id', 'FT_BYTES', 'Session ID', TLS_BYTES);
F('tls.handshake.ciphersuite', 'FT_UINT16', 'Cipher suite', frameField('tls.handshake.ciphersuite', { hex: true }));
F('tls.handshake.extension.type', 'FT_UINT16', 'Extension type', frameField('tls.handshake.extension.type', { hex: true }));
S('tls.handshake.extensions_server_name', 'FT_STRING', 'Server name (SNI)');
S('tls.handshake.extensions_alpn_str', 'FT_STRING', 'ALPN next protocol');
F('tls.handshake.extensions.supported_version', 'FT_UINT16', 'Supported version', frameField('tls.handshake.extensions.supported_version', { hex: true }));
U('tls.handshake.certificate', 'FT_BYTES', 'Certificate', TLS_BYTES);
F('tls.change_cipher_spec', 'FT_NONE', 'Change cipher spec message', frameField('tls.record.content_type', { onlyValue: 20 }));
F('tls.alert_message', 'FT_NONE', 'Alert message', frameField('tls.alert_message.level'));
S('tls.alert_message.level', 'FT_UINT8', 'Alert level');
S('tls.alert_message.desc', 'FT_UINT8', 'Alert description');
U('tls.app_data', 'FT_BYTES', 'Encrypted application data', 'record payloads stay in the evidence (Follow Stream shows them)');

// ---- Processes (Wirewho) -------------------------------------------------------------------------
// frames.process_id -> processes(id, pid, ppid, uid, user, comm, name, exe, args, source) (schema migration 3).
// The tcpshark names are those of tcpshark.lua (tcpshark.Cmd / tcpshark.Args with capitals; lookup
// is case-insensitive).
const PROC = 'f.process_id IS NOT NULL';
// A lookup (f.process_id IN (SELECT id FROM processes WHERE ...)) searches the small processes table
// once and matches frames through the partial index frames_process, where a correlated subquery
// would look the process up again for every frame. A frame without metadata takes its stream's
// process (tcpshark tags outbound frames only).
const proc = (column: string): Location => ({ kind: 'lookup', via: 'process_id', table: 'processes', keyColumn: 'id', valueColumn: column });
F('proc', 'FT_PROTOCOL', 'Process attribution (the frame was attributed to a local process)', presence(PROC), ['tcpshark']);
F('proc.pid', 'FT_UINT32', 'Process id of the local process that sent or received the frame', proc('pid'), ['pid', 'tcpshark.pid']);
F('proc.ppid', 'FT_UINT32', 'Parent process id', proc('ppid'));
// processes.name: comm, else the executable's base name (ptcpdump names only the executable).
F('proc.cmd', 'FT_STRING', 'Command name (comm, else the executable\'s base name)', proc('name'), ['cmd', 'tcpshark.Cmd']);
F('proc.exe', 'FT_STRING', 'Executable path', proc('exe'));
F('proc.args', 'FT_STRING', 'Command line arguments, space-separated', proc('args'), ['args', 'tcpshark.Args']);
F('proc.uid', 'FT_UINT32', 'User id', proc('uid'));
F('proc.user', 'FT_STRING', 'User name', proc('user'));
F('proc.source', 'FT_STRING', 'Source of the attribution (live-proc, ptcpdump, tcpshark, apple-pib, pktap, pcapng-standard)', proc('source'));

export const defaultFieldDefs: readonly FieldDef[] = defs;
export const defaultRegistry = new FieldRegistry(defs);
