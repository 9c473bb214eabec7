/**
 * Ingest of one evidence file: read it once, read-only and in chunks, hashing, parsing, decoding and
 * handing frame rows to the bulk writer as it goes. Memory depends on the chunk size and the writer's
 * bounded queue, never on the file size. A fault in the file keeps every frame before it and marks the
 * evidence incomplete with the offset (and frame) of the fault.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, CaptureParser, type CaptureSink, type FrameRecord, type InterfaceDescription, type SideBlock } from '@wirewho/pcap';
import { summarizeFrame } from '@wirewho/protocols';
import { customBlockRow, frameRow } from './ingest-rows.js';
import { FragmentPorts } from './fragment-ports.js';
import {
  appendFrame, createBulkWriter, createFrameBatch, type CaseIndex, type EvidenceRow, type FrameBatch, type FrameRowInput, type InterfaceRow,
} from '@wirewho/index';

export const INGEST_CHUNK_BYTES = 4 * 1024 * 1024;
const BATCH_FRAMES = 16_384;

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

    const fragments = new FragmentPorts();
    // Record numbers follow Wireshark: pcapng custom blocks are records too (tshark lists them as frames).
    const add = (row: FrameRowInput) => {
      if (appendFrame(batch, row)) {
        fullBatches.push(batch);
        batch = createFrameBatch(evidence.id, BATCH_FRAMES);
      }
    };
    const sink: CaptureSink = {
      onInterface(iface) { pendingInterfaces.push(interfaceRow(evidence.id, iface)); },
      onFrame(f: FrameRecord) {
        frames++;
        const s = summarizeFrame(f.linkType, f.data, f.origLen);
        const ports = s.ipFragment
          ? fragments.portsFor(f, s.srcPort === undefined ? null : { srcPort: s.srcPort, dstPort: s.dstPort! })
          : undefined;
        add(frameRow(firstNumber + frames - 1, f, s, ports));
      },
      onSideBlock(b: SideBlock) {
        if (b.kind !== 'custom') return;
        frames++;
        add(customBlockRow(firstNumber + frames - 1, b));
      },
    };

    const sendBatch = async (b: FrameBatch) => {
      b.interfaces = pendingInterfaces;
      pendingInterfaces = [];
      b.framesTotal = frames;
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
      for (const b of fullBatches.splice(0)) await sendBatch(b);
      await sendBatch(batch);
      await writer.flush();
    } finally {
      await writer.close();
    }
    if (parser.format) index.setEvidenceFormat(evidence.id, parser.format);
    index.buildSecondaryIndexes();

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
    return { evidence: finished, frames, seconds, cancelled };
  } finally {
    closeSync(fd);
  }
}
