/**
 * Export Specified Packets: writes chosen frames of a case to a new capture file with their original
 * bytes, timestamps and interfaces. pcapng copies each source EPB's timestamp units and options as
 * they were (little-endian sources; otherwise what the index kept), repeats the source IDBs, and adds
 * the frame's process as ptcpdump comment lines, epb_processid_threadid and Wireshark's
 * process-information block, plus the analyst's notes as opt_comment. pcap keeps bytes and
 * timestamps only, and says so. The file appears only when complete (AtomicFile).
 */
import { ApiError } from '@wirewho/contract';
import type { CaseIndex, EvidenceRow, FrameRowDb, InterfaceRowDb, ProcessRowDb } from '@wirewho/index';
import {
  copyEpbOptions, EPB_HEADER_BYTES, parsePtcpdumpComments, PcapngWriter, PcapWriter, readEpbBlock, readEpbHead,
  type CopiedOptions, type InterfaceDescription, type TsResolution,
} from '@wirewho/pcap';
import { AtomicFile } from './atomic-file.js';
import type { EvidenceAccess } from './evidence-access.js';
import { processComments, processInfoOf } from './export-process-metadata.js';
import { readSourceInterfaces } from './source-interfaces.js';
import { storedTsNs } from './timestamps.js';

export type ExportFormat = 'pcapng' | 'pcap';

export interface PacketExportOptions {
  out: string;
  format?: ExportFormat;
  /** Replace an existing file (refused otherwise). */
  force?: boolean;
  /** Analyst notes by frame number, written as opt_comment. */
  notes?: ReadonlyMap<number, readonly string[]>;
  /** Wireshark process-information blocks (default on; Wireshark 4.0 lists each as a record). */
  processBlocks?: boolean;
  userAppl?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface PacketExportResult {
  path: string;
  format: ExportFormat;
  /** Frames written (EPBs / pcap records). */
  frames: number;
  /** Other records written (pcapng custom blocks that were frames of the case). */
  records: number;
  bytes: number;
  sha256: string;
  firstTsNs: string | null;
  lastTsNs: string | null;
  attributedFrames: number;
  /** Process instances whose frames were written. */
  processes: number;
  processBlocks: number;
  notes: number;
  notices: string[];
}

/** Options that point at blocks an export does not copy (Apple PIB indexes). */
const DROPPED_OPTIONS = new Set([0x8001, 0x8003]);
const EPB_PROCESSID_THREADID = 8;
/** Bytes read past a frame's data for its options, in the same read. */
const OPTION_SLACK = 256;
const YIELD_EVERY = 512;
const BATCH = 512;

export async function exportPackets(
  index: CaseIndex, access: EvidenceAccess, numbers: ArrayLike<number>, opts: PacketExportOptions,
): Promise<PacketExportResult> {
  const format = opts.format ?? 'pcapng';
  const file = new AtomicFile(opts.out, { force: opts.force });
  try {
    const writer = format === 'pcapng' ? new PcapngExport(index, access, file, opts) : new PcapExport(index, access, file);
    let done = 0;
    for (const rows of frameRows(index, numbers)) {
      for (const row of rows) {
        writer.frame(row, opts.notes?.get(row.number));
        if (++done % YIELD_EVERY === 0) {
          opts.onProgress?.(done, numbers.length);
          await new Promise<void>((r) => setImmediate(r));
          if (opts.signal?.aborted) throw new ApiError('invalid-argument', 'export cancelled');
        }
      }
    }
    if (numbers.length === 0 && format === 'pcap') throw new ApiError('invalid-argument', 'no frames selected: a pcap file needs at least one to know its link type');
    writer.finish();
    const { sha256, bytes } = file.commit({ force: opts.force });
    opts.onProgress?.(done, numbers.length);
    return { path: file.target, format, bytes, sha256, ...writer.stats() };
  } catch (e) {
    file.abort();
    throw e;
  }
}

/** The rows of `numbers` (ascending) in batches: dense runs are read as ranges, sparse ones one by one. */
function* frameRows(index: CaseIndex, numbers: ArrayLike<number>): Generator<FrameRowDb[]> {
  for (let i = 0; i < numbers.length; i += BATCH) {
    const end = Math.min(numbers.length, i + BATCH);
    const first = numbers[i];
    const span = numbers[end - 1] - first + 1;
    if (span <= 4 * (end - i)) {
      const wanted = new Set<number>();
      for (let k = i; k < end; k++) wanted.add(numbers[k]);
      yield index.framesInRange(first, span).filter((r) => wanted.has(r.number));
    } else {
      const rows: FrameRowDb[] = [];
      for (let k = i; k < end; k++) {
        const r = index.frame(numbers[k]);
        if (r) rows.push(r);
      }
      yield rows;
    }
  }
}

interface Stats {
  frames: number;
  records: number;
  firstTsNs: string | null;
  lastTsNs: string | null;
  attributedFrames: number;
  processes: number;
  processBlocks: number;
  notes: number;
  notices: string[];
}

abstract class ExportWriter {
  protected frames = 0;
  protected records = 0;
  protected attributed = 0;
  protected noteCount = 0;
  protected readonly notices: string[] = [];
  private first: bigint | null = null;
  private last: bigint | null = null;
  protected readonly processRows = new Map<number, ProcessRowDb | null>();

