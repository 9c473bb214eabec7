/**
 * Ingest of one evidence file: read it once, read-only and in chunks, hashing, parsing, decoding and
 * handing frame rows to the bulk writer as it goes. Memory depends on the chunk size and the writer's
 * bounded queue, never on the file size. A fault in the file keeps every frame before it and marks the
 * evidence incomplete with the offset (and frame) of the fault.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, CaptureParser, ProcessContext, type CaptureSink, type FrameRecord, type InterfaceDescription, type SideBlock } from '@wirewho/pcap';
import { summarizeFrame } from '@wirewho/protocols';
import { FramePipeline, type FrameInput } from '@wirewho/reassembly';
import { customBlockRow, frameRow } from './ingest-rows.js';
import { MAX_PDU_HEAD, StreamRecorder } from './stream-recorder.js';
import { attributeFrame, ProcessTable } from './process-table.js';
import {
  appendFrame, createBulkWriter, createFrameBatch, factIndexes, finishProcessStatements, orFrameAnalysis, secondaryIndexes, type CaseIndex, type EvidenceRow, type FrameBatch,
  type FrameRowInput, type InterfaceRow,
} from '@wirewho/index';

export const INGEST_CHUNK_BYTES = 1024 * 1024;

/**
 * Reassembly memory during ingest (the rest of the reassembler's defaults stand): out-of-order data
 * 32 MiB in all, and retransmission-comparison history 64 KiB per direction, 16 MiB in all (a
 * retransmission of older bytes is then not compared, only counted).
 */
export const REASSEMBLY_LIMITS = {
  maxBufferedBytesTotal: 32 * 1024 * 1024,
  historyBytesPerDirection: 64 * 1024,
  maxHistoryBytesTotal: 16 * 1024 * 1024,
} as const;
/** Frames per writer transaction: 8k keeps two batches in flight (strings, facts) small; 16k was no faster. */
const BATCH_FRAMES = 8192;

export interface IngestProgressInfo {
  frames: number;
  bytesRead: number;
  totalBytes: number;
  framesPerSecond: number;
}

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (p: IngestProgressInfo) => void;
  /** Called with the evidence row as soon as it exists (before any frame is indexed). */
  onEvidence?: (e: EvidenceRow) => void;
  /** 'worker' commits on a writer thread; 'inline' on this one. */
  writer?: 'worker' | 'inline';
  progressIntervalMs?: number;
}

export interface IngestResult {
  evidence: EvidenceRow;
  frames: number;
  seconds: number;
  cancelled: boolean;
  /** Settles when the fact index (frame_fields) is built and the writer closed. */
  factIndex: Promise<void>;
}

function tsResolutionText(i: InterfaceDescription): string {
  return `${i.tsResolution.base}^-${i.tsResolution.exponent}`;
}

