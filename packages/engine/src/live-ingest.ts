/**
 * Live ingest: index a capture file while it is still being written (a live capture's current
 * pcapng, or a copy of a pcap/pcapng stream arriving on stdin). Same pipeline as ingest.ts — parser,
 * decoder, reassembly, process attribution, bulk writer — but the read loop waits for the file to
 * grow instead of ending at its current end, and partial batches are committed at least every
 * `flushMs`, so the UI sees frames within a fraction of a second. The file is the evidence: bytes are
 * read back from it by offset, and its SHA-256 is taken over exactly what was indexed.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, CaptureParser, ProcessContext, type CaptureSink, type FrameRecord, type InterfaceDescription, type SideBlock } from '@wirewho/pcap';
import { summarizeFrame } from '@wirewho/protocols';
import { FramePipeline, type FrameInput } from '@wirewho/reassembly';
import {
  appendFrame, createBulkWriter, createFrameBatch, factIndexes, finishProcessStatements, orFrameAnalysis, secondaryIndexes, type CaseIndex,
  type EvidenceRow, type FrameBatch, type FrameRowInput, type InterfaceRow,
} from '@wirewho/index';
import { customBlockRow, frameRow } from './ingest-rows.js';
import { REASSEMBLY_LIMITS, type IngestResult } from './ingest.js';
import { attributeFrame, ProcessTable } from './process-table.js';
import { MAX_PDU_HEAD, StreamRecorder } from './stream-recorder.js';

const CHUNK_BYTES = 4 * 1024 * 1024;
const BATCH_FRAMES = 16_384;

/** A file someone else is appending to. */
export interface GrowingFile {
  /** Bytes of the file that are completely written (never a torn write's tail). */
  readonly size: number;
  /** True once nothing more will be appended. */
  readonly final: boolean;
  /** Resolves when size grows or the file becomes final (may resolve early: callers re-check). */
  changed(): Promise<void>;
}

export interface LiveIngestProgress {
  frames: number;
  bytesRead: number;
  framesPerSecond: number;
}

export interface LiveIngestOptions {
  signal?: AbortSignal;
  writer?: 'worker' | 'inline';
  /** Longest a parsed frame waits before it is committed (default 250 ms). */
  flushMs?: number;
  onEvidence?: (e: EvidenceRow) => void;
  /** After each commit: the frames now in the index for this file. */
  onProgress?: (p: LiveIngestProgress) => void;
}

function interfaceRow(evidenceId: number, i: InterfaceDescription): InterfaceRow {
  return {
    evidenceId, ifaceId: i.id, section: i.section, localId: i.localId, linkType: i.linkType, snapLen: i.snapLen,
    name: i.name ?? null, description: i.description ?? null, filter: i.filter ?? null, os: i.os ?? null,
    tsresol: `${i.tsResolution.base}^-${i.tsResolution.exponent}`, tsOffset: Number(i.tsOffsetSeconds), fcsLen: i.fcsLength ?? null,
  };
}

/** A GrowingFile fed by whoever writes it (the capture session, the stdin copier). */
export class GrowingFileState implements GrowingFile {
  size = 0;
  final = false;
  private waiters: (() => void)[] = [];

  grow(size: number): void {
    if (size > this.size) this.size = size;
    this.wake();
  }

