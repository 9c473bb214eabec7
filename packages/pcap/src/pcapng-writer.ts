/**
 * pcapng writer: each method returns the bytes of one block (little-endian) for the caller to write
 * in order. Pure: no I/O. Packets are written as EPBs with timestamps in their interface's
 * if_tsresol (nanoseconds unless told otherwise).
 */
import { ByteWriter, writeOption } from './byte-writer.js';
import {
  BT_CB_COPY, BT_CB_NOCOPY, BT_DSB, BT_EPB, BT_IDB, BT_SHB, BYTE_ORDER_MAGIC, EPB_APPLE_E_PIB_INDEX, EPB_APPLE_PIB_INDEX,
  EPB_DROPCOUNT, EPB_FLAGS, EPB_PACKETID, EPB_PROCESSID_THREADID, EPB_QUEUE, IF_DESCRIPTION, IF_FCSLEN, IF_FILTER,
  IF_HARDWARE, IF_NAME, IF_OS, IF_TSOFFSET, IF_TSRESOL, OPT_COMMENT, OPT_ENDOFOPT, PEN_WIRESHARK, SHB_HARDWARE,
  SHB_OS, SHB_USERAPPL, BT_ISB, ISB_ENDTIME, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP, ISB_STARTTIME,
} from './pcapng-constants.js';
import { utf8 } from './text.js';
import { encodeTsResol, nsToUnits, type TsResolution } from './timestamp-scaler.js';
import type { CustomData, InterfaceDescription } from './types.js';
import { encodeWiresharkProcessInfo, type ProcessInfo } from './wireshark-process-info.js';

export interface SectionHeaderOptions {
  userAppl?: string;
  os?: string;
  hardware?: string;
  comments?: string[];
}

/** What an IDB is written from; id/section/localId are ignored (the writer numbers interfaces). */
export type InterfaceOptions = Partial<InterfaceDescription> & { linkType: number };

export interface EnhancedPacketOptions {
  /** Interface id inside the current section, in interfaceDescription() call order from 0. */
  interfaceId: number;
  tsNs: bigint;
  data: Uint8Array;
  /** Defaults to data.length. */
  origLen?: number;
  comments?: string[];
  flags?: number;
  dropCount?: bigint;
  packetId?: bigint;
  queue?: number;
  /** epb_processid_threadid; a missing half is written as 0 ("unknown"). */
  processId?: number;
  threadId?: number;
  /** Written as custom options (code, PEN, data); `copyable` is implied by the code. */
  customOptions?: Pick<CustomData, 'code' | 'pen' | 'data'>[];
  appleProcessIndex?: number;
  appleEffectiveProcessIndex?: number;
  /**
   * The timestamp as a count of the interface's if_tsresol units, written as is (an export copying a
   * source EPB keeps its exact units; ns cannot represent every 2^-n resolution). Overrides tsNs.
   */
  tsUnits?: bigint;
  /** Options already encoded little-endian (no opt_endofopt), appended after the ones above. */
  rawOptions?: Uint8Array;
}

const NS_RESOLUTION: TsResolution = { base: 10, exponent: 9 };
const U64_LIMIT = 1n << 64n;

interface WrittenInterface {
  res: TsResolution;
  nanosecondsNoOffset: boolean;
  offsetNs: bigint;
}

export class PcapngWriter {
  private readonly w = new ByteWriter(4096);
  private interfaces: WrittenInterface[] = [];

  /** Interfaces defined in the current section. */
  get interfaceCount(): number {
    return this.interfaces.length;
  }

  /** Starts a section (interface ids restart at 0). */
  sectionHeader(opts: SectionHeaderOptions = {}): Uint8Array {
    this.interfaces = [];
    const w = this.begin(BT_SHB);
    w.u32(BYTE_ORDER_MAGIC).u16(1).u16(0).i64(-1n); // section length unknown
    const o = new ByteWriter();
    for (const c of opts.comments ?? []) writeOption(o, OPT_COMMENT, utf8(c));
    strOpt(o, SHB_HARDWARE, opts.hardware);
    strOpt(o, SHB_OS, opts.os);
    strOpt(o, SHB_USERAPPL, opts.userAppl);
    return this.finish(w, o);
  }

