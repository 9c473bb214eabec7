/** @wirewho/pcap — capture-file layer: streaming pcap/pcapng reader, writers, link types. */
export * from './types.js';
export { CaptureParser, parseCapture, DEFAULT_MAX_CAPLEN, type CaptureParserOptions } from './capture-parser.js';
export { PcapngWriter, type SectionHeaderOptions, type InterfaceOptions, type EnhancedPacketOptions } from './pcapng-writer.js';
export { PcapWriter, type PcapWriterOptions } from './pcap-writer.js';
export { copyEpbOptions, EPB_HEADER_BYTES, readEpbBlock, readEpbHead, type CopiedOptions, type EpbBlock, type EpbHead } from './epb-block.js';
export { encodeWiresharkProcessInfo, readWiresharkProcessInfo, type ProcessInfo } from './wireshark-process-info.js';
export { formatEpochNs, formatFrameTimeEpoch } from './epoch-format.js';
export {
  DEFAULT_TS_RESOLUTION, decodeTsResol, encodeTsResol, nsToUnits, unitsToNs, type TsResolution,
} from './timestamp-scaler.js';
export * from './linktypes.js';
export {
  BT_APPLE_PIB, BT_CB_COPY, BT_CB_NOCOPY, BT_DSB, BT_EPB, BT_IDB, BT_ISB, BT_NRB, BT_PB, BT_SHB, BT_SPB,
  PEN_WIRESHARK, WIRESHARK_CB_ENTRY_PROCESS_INFO,
} from './pcapng-constants.js';
export * from './process-metadata/types.js';
export {
  parsePtcpdumpComments, formatPtcpdumpComments, type PtcpdumpContext, type PtcpdumpProcess, type PtcpdumpContextGroups,
} from './process-metadata/ptcpdump-comments.js';
export { ptcpdumpContextOf } from './process-metadata/ptcpdump-context-of.js';
export { goJsonString, goJsonStringMap, parseGoJsonStringMap } from './process-metadata/go-json-map.js';
export { ethernetL3Extent, type EthernetL3Extent } from './process-metadata/ethernet-l3.js';
export { findTcpsharkTrailer, TCPSHARK_MAGIC, type TcpsharkTrailer } from './process-metadata/tcpshark-trailer.js';
export { buildTcpsharkFrame, encodeTcpsharkTrailer, type TcpsharkTrailerInfo } from './process-metadata/tcpshark-trailer-writer.js';
export { parsePktapHeader, type PktapHeader } from './process-metadata/pktap-header.js';
export { ProcessContext, type ApplePib } from './process-metadata/process-context.js';
export { mayCarryProcess, mayHaveTcpsharkTrailer } from './process-metadata/may-carry-process.js';
export { selectProcessInfo, standardAttribution } from './process-metadata/standard-process.js';
export { appleAttribution } from './process-metadata/apple-process.js';
export {
  processFromFrame, ptcpdumpAttribution, pktapAttribution, tcpsharkAttribution,
} from './process-metadata/process-from-frame.js';