  constructor(protected readonly index: CaseIndex, protected readonly access: EvidenceAccess, protected readonly file: AtomicFile) {}

  abstract frame(row: FrameRowDb, notes: readonly string[] | undefined): void;
  abstract finish(): void;

  protected seenTs(row: FrameRowDb): bigint | null {
    const ts = storedTsNs(row);
    if (ts !== null) {
      if (this.first === null || ts < this.first) this.first = ts;
      if (this.last === null || ts > this.last) this.last = ts;
    }
    return ts;
  }

  protected processOf(row: FrameRowDb): ProcessRowDb | null {
    if (row.processId === null) return null;
    let p = this.processRows.get(row.processId);
    if (p === undefined) {
      p = this.index.processes.get(row.processId) ?? null;
      this.processRows.set(row.processId, p);
    }
    return p;
  }

  protected processBlockCount(): number {
    return 0;
  }

  stats(): Stats {
    return {
      frames: this.frames, records: this.records, firstTsNs: this.first?.toString() ?? null, lastTsNs: this.last?.toString() ?? null,
      attributedFrames: this.attributed, processes: [...this.processRows.values()].filter((p) => p !== null).length,
      processBlocks: this.processBlockCount(), notes: this.noteCount, notices: this.notices,
    };
  }
}

function isCustomBlockRecord(row: FrameRowDb): boolean {
  return row.ifaceId < 0;
}

/** "10^-9" / "2^-20" as the index stores if_tsresol. */
function parseTsResol(text: string): TsResolution {
  const m = /^(10|2)\^-(\d+)$/.exec(text);
  if (!m) return { base: 10, exponent: 6 };
  return { base: m[1] === '2' ? 2 : 10, exponent: Number(m[2]) };
}

function descFromRow(r: InterfaceRowDb): InterfaceDescription {
  return {
    id: r.ifaceId, section: r.section, localId: r.localId, linkType: r.linkType, snapLen: r.snaplen, name: r.name ?? undefined,
    description: r.description ?? undefined, filter: r.filter ?? undefined, os: r.os ?? undefined, tsResolution: parseTsResol(r.tsresol),
    tsOffsetSeconds: BigInt(r.tsoffset), fcsLength: r.fcsLen ?? undefined, comments: [],
  };
}

class PcapngExport extends ExportWriter {
  private readonly w = new PcapngWriter();
  /** "evidence:iface" → interface id in the output section. */
  private readonly ifaceOut = new Map<string, number>();
  private readonly sourceIfaces = new Map<number, InterfaceDescription[]>();
  private readonly pibWritten = new Set<number>();

  constructor(index: CaseIndex, access: EvidenceAccess, file: AtomicFile, private readonly opts: PacketExportOptions) {
    super(index, access, file);
    file.write(this.w.sectionHeader({ userAppl: opts.userAppl ?? 'Wirewho' }));
  }

  protected override processBlockCount(): number {
    return this.pibWritten.size;
  }

  /**
   * The output interface of a frame. The first frame of an evidence file brings all of that file's
   * IDBs, in its order, so a one-file export keeps Wireshark's frame.interface_id.
   */
  private outInterface(e: EvidenceRow, row: FrameRowDb): number {
    const key = `${e.id}:${row.ifaceId}`;
    const id = this.ifaceOut.get(key);
    if (id !== undefined) return id;
    if (!this.sourceIfaces.has(e.id)) {
      const known = this.index.interfaces(e.id);
      let list = readSourceInterfaces(e.path, known.length);
      // Should the file no longer show them, the index's copy (without comments or hardware) serves.
      if (list.length < known.length) list = known.map(descFromRow);
      this.sourceIfaces.set(e.id, list);
      for (const desc of list) {
        this.file.write(this.w.interfaceDescription(desc));
        this.ifaceOut.set(`${e.id}:${desc.id}`, this.w.interfaceCount - 1);
      }
    }
    const again = this.ifaceOut.get(key);
    if (again !== undefined) return again;
    this.file.write(this.w.interfaceDescription(descFromRow(this.access.iface(e.id, row.ifaceId)!)));
    this.ifaceOut.set(key, this.w.interfaceCount - 1);
    return this.w.interfaceCount - 1;
  }

  /** The frame's own EPB from the evidence, when it is one. */
  private sourceBlock(e: EvidenceRow, row: FrameRowDb): { block: Uint8Array; epb: NonNullable<ReturnType<typeof readEpbBlock>> } | null {
    if (e.format !== 'pcapng') return null;
    const start = row.fileOffset - EPB_HEADER_BYTES;
    if (start < 0) return null;
    let len = Math.min(EPB_HEADER_BYTES + ((row.capLen + 3) & ~3) + 4 + OPTION_SLACK, e.size - start);
    let block = this.access.readEvidence(e.path, start, len);
    const head = readEpbHead(block);
    if (head === null) return null;
    if (head.totalLength > len) {
      len = head.totalLength;
      block = this.access.readEvidence(e.path, start, len);
    }
    const epb = readEpbBlock(block);
    if (epb === null || epb.capLen !== row.capLen) return null;
    return { block, epb };
  }

