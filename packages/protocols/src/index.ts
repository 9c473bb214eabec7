/** @wirewho/protocols: frame decoders (summary for ingest, detail tree on demand) and text helpers. */
export * from './types.js';
export { summarizeFrame } from './summary.js';
export { dissectFrame } from './detail.js';
export { formatIPv4, formatIPv6, formatMac, formatEpochNs } from './format.js';
export { LinkType, linkTypeName } from './linktype.js';
export { tcpFlagsText } from './tcp.js';