  /** An IDB; always carries if_tsresol (default 10^-9). Returns its bytes; its id is interfaceCount - 1 after. */
  interfaceDescription(desc: InterfaceOptions): Uint8Array {
    if (!Number.isInteger(desc.linkType) || desc.linkType < 0 || desc.linkType > 0xffff) {
      throw new RangeError(`link type must fit 16 bits, got ${desc.linkType}`);
    }
    const res = desc.tsResolution ?? NS_RESOLUTION;
    const offsetSeconds = desc.tsOffsetSeconds ?? 0n;
    const w = this.begin(BT_IDB);
    w.u16(desc.linkType).u16(0).u32(desc.snapLen ?? 0);
    const o = new ByteWriter();
    for (const c of desc.comments ?? []) writeOption(o, OPT_COMMENT, utf8(c));
    strOpt(o, IF_NAME, desc.name);
    strOpt(o, IF_DESCRIPTION, desc.description);
    writeOption(o, IF_TSRESOL, Uint8Array.of(encodeTsResol(res)));
    if (desc.filter !== undefined) {
      const f = utf8(desc.filter);
      const v = new Uint8Array(1 + f.length); // kind 0: libpcap filter string
      v.set(f, 1);
      writeOption(o, IF_FILTER, v);
    }
    strOpt(o, IF_OS, desc.os);
    if (desc.fcsLength !== undefined) writeOption(o, IF_FCSLEN, Uint8Array.of(desc.fcsLength));
    if (offsetSeconds !== 0n) writeOption(o, IF_TSOFFSET, new ByteWriter(8).i64(offsetSeconds).toBytes());
    strOpt(o, IF_HARDWARE, desc.hardware);
    this.interfaces.push({
      res,
      nanosecondsNoOffset: res.base === 10 && res.exponent === 9 && offsetSeconds === 0n,
      offsetNs: offsetSeconds * 1_000_000_000n,
    });
    return this.finish(w, o);
  }

  enhancedPacket(p: EnhancedPacketOptions): Uint8Array {
    const iface = this.interfaces[p.interfaceId];
    if (iface === undefined) throw new RangeError(`interface ${p.interfaceId} was not described in this section`);
    const units = p.tsUnits ?? (iface.nanosecondsNoOffset ? p.tsNs : nsToUnits(p.tsNs - iface.offsetNs, iface.res));
    if (units < 0n || units >= U64_LIMIT) throw new RangeError(`timestamp ${p.tsNs} ns does not fit the interface's 64-bit time`);
    const data = p.data;
    const w = this.begin(BT_EPB);
    w.u32(p.interfaceId).u32(Number(units >> 32n)).u32(Number(units & 0xffffffffn));
    w.u32(data.length).u32(p.origLen ?? data.length).bytes(data).pad4();
    const o = new ByteWriter(64);
    for (const c of p.comments ?? []) writeOption(o, OPT_COMMENT, utf8(c));
    if (p.flags !== undefined) o.u16(EPB_FLAGS).u16(4).u32(p.flags >>> 0);
    if (p.dropCount !== undefined) o.u16(EPB_DROPCOUNT).u16(8).u64(p.dropCount);
    if (p.packetId !== undefined) o.u16(EPB_PACKETID).u16(8).u64(p.packetId);
    if (p.queue !== undefined) o.u16(EPB_QUEUE).u16(4).u32(p.queue >>> 0);
    if (p.processId !== undefined || p.threadId !== undefined) {
      o.u16(EPB_PROCESSID_THREADID).u16(8).u32((p.processId ?? 0) >>> 0).u32((p.threadId ?? 0) >>> 0);
    }
    for (const c of p.customOptions ?? []) {
      const v = new Uint8Array(4 + c.data.length);
      new DataView(v.buffer).setUint32(0, c.pen >>> 0, true);
      v.set(c.data, 4);
      writeOption(o, c.code, v);
    }
    if (p.appleProcessIndex !== undefined) o.u16(EPB_APPLE_PIB_INDEX).u16(4).u32(p.appleProcessIndex >>> 0);
    if (p.appleEffectiveProcessIndex !== undefined) o.u16(EPB_APPLE_E_PIB_INDEX).u16(4).u32(p.appleEffectiveProcessIndex >>> 0);
    if (p.rawOptions !== undefined && p.rawOptions.length > 0) {
      if (p.rawOptions.length % 4 !== 0) throw new RangeError('raw options must be padded to 4 bytes');
      o.bytes(p.rawOptions);
    }
    return this.finish(w, o);
  }