  frame(row: FrameRowDb, notes: readonly string[] | undefined): void {
    const e = this.access.evidence(row.evidenceId);
    if (isCustomBlockRecord(row)) {
      this.customBlock(e, row);
      return;
    }
    const interfaceId = this.outInterface(e, row);
    const ts = this.seenTs(row);
    const src = this.sourceBlock(e, row);
    const data = src ? src.block.subarray(EPB_HEADER_BYTES, EPB_HEADER_BYTES + row.capLen) : this.access.frameBytes(row);
    let copied: CopiedOptions | null = null;
    if (src?.epb.le) copied = copyEpbOptions(src.block, src.epb, DROPPED_OPTIONS);
    const original = copied ? copied.comments : row.comments ? (JSON.parse(row.comments) as string[]) : [];
    const comments = copied ? [] : [...original];
    const p = this.processOf(row);
    let processId: number | undefined;
    if (p !== null) {
      this.attributed++;
      if (parsePtcpdumpComments(original)?.pid !== p.pid) comments.push(...processComments(p));
      if (!copied?.codes.includes(EPB_PROCESSID_THREADID)) processId = p.pid;
      if (this.opts.processBlocks !== false && !this.pibWritten.has(p.id)) {
        this.file.write(this.w.processInfoBlock(processInfoOf(p)));
        this.pibWritten.add(p.id);
      }
    }
    if (notes !== undefined && notes.length > 0) {
      comments.push(...notes);
      this.noteCount += notes.length;
    }
    this.file.write(this.w.enhancedPacket({
      interfaceId, tsNs: ts ?? 0n, tsUnits: src?.epb.tsUnits, data, origLen: row.origLen, comments,
      flags: copied ? undefined : row.epbFlags ?? undefined, processId, rawOptions: copied?.bytes,
    }));
    this.frames++;
  }

  /** A custom block that was a record of the case is written again as that block. */
  private customBlock(e: EvidenceRow, row: FrameRowDb): void {
    const head = this.access.readEvidence(e.path, row.fileOffset - 12, 12);
    const dv = new DataView(head.buffer, head.byteOffset, 12);
    const le = (dv.getUint32(0, true) & 0xffff) === 0x0bad;
    const type = dv.getUint32(0, le);
    const pen = dv.getUint32(8, le);
    this.file.write(this.w.customBlock(pen, this.access.readEvidence(e.path, row.fileOffset, row.capLen), type === 0x00000bad));
    this.records++;
  }

  finish(): void {}
}

class PcapExport extends ExportWriter {
  private writer: PcapWriter | null = null;
  private linkType = -1;
  private skipped = 0;
  private lostProcess = 0;
  private lostComments = 0;

  frame(row: FrameRowDb, notes: readonly string[] | undefined): void {
    if (isCustomBlockRecord(row)) {
      this.skipped++;
      return;
    }
    const iface = this.access.iface(row.evidenceId, row.ifaceId);
    const linkType = iface?.linkType ?? -1;
    if (this.writer === null) this.start(linkType);
    if (linkType !== this.linkType) {
      throw new ApiError('invalid-argument', `frame ${row.number} has link type ${linkType} but the pcap file is ${this.linkType}: pcap holds one link type, export as pcapng`);
    }
    const ts = this.seenTs(row);
    if (ts === null) throw new ApiError('invalid-argument', `frame ${row.number} has no timestamp, which pcap cannot express: export as pcapng`);
    if (this.processOf(row) !== null) { this.attributed++; this.lostProcess++; }
    if (row.comments) this.lostComments += (JSON.parse(row.comments) as string[]).length;
    if (notes) this.lostComments += notes.length;
    this.file.write(this.writer!.packet(ts, this.access.frameBytes(row), row.origLen));
    this.frames++;
  }

  private start(linkType: number): void {
    const all = this.index.listEvidence().flatMap((e) => this.index.interfaces(e.id));
    // ns records when any interface of the case is finer than µs, so no timestamp is cut.
    const nanosecond = all.some((i) => {
      const r = parseTsResol(i.tsresol);
      return r.base === 10 ? r.exponent > 6 : r.exponent > 19;
    });
    const snapLen = all.reduce((m, i) => Math.max(m, i.snaplen === 0 ? 262144 : i.snaplen), 0) || 262144;
    const fcs = all.find((i) => i.linkType === linkType)?.fcsLen ?? undefined;
    this.linkType = linkType;
    this.writer = new PcapWriter({ nanosecond, linkType, snapLen, fcsLength: fcs === undefined || fcs % 2 !== 0 ? undefined : fcs });
    this.file.write(this.writer.header());
  }

  finish(): void {
    this.notices.push('pcap cannot carry process metadata or comments: '
      + `${this.lostProcess} frame(s) lost their process attribution and ${this.lostComments} comment(s) were left out (export as pcapng to keep them)`);
    if (this.skipped > 0) this.notices.push(`${this.skipped} pcapng custom block record(s) have no pcap form and were left out`);
  }
}

