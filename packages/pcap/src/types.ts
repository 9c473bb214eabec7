/**
 * Shared shapes of the capture-file layer. Pure data: no I/O, no Node built-ins.
 * Timestamps are exact integer nanoseconds since the Unix epoch (bigint), never floats.
 */

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcap-modified' | 'pcapng';

/** One capture interface (a pcapng IDB, or the single implicit interface of a pcap file). */
export interface InterfaceDescription {
  /** Global index across all sections, in file order, starting at 0. */
  id: number;
  /** Section this interface belongs to (0 for pcap). */
  section: number;
  /** Interface id inside its section (what EPBs refer to). */
  localId: number;
  linkType: number;
  /** 0 means "no limit". */
  snapLen: number;
  name?: string;
  description?: string;
  filter?: string;
  os?: string;
  hardware?: string;
  /** if_tsresol as stored: base 10 or 2 and the exponent (default 10^-6). */
  tsResolution: { base: 10 | 2; exponent: number };
  /** if_tsoffset in seconds (0n when absent). */
  tsOffsetSeconds: bigint;
  /** FCS length in bytes from if_fcslen or the pcap link-type FCS bits; undefined when unknown. */
  fcsLength?: number;
  comments: string[];
}

/** A custom option or custom block payload (PEN-tagged). */
export interface CustomData {
  code: number;
  pen: number;
  /** Bytes after the PEN. Copied: safe to keep. */
  data: Uint8Array;
  copyable: boolean;
}

/** One captured frame as the reader yields it. */
export interface FrameRecord {
  /** 1-based frame number in file order (what Wireshark calls frame.number). */
  number: number;
  /** File offset of the record header (pcap) or block (pcapng). */
  recordOffset: number;
  /** File offset of the first captured byte: frame bytes can be read back with (dataOffset, capLen). */
  dataOffset: number;
  capLen: number;
  origLen: number;
  /** Exact nanoseconds since the epoch; 0n with hasTimestamp=false for a Simple Packet Block. */
  tsNs: bigint;
  hasTimestamp: boolean;
  /** Global interface id (InterfaceDescription.id). */
  interfaceId: number;
  linkType: number;
  /**
   * The captured bytes. A zero-copy view into the reader's buffer: valid only during the callback
   * that received it. Copy (slice) to keep.
   */
  data: Uint8Array;
  /** pcapng opt_comment values. */
  comments?: string[];
  /** epb_flags (direction in bits 0-1: 1 inbound, 2 outbound). */
  flags?: number;
  dropCount?: bigint;
  packetId?: bigint;
  queue?: number;
  /** epb_processid_threadid (EPB option 8). */
  processId?: number;
  threadId?: number;
  /** Options with codes 2988/2989/19372/19373 and local-use options we keep verbatim. */
  customOptions?: CustomData[];
  /** Apple EPB options 0x8001 (process info index) / 0x8003 (effective process info index). */
  appleProcessIndex?: number;
  appleEffectiveProcessIndex?: number;
  /** Modified-pcap (0xA1B2CD34) extra header fields. */
  ifIndex?: number;
  protocol?: number;
  pktType?: number;
  /** FCS length in bytes from epb_flags bits 5-8, when the EPB states it (overrides the interface's). */
  fcsLength?: number;
  /**
   * Only on pcap records whose fraction field is out of range (ts_frac >= 10^6 µs or >= 10^9 ns):
   * the seconds and nanoseconds exactly as Wireshark's wiretap holds them (nsecs wraps as int32),
   * so frame.time_epoch can be printed like tshark. tsNs stays the arithmetic value sec*10^9 + frac.
   */
  tsRaw?: { secs: number; nsecs: number };
}

/** Non-frame blocks a consumer may care about (pcapng). */
export type SideBlock =
  | { kind: 'section'; section: number; offset: number; bigEndian: boolean; major: number; minor: number; hardware?: string; os?: string; userAppl?: string; comments: string[] }
  | { kind: 'name-resolution'; offset: number; records: { type: number; address: Uint8Array; names: string[] }[] }
  | { kind: 'interface-statistics'; offset: number; interfaceId: number; tsNs: bigint; received?: bigint; dropped?: bigint; osDropped?: bigint; filterAccepted?: bigint; delivered?: bigint }
  | { kind: 'decryption-secrets'; offset: number; secretsType: number; data: Uint8Array }
  | { kind: 'custom'; offset: number; blockType: number; pen: number; data: Uint8Array; copyable: boolean }
  | { kind: 'apple-process-info'; offset: number; section: number; index: number; pid: number; name?: string; uuid?: Uint8Array }
  | ProcessInfoBlock
  | { kind: 'unknown'; offset: number; blockType: number; length: number };

/**
 * Wireshark's process-information custom block (PEN 32622, entry type 3; PROCESS-METADATA.md §3.3).
 * Packets refer to it by PID through epb_processid_threadid.
 */
export interface ProcessInfoBlock {
  kind: 'process-info';
  offset: number;
  section: number;
  /** 0x00000BAD (copyable) or 0x40000BAD. */
  blockType: number;
  pid: number;
  name?: string;
  path?: string;
  /** pib_cmdline split at NUL bytes (argv). */
  argv?: string[];
  /** pib_cmdline as stored (NUL-separated argv). Copied: safe to keep. */
  cmdline?: Uint8Array;
  ppid?: number;
  uid?: number;
  user?: string;
  uuid?: Uint8Array;
  /** Process start time, ns since the epoch (tells apart PIBs with a reused PID). */
  startTimeNs?: bigint;
  /** opt_comment values of the entry and of the custom block itself. */
  comments: string[];
}

/** Receives what the parser finds, in file order. */
export interface CaptureSink {
  onInterface(iface: InterfaceDescription): void;
  onFrame(frame: FrameRecord): void;
  onSideBlock?(block: SideBlock): void;
}

export type CaptureErrorCode =
  | 'bad-magic'
  | 'truncated'
  | 'bad-block-length'
  | 'caplen-too-large'
  | 'caplen-beyond-block'
  | 'unknown-interface'
  | 'unknown-link-type'
  | 'bad-version'
  | 'bad-option'
  | 'empty';

/** A fault in a capture file. Everything the sink received before the fault is valid. */
export class CaptureFormatError extends Error {
  readonly code: CaptureErrorCode;
  /** File offset of the faulty record or block. */
  readonly offset: number;
  /** Number of the frame that could not be read (1-based), when the fault is in a frame record. */
  readonly frame?: number;
  constructor(code: CaptureErrorCode, message: string, offset: number, frame?: number) {
    super(`${message} at file offset ${offset}${frame !== undefined ? ` (frame ${frame})` : ''}`);
    this.name = 'CaptureFormatError';
    this.code = code;
    this.offset = offset;
    this.frame = frame;
  }
}
