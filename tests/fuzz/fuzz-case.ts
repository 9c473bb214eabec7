/**
 * One fuzz case: a (mutated) capture through what ingest runs, in memory — reader, frame summary,
 * detail tree, IP defragmentation, TCP/UDP reassembly and the application protocols' PDU framing
 * (built-in DNS/HTTP/TLS and, per profile, the example user dissectors: declarative specs and the Lua
 * sandbox) via the engine's StreamRecorder. A case ends either cleanly or with a typed
 * CaptureFormatError that names an offset; anything else is a bug.
 */
import { CaptureFormatError, CaptureParser, type CaptureSink } from '@wirewho/pcap';
import { dissectFrame, summarizeFrame } from '@wirewho/protocols';
import { FramePipeline, type FrameInput } from '@wirewho/reassembly';
import { createSideRows, type SideRows } from '@wirewho/index';
import { MAX_PDU_HEAD, REASSEMBLY_LIMITS, setUserProtocols, StreamRecorder } from '@wirewho/engine';
import type { UserProtocol } from '@wirewho/dissectors';

export interface CaseOutcome {
  frames: number;
  /** PDUs the application protocols (built-in or user) produced, and how many per protocol. */
  pdus: number;
  byProtocol: Record<string, number>;
  /** The typed fault, when the input was rejected part-way. */
  fault?: { code: string; offset: number };
  ms: number;
}

const CHUNK = 64 * 1024;
/** Side rows are dropped after this many segments, as ingest hands a batch to its writer. */
const SIDE_ROWS_KEPT = 4096;

export function runCase(bytes: Uint8Array, userProtocols: readonly UserProtocol[] = []): CaseOutcome {
  const t0 = performance.now();
  setUserProtocols(userProtocols);
  let side: SideRows = createSideRows(256);
  let pdus = 0;
  const byProtocol: Record<string, number> = {};
  const recorder = new StreamRecorder(() => side, 0, () => {}, (offset, length) => bytes.subarray(offset, offset + length));
  const pipeline = new FramePipeline(recorder.pipelineSink(), {
    pduProtocolFor: recorder.pduProtocolFor, pduSink: recorder.pduSink, pdu: { maxPduLength: MAX_PDU_HEAD }, tcp: REASSEMBLY_LIMITS,
  });
  const flush = () => {
    pdus += side.pdus.length;
    for (const row of side.pdus) byProtocol[row[3]] = (byProtocol[row[3]] ?? 0) + 1;
    side = createSideRows(256);
  };
  const input: FrameInput = { number: 0, tsNs: 0n, linkType: 0, data: new Uint8Array(0), origLen: 0 };
  let frames = 0;
  const sink: CaptureSink = {
    onInterface() {},
    onFrame(f) {
      frames++;
      const s = summarizeFrame(f.linkType, f.data, f.origLen);
      if (s.info === undefined) throw new Error('summary without info');
      if (f.dataOffset < 0 || f.dataOffset + f.data.length > bytes.length) throw new Error(`frame ${f.number} data outside the file`);
      recorder.beginFrame(f.number, f.data, f.dataOffset);
      input.number = f.number;
      input.tsNs = f.tsNs;
      input.linkType = f.linkType;
      input.data = f.data;
      input.origLen = f.origLen;
      const v = pipeline.push(input);
      if (s.ipFragment) recorder.fragmentPorts(v, s.srcPort === undefined ? null : { srcPort: s.srcPort, dstPort: s.dstPort! });
      recorder.endFrame(v, f.origLen, s);
      if (side.segCount > SIDE_ROWS_KEPT) flush();
      if (frames % 7 === 1) {
        dissectFrame(f.data, { number: f.number, linkType: f.linkType, tsNs: f.tsNs, capLen: f.capLen, origLen: f.origLen, interfaceId: f.interfaceId });
      }
    },
  };
  const parser = new CaptureParser();
  let fault: CaseOutcome['fault'];
  try {
    for (let o = 0; o < bytes.length; o += CHUNK) parser.push(bytes.subarray(o, o + CHUNK), sink);
    parser.end(sink);
  } catch (err) {
    if (!(err instanceof CaptureFormatError)) throw err;
    if (!Number.isInteger(err.offset) || err.offset < 0 || err.offset > bytes.length) {
      throw new Error(`fault offset ${err.offset} outside the file (${bytes.length} bytes)`, { cause: err });
    }
    fault = { code: err.code, offset: err.offset };
  }
  pipeline.end();
  recorder.finishUdp();
  for (const fill of recorder.finalCounters()) fill(side);
  flush();
  return { frames, pdus, byProtocol, fault, ms: performance.now() - t0 };
}