function interfaceRow(evidenceId: number, i: InterfaceDescription): InterfaceRow {
  return {
    evidenceId, ifaceId: i.id, section: i.section, localId: i.localId, linkType: i.linkType, snapLen: i.snapLen,
    name: i.name ?? null, description: i.description ?? null, filter: i.filter ?? null, os: i.os ?? null,
    tsresol: tsResolutionText(i), tsOffset: Number(i.tsOffsetSeconds), fcsLen: i.fcsLength ?? null,
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function ingestEvidenceFile(index: CaseIndex, filePath: string, options: IngestOptions = {}): Promise<IngestResult> {
  const absolute = path.resolve(filePath);
  const started = performance.now();
  const fd = openSync(absolute, 'r');
  try {
    const size = fstatSync(fd).size;
    const evidence = index.beginEvidence({ path: absolute, size });
    options.onEvidence?.(evidence);
    const firstNumber = index.nextFrameNumber();
    const writer = createBulkWriter(index.dbPath, options.writer ?? 'worker');
    const hash = createHash('sha256');
    const parser = new CaptureParser();

    let batch: FrameBatch = createFrameBatch(evidence.id, BATCH_FRAMES);
    let pendingInterfaces: InterfaceRow[] = [];
    let frames = 0;
    let bytesRead = 0;
    let fault: CaptureFormatError | null = null;
    let cancelled = false;
    const fullBatches: FrameBatch[] = [];

    // One pipeline for every frame: IP defragmentation, tcp.stream/udp.stream numbering, TCP reassembly
    // and PDU framing. Its rows ride with the frame batches (same transactions, same writer thread).
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
    // Process attribution from the file's own metadata (ptcpdump, tcpshark, Apple, pcapng standard).
    const processContext = new ProcessContext();
    const processes = new ProcessTable(evidence.id, index.processes.nextId());
    const input: FrameInput = { number: 0, tsNs: 0n, linkType: 0, data: new Uint8Array(0), origLen: 0 };
    // Record numbers follow Wireshark: pcapng custom blocks are records too (tshark lists them as frames).
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
      // Frames committed with this batch (not those parsed ahead of it): after a crash the evidence
      // row then names the last frame that really is in the index.
      b.framesTotal = b.count > 0 ? b.number[b.count - 1] - firstNumber + 1 : frames;
      b.bytesIndexed = bytesRead;
      await writer.write(b);
    };

    let lastProgress = 0;
    const interval = options.progressIntervalMs ?? 200;
    try {
      for (;;) {
        if (options.signal?.aborted) { cancelled = true; break; }
        const chunk = Buffer.allocUnsafe(INGEST_CHUNK_BYTES);
        const n = readSync(fd, chunk, 0, INGEST_CHUNK_BYTES, bytesRead);
        if (n === 0) break;
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
        for (const b of fullBatches.splice(0)) await sendBatch(b);
        const now = performance.now();
        if (options.onProgress && now - lastProgress >= interval) {
          lastProgress = now;
          options.onProgress({ frames, bytesRead, totalBytes: size, framesPerSecond: frames / ((now - started) / 1000) });
        }
        await yieldToEventLoop();
      }
      if (!fault && !cancelled) {
        try {
          parser.end(sink);
        } catch (err) {
          if (!(err instanceof CaptureFormatError)) throw err;
          fault = err;
        }
      }
      // Flush reassembly (holes become gaps, open streams get their rows), then the final counters.
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
      // Secondary indexes after the bulk load, built on the writer's thread.
      await writer.exec(secondaryIndexes);
      // Streams and untagged frames take their process; per-process figures (SQL, writer's thread).
      if (processes.size > 0) await writer.exec(finishProcessStatements(evidence.id));
    } catch (err) {
      await writer.close();
      index.abandonEvidence(evidence.id);
      throw err;
    }
    if (parser.format) index.setEvidenceFormat(evidence.id, parser.format);

    const sha256 = cancelled ? null : hash.digest('hex');
    let finished: EvidenceRow;
    if (cancelled) {
      finished = index.finishEvidence(evidence.id, {
        status: 'incomplete', sha256, error: `ingest cancelled after ${frames} frames (${bytesRead} of ${size} bytes read)`,
      });
    } else if (fault) {
      finished = index.finishEvidence(evidence.id, {
        status: frames === 0 ? 'failed' : 'incomplete', sha256,
        error: fault.message, errorOffset: fault.offset, errorFrame: fault.frame === undefined ? null : frames + 1,
      });
    } else {
      finished = index.finishEvidence(evidence.id, { status: 'complete', sha256 });
    }
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ frames, bytesRead, totalBytes: size, framesPerSecond: frames / Math.max(seconds, 1e-9) });
    // The fact index (frame_fields by field and value: millions of rows on DNS-heavy captures) is
    // built after the ingest reports back, still on the writer's thread; the evidence is complete and
    // queryable meanwhile (fact queries scan until it exists).
    // Its sort spills to temporary files rather than memory (the writer's temp_store; RSS stays flat).
    const factIndex = writer.exec([...factIndexes]).finally(() => writer.close());
    factIndex.catch(() => {});
    return { evidence: finished, frames, seconds, cancelled, factIndex };
  } finally {
    closeSync(fd);
  }
}
