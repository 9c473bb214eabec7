/**
 * @wirewho/reassembly — IPv4/IPv6 defragmentation, bidirectional TCP reassembly with tshark-compatible
 * stream numbering, UDP stream numbering, and a PDU desegmentation framework (tcp_dissect_pdus).
 * Pure TypeScript over Uint8Array; memory bounded by explicit caps.
 */

// Frames in, everything out.
export {
  FramePipeline, FragmentStatus, type FrameInput, type FrameVerdict, type PipelineOptions, type PipelineSink,
} from './pipeline/frame-pipeline.js';

// TCP reassembly.
export { TcpReassembler } from './tcp/tcp-reassembler.js';
export {
  Analysis, SegmentMode, TcpFlags, type CloseReason, type Direction, type Endpoint, type GapReason, type SegmentVerdict,
  type TcpConflict, type TcpGap, type TcpReassemblyOptions, type TcpSegment, type TcpSink, type TcpStreamInfo,
} from './tcp/types.js';

// UDP stream numbering.
export { UdpStreams, type UdpStreamInfo, type UdpStreamOptions, type UdpTuple, type UdpVerdict } from './udp/udp-streams.js';

// IP defragmentation.
export { IpDefragmenter } from './defrag/defragmenter.js';
export type {
  DefragOptions, DefragResult, FragmentConflict, FragmentInput, IncompleteDatagram, IncompleteReason, ReassembledDatagram,
} from './defrag/types.js';

// PDU desegmentation.
export { PduDesegmenter } from './pdu/desegmenter.js';
export {
  INVALID, NEED_MORE, type FramingEvent, type PduOptions, type PduProtocol, type PduRecord, type PduSink, type StreamFramer,
} from './pdu/types.js';
export {
  CallbackDesegmenter, DESEGMENT_ONE_MORE_SEGMENT, type DesegmentContext, type DesegmentDissector, type DesegmentResult,
} from './pdu/callback-desegmenter.js';

// Application-level fragment reassembly (fragment_add_seq_check).
export { FragmentReassembler } from './fragment/fragment-reassembler.js';
export type { AppFragment, AppMessage, FragmentEntry, FragmentReassemblyOptions, FragmentVerdict } from './fragment/types.js';

// Header decoders (for callers that describe one frame's IP layer, e.g. a fragment's extent).
export { locateNetwork, type NetworkLocation } from './decode/link.js';
export { decodeIpv4 } from './decode/ipv4.js';
export { decodeIpv6 } from './decode/ipv6.js';
export { newIpHeader, type IpHeader } from './decode/ip-header.js';

// Helpers.
export { seqAdd, seqAfter, seqDiff, seqToOffset } from './seq.js';
export { formatAddress } from './bytes.js';