  /**
   * An Interface Statistics Block: the interface's counters at `tsNs` (a live capture writes one per
   * interface when it closes a file; counters run from the capture's start, as dumpcap's do).
   */
  interfaceStatistics(s: {
    interfaceId: number; tsNs: bigint; startNs?: bigint; endNs?: bigint; received?: bigint; dropped?: bigint; osDropped?: bigint;
  }): Uint8Array {
    const iface = this.interfaces[s.interfaceId];
    if (iface === undefined) throw new RangeError(`interface ${s.interfaceId} was not described in this section`);
    const units = (ns: bigint): bigint => (iface.nanosecondsNoOffset ? ns : nsToUnits(ns - iface.offsetNs, iface.res));
    const t = units(s.tsNs);
    const w = this.begin(BT_ISB);
    w.u32(s.interfaceId).u32(Number(t >> 32n)).u32(Number(t & 0xffffffffn));
    const o = new ByteWriter(64);
    const time = (code: number, ns: bigint | undefined): void => {
      if (ns === undefined) return;
      const u = units(ns);
      o.u16(code).u16(8).u32(Number(u >> 32n)).u32(Number(u & 0xffffffffn));
    };
    time(ISB_STARTTIME, s.startNs);
    time(ISB_ENDTIME, s.endNs);
    if (s.received !== undefined) o.u16(ISB_IFRECV).u16(8).u64(s.received);
    if (s.dropped !== undefined) o.u16(ISB_IFDROP).u16(8).u64(s.dropped);
    if (s.osDropped !== undefined) o.u16(ISB_OSDROP).u16(8).u64(s.osDropped);
    return this.finish(w, o);
  }

  /** Comments and epb_processid_threadid encoded once, for enhancedPacket's rawOptions (a live capture reuses them per process). */
  static encodeProcessOptions(opts: { comments?: string[]; processId?: number; threadId?: number }): Uint8Array {
    const o = new ByteWriter(128);
    for (const c of opts.comments ?? []) writeOption(o, OPT_COMMENT, utf8(c));
    if (opts.processId !== undefined || opts.threadId !== undefined) {
      o.u16(EPB_PROCESSID_THREADID).u16(8).u32((opts.processId ?? 0) >>> 0).u32((opts.threadId ?? 0) >>> 0);
    }
    return o.toBytes();
  }

  /** A custom block (0xBAD copyable, 0x40000BAD not): PEN then data, padded. */
  customBlock(pen: number, data: Uint8Array, copyable = true): Uint8Array {
    const w = this.begin(copyable ? BT_CB_COPY : BT_CB_NOCOPY);
    w.u32(pen >>> 0).bytes(data).pad4();
    return this.finish(w);
  }

  /**
   * Wireshark's process-information custom block (PEN 32622, entry type 3), which packets refer to
   * by PID via epb_processid_threadid. Write it before the first packet of that process.
   */
  processInfoBlock(info: ProcessInfo): Uint8Array {
    return this.customBlock(PEN_WIRESHARK, encodeWiresharkProcessInfo(info), true);
  }

  /** A Decryption Secrets Block (e.g. 0x544C534B with a TLS key log). */
  decryptionSecrets(secretsType: number, data: Uint8Array): Uint8Array {
    const w = this.begin(BT_DSB);
    w.u32(secretsType >>> 0).u32(data.length).bytes(data).pad4();
    return this.finish(w);
  }

  private begin(type: number): ByteWriter {
    return this.w.reset().u32(type).u32(0); // length patched in finish()
  }

  /** Appends the options (with opt_endofopt) if any, the trailer, and patches the length. */
  private finish(w: ByteWriter, opts?: ByteWriter): Uint8Array {
    if (opts !== undefined && opts.length > 0) {
      w.bytes(opts.toBytes());
      w.u16(OPT_ENDOFOPT).u16(0);
    }
    const total = w.length + 4;
    w.u32(total).setU32(4, total);
    return w.toBytes();
  }
}

function strOpt(o: ByteWriter, code: number, v: string | undefined): void {
  if (v !== undefined) writeOption(o, code, utf8(v));
}
