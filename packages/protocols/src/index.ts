/** @wirewho/protocols: frame decoders (summary for ingest, detail tree on demand) and text helpers. */
export * from './types.js';
export { summarizeFrame } from './summary.js';
export { dissectFrame } from './detail.js';
export { dissectReassembledPayload, type ReassembledLayers } from './reassembled.js';
export { formatIPv4, formatIPv6, formatMac, formatEpochNs } from './format.js';
export { LinkType, linkTypeName } from './linktype.js';
export { tcpFlagsText } from './tcp.js';

// Application protocols on the PDU framework (structurally compatible with @wirewho/reassembly's PduProtocol).
export { NEED_MORE, INVALID, fieldEntries, type FieldValue, type PduProtocol } from './app/pdu.js';
export { parseDnsMessage, parseDnsTcpPdu, dnsTcpPduLength, dnsTcpResync, dnsTcpPdu, type DnsFacts } from './app/dns-message.js';
export {
  HttpConversation, httpPdu, createHttpPdu, httpPduLength, httpUntilClose, httpResync, parseHttpHead, parseHttpMessage, bodyRule,
  type HttpFacts, type HttpFraming, type HttpHead, type HttpHeader, type HttpParseOptions, type HttpPduProtocol,
  type HttpConversationOptions, type BodyRule,
} from './app/http-message.js';
export {
  TlsConversation, tlsPdu, createTlsPdu, tlsRecordLength, tlsResync, isTlsRecordHeader, parseTlsRecord, parseHandshakeMessage, tlsRecordPdu,
  TlsContentType, type TlsRecordFacts, type TlsHandshakeFacts,
} from './app/tls-handshake.js';

// Wireshark's view of a TCP conversation: its SEQ analysis and the protocols it dissects per segment.
export { WsTcpAnalysis, wiresharkSeqAnalysis, type WsSegment } from './tcp-seq-analysis.js';
export { tcpPayloadLayers, withTcpPayloadLayers, type PayloadSegment } from './tcp-payload-layers.js';
