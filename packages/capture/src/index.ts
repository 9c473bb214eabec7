/**
 * @wirewho/capture — live capture over libpcap (an N-API addon: kernel timestamps in ns, pcap
 * statistics), a privileged helper process that captures and attributes flows to processes, and
 * the unprivileged session that writes the pcapng ring. The only package that touches libpcap.
 */
export { listInterfaces, type CaptureInterface } from './interfaces.js';
/** Per-interface packet totals for live sparklines (procmap reads /proc/net/dev; null source elsewhere). */
export { readInterfaceCounters, type InterfaceCounters } from '@wirewho/procmap';
export { validateCaptureFilter, CaptureFilterError } from './filter.js';
export { CaptureUnavailableError, pcapAddon } from './native.js';
export { permissionHint } from './privileges.js';
export { frameFlow, type FrameFlow } from './flow-key.js';
export { LiveAttributor, type AttributionMode, type FlowEnd, type FrameTag } from './attributor.js';
export { HelperClient, HELPER_ENTRY, decodeFrames, type LiveFrame, type HelperLaunch } from './helper-client.js';
export { RingWriter, DiskFullError, ptcpdumpComments, type RingOptions } from './ring-writer.js';
export { CaptureSession, CaptureStartError, type CaptureOptions, type CaptureSummary, type CaptureEvents, type EndReason } from './session.js';
export type { StatsMessage, HelloMessage, ErrorMessage } from './helper/protocol.js';
