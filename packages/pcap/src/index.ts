/** @wirewho/pcap — capture-file layer: streaming pcap/pcapng reader, writers, link types. */
export * from './types.js';
export { CaptureParser, parseCapture, DEFAULT_MAX_CAPLEN, type CaptureParserOptions } from './capture-parser.js';
export { PcapngWriter, type SectionHeaderOptions, type InterfaceOptions, type EnhancedPacketOptions } from './pcapng-writer.js';
export { PcapWriter, type PcapWriterOptions } from './pcap-writer.js';
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