  finish(size = this.size): void {
    this.size = Math.max(this.size, size);
    this.final = true;
    this.wake();
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export async function ingestGrowingFile(index: CaseIndex, filePath: string, source: GrowingFile, options: LiveIngestOptions = {}): Promise<IngestResult> {
  const absolute = path.resolve(filePath);
  const started = performance.now();
  const fd = openSync(absolute, 'r');
  try {
    const evidence = index.beginEvidence({ path: absolute, size: source.size });
    options.onEvidence?.(evidence);
    const firstNumber = index.nextFrameNumber();
    const writer = createBulkWriter(index.dbPath, options.writer ?? 'worker');
    const hash = createHash('sha256');
    const parser = new CaptureParser();
    const flushMs = options.flushMs ?? 250;

    let batch: FrameBatch = createFrameBatch(evidence.id, BATCH_FRAMES);
    let pendingInterfaces: InterfaceRow[] = [];
    let frames = 0;
    let committed = 0;
    let bytesRead = 0;
    let fault: CaptureFormatError | null = null;
    let cancelled = false;
    const fullBatches: FrameBatch[] = [];

    const recorder = new StreamRecorder(() => batch.side, index.nextSegmentOrd(), (frame, flags) => {
      if (orFrameAnalysis(batch, frame, flags)) return;
      for (const b of fullBatches) if (orFrameAnalysis(b, frame, flags)) return;
      batch.side.flagUpdates.push([frame, flags]);
    }, (offset, length) => {
      const out = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return out.subarray(0, done);
    });
    const pipeline = new FramePipeline(recorder.pipelineSink(), {
      pduProtocolFor: recorder.pduProtocolFor, pduSink: recorder.pduSink, pdu: { maxPduLength: MAX_PDU_HEAD }, tcp: REASSEMBLY_LIMITS,
    });
    // Frames of a live capture carry their process in the EPB (ptcpdump comments, processid + process-info block).
    const processContext = new ProcessContext();
    const processes = new ProcessTable(evidence.id, index.processes.nextId());
    const input: FrameInput = { number: 0, tsNs: 0n, linkType: 0, data: new Uint8Array(0), origLen: 0 };
    const add = (row: FrameRowInput) => {
      if (appendFrame(batch, row)) {
        fullBatches.push(batch);
        batch = createFrameBatch(evidence.id, BATCH_FRAMES);
      }
    };
    const sink: CaptureSink = {
      onInterface(iface) { pendingInterfaces.push(interfaceRow(evidence.id, iface)); processContext.addInterface(iface); },
      onFrame(f: FrameRecord) {
        frames++;
        const number = firstNumber + frames - 1;
        const s = summarizeFrame(f.linkType, f.data, f.origLen);
        recorder.beginFrame(number, f.data, f.dataOffset);
        input.number = number;
        input.tsNs = f.tsNs;
        input.linkType = f.linkType;
        input.data = f.data;
        input.origLen = f.origLen;
        const v = pipeline.push(input);
        const ports = s.ipFragment
          ? recorder.fragmentPorts(v, s.srcPort === undefined ? null : { srcPort: s.srcPort, dstPort: s.dstPort! })
          : undefined;
        const row = frameRow(number, f, s, ports);
        if (v.tcpStream >= 0) row.tcpStream = v.tcpStream;
        if (v.udpStream >= 0) row.udpStream = v.udpStream;
        if (v.tcpStream >= 0 || v.udpStream >= 0) row.direction = v.direction;
        row.tcpAnalysis = v.tcpFlags | recorder.curLateFlags;
        recorder.endFrame(v, f.origLen, s);
        attributeFrame(processes, processContext, f, row);
        add(row);
      },
      onSideBlock(b: SideBlock) {
        processContext.addSideBlock(b);
        if (b.kind !== 'custom') return;
        frames++;
        add(customBlockRow(firstNumber + frames - 1, b));
      },
    };

    const sendBatch = async (b: FrameBatch) => {
      b.interfaces = pendingInterfaces;
      b.side.processes = processes.drain();
      b.side.fields.names = recorder.fieldNames.names;
      pendingInterfaces = [];
      b.framesTotal = b.count > 0 ? b.number[b.count - 1] - firstNumber + 1 : committed;
      b.bytesIndexed = bytesRead;
      committed = b.framesTotal;
      await writer.write(b);
    };
    const progress = () => options.onProgress?.({
      frames: committed, bytesRead, framesPerSecond: committed / Math.max((performance.now() - started) / 1000, 1e-9),
    });

    let lastFlush = performance.now();
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    try {
      for (;;) {
        if (options.signal?.aborted) { cancelled = true; break; }
        const available = source.size - bytesRead;
        const final = source.final;
        if (available > 0) {
          const n = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, available), bytesRead);
          if (n === 0) throw new Error(`${absolute}: the file shrank while it was being indexed`);
          const view = chunk.subarray(0, n);
          hash.update(view);
          bytesRead += n;
          if (!fault) {
            try {
              parser.push(view, sink);
            } catch (err) {
              if (!(err instanceof CaptureFormatError)) throw err;
              fault = err;
            }
          }
        }
        for (const b of fullBatches.splice(0)) await sendBatch(b);
        const caughtUp = source.size === bytesRead;
        if (caughtUp && final) break;
        // Commit what is parsed when the writer is idle or it has waited long enough: the UI follows.
        if (batch.count > 0 && (caughtUp || performance.now() - lastFlush >= flushMs)) {
          await sendBatch(batch);
          batch = createFrameBatch(evidence.id, BATCH_FRAMES);
          lastFlush = performance.now();
          progress();
        }
        if (caughtUp) {
          // Wait for more bytes; wake up regardless now and then to honour cancellation.
          await Promise.race([source.changed(), new Promise((r) => setTimeout(r, flushMs))]);
        } else {
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      if (!fault && !cancelled) {
        try {
          parser.end(sink);
        } catch (err) {
          if (!(err instanceof CaptureFormatError)) throw err;
          fault = err;
        }
      }
      pipeline.end();
      recorder.finishUdp();
      for (const fill of recorder.finalCounters()) {
        fill(batch.side);
        fullBatches.push(batch);
        batch = createFrameBatch(evidence.id, 0);
      }
      batch.side.finishStreams = true;
      for (const b of fullBatches.splice(0)) await sendBatch(b);
      await sendBatch(batch);
      await writer.flush();
      await writer.exec(secondaryIndexes);
      if (processes.size > 0) await writer.exec(finishProcessStatements(evidence.id));
    } catch (err) {
      await writer.close();
      throw err;
    }
    if (parser.format) index.setEvidenceFormat(evidence.id, parser.format);
    index.setEvidenceSize(evidence.id, bytesRead);
    const sha256 = hash.digest('hex');
    let finished: EvidenceRow;
    if (cancelled) {
      finished = index.finishEvidence(evidence.id, { status: 'incomplete', sha256, error: `live ingest stopped after ${frames} frames (${bytesRead} bytes)` });
    } else if (fault) {
      finished = index.finishEvidence(evidence.id, {
        status: frames === 0 ? 'failed' : 'incomplete', sha256,
        error: fault.message, errorOffset: fault.offset, errorFrame: fault.frame === undefined ? null : frames + 1,
      });
    } else {
      finished = index.finishEvidence(evidence.id, { status: 'complete', sha256 });
    }
    progress();
    const seconds = (performance.now() - started) / 1000;
    const factIndex = writer.exec([...factIndexes]).finally(() => writer.close());
    factIndex.catch(() => {});
    return { evidence: finished, frames, seconds, cancelled, factIndex };
  } finally {
    closeSync(fd);
  }
}
