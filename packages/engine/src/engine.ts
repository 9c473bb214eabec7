/**
 * The engine behind the contract: one open case, its ingest jobs and its queries. The desktop main
 * process, `wirewho serve` and the tests all drive this same object.
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ApiError, type CaseSummary, type DataSourceDto, type EventName, type EventPayloads, type EventSource, type EvidenceDto,
  type FrameDetail, type FramePage, type IngestJob, type RequestArgs, type SaveStreamArgs, type WirewhoService,
} from '@wirewho/contract';
import { CaseIndex, type EvidenceRow } from '@wirewho/index';
import { dissectFrame } from '@wirewho/protocols';
import { EvidenceAccess } from './evidence-access.js';
import { assertWritableOutput } from './output-guard.js';
import { frameInfos } from './frame-info.js';
import { toFrameRow } from './frame-rows.js';
import { storedTsNs } from './timestamps.js';
import { ingestEvidenceFile, type IngestResult } from './ingest.js';
import { StreamService } from './stream-service.js';
import { ProcessService } from './process-service.js';
import { FrameFilter } from './frame-filter.js';
import { recordImport } from './custody.js';
import { CaseworkService } from './casework-service.js';
import { PduDetail } from './pdu-detail.js';
import { ReassembledDatagrams } from './reassembled-datagrams.js';
import { TcpStreamLayers } from './tcp-stream-layers.js';
import { markReassembledIn, withReassembledDatagram } from './datagram-detail.js';
import { DissectorService } from './dissector-service.js';
import { recordUserDissectors, registerCaseDissectorFields } from './user-dissectors.js';
import { CaptureService } from './live-capture-service.js';

export interface EngineOptions {
  caseDir: string;
  writer?: 'worker' | 'inline';
  /** Time limit of the display-filter queries the API runs (packet list, count, Find, Go to), in ms. */
  filterTimeLimitMs?: number;
}

/** Long enough for a count over tens of millions of frames, short enough not to leave the analyst waiting. */
export const FILTER_TIME_LIMIT_MS = 10_000;

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export function toEvidenceDto(e: EvidenceRow): EvidenceDto {
  return {
    id: e.id, path: e.path, size: e.size, sha256: e.sha256 ?? '', format: e.format ?? 'unknown', status: e.status,
    frameCount: e.frameCount, firstTsNs: e.firstTsNs, lastTsNs: e.lastTsNs, error: e.error, importedAt: e.importedAt,
  };
}

interface RunningJob {
  jobId: string;
  path: string;
  controller: AbortController;
  done: Promise<IngestResult | null>;
}

export class Engine implements EventSource {
  readonly index: CaseIndex;
  readonly service: WirewhoService;
  private readonly listeners = new Set<Listener>();
  readonly access: EvidenceAccess;
  readonly streams: StreamService;
  readonly processes: ProcessService;
  /** Display filters over this case (compiled to SQL on the index connection). */
  readonly filter: FrameFilter;
  /** Export Specified Packets, annotations and the custody log (the contract's casework requests). */
  readonly casework: CaseworkService;
  /** User dissectors' PDUs in the detail tree. */
  private readonly pduDetail: PduDetail;
  private readonly datagrams: ReassembledDatagrams;
  private readonly tcpLayers: TcpStreamLayers;
  /** The dissector folder and its files (the Dissectors view). */
  readonly dissectors: DissectorService;
  /** Live capture and "Capture from command…" into this case. */
  readonly capture: CaptureService;
  private job: RunningJob | null = null;
  private firstTs: bigint | null = null;
  /** Work an ingest left running (the fact index build). */
  private background: Promise<void> = Promise.resolve();

  constructor(private readonly options: EngineOptions) {
    this.index = CaseIndex.open(options.caseDir);
    this.access = new EvidenceAccess(this.index);
    this.service = {
      caseSummary: async (a) => this.caseSummary(a),
      framesPage: async (a) => this.framesPage(a),
      frameDetail: async (a) => this.frameDetail(a),
      openEvidence: async (a) => this.openEvidence(a),
      cancelIngest: async (a) => ({ cancelled: this.cancel(a.jobId) }),
      streamsPage: async (a) => this.streams.streamsPage(a),
      followStream: async (a) => this.streams.followStream(a),
      processesPage: async (a) => this.processes.processesPage(a),
      processActivity: async (a) => this.processes.processActivity(a),
      checkFilter: async (a) => this.filter.check(a.filter),
      completeField: async (a) => this.filter.complete(a.prefix, a.limit),
      filterFields: async () => this.filter.fields(),
      findFrame: async (a) => ({ number: this.filter.find(a.filter ?? '', a.from, a.direction) }),
      framePosition: async (a) => ({ position: this.filter.positionOf(a.filter, a.number) }),
      exportPreview: async (a) => this.casework.exportPreview(a),
      exportPackets: async (a) => this.casework.exportPackets(a),
      exportCaseFile: async (a) => this.casework.exportCaseFile(a),
      annotations: async (a) => this.casework.annotations(a),
      addAnnotation: async (a) => this.casework.addAnnotation(a),
      removeAnnotation: async (a) => this.casework.removeAnnotation(a),
      custodyLog: async () => this.casework.custodyLog(),
      dissectors: async () => this.dissectors.state(),
      setDissectorFolder: async (a) => this.dissectors.setFolder(a),
      setDissectorEnabled: async (a) => this.dissectors.setEnabled(a),
      reloadDissectors: async () => this.dissectors.reload(),
      // One engine is one case folder; showing a .wwcase in its place is the Workspace's job (workspace.ts).
      openCaseFile: async () => {
        throw new ApiError('forbidden', `this API serves the case folder ${this.index.caseDir} only; case files open in the desktop app, wirewho serve or wirewho case open`);
      },
      closeCaseFile: async () => ({ closed: false }),
      listInterfaces: async () => this.capture.listInterfaces(),
      interfaceCounters: async () => this.capture.interfaceCounters(),
      validateCaptureFilter: async (a) => this.capture.validateFilter(a.filter),
      startCapture: async (a) => this.capture.startCapture(a),
      stopCapture: async () => this.capture.stop(),
      captureStatus: async () => this.capture.status(),
      startCommandCapture: async (a) => this.capture.startCommandCapture(a),
    };
    this.processes = new ProcessService(this.index, () => this.firstTimestamp());
    this.streams = new StreamService(this.index, this.access, () => this.firstTimestamp(), (id) => this.processes.ref(id));
    this.pduDetail = new PduDetail(this.index, this.streams.follower);
    this.datagrams = new ReassembledDatagrams(this.index, this.access);
    this.tcpLayers = new TcpStreamLayers(this.index, this.access);
    this.filter = new FrameFilter(this.index, undefined, { timeLimitMs: options.filterTimeLimitMs ?? FILTER_TIME_LIMIT_MS });
    this.casework = new CaseworkService(this.index, this.access, this.filter);
    this.dissectors = new DissectorService(() => this.filter.invalidate());
    // Fields of the dissectors this case recorded, so its filters work before any folder is loaded.
    registerCaseDissectorFields(this.index);
    this.capture = new CaptureService({
      index: this.index,
      beforeStart: async () => {
        if (this.job) throw new ApiError('busy', `an ingest is running (${this.job.path}); capture when it has finished`);
        // A previous ingest's fact index may still be building (it holds the write lock).
        await this.background;
      },
      indexed: () => {
        this.firstTs = null;
        this.processes.invalidate();
        this.emit('caseChanged', { frameCount: this.index.frameCount() });
      },
      finished: (results) => {
        for (const r of results) recordImport(this.index, r.evidence);
        this.background = Promise.all(results.map((r) => r.factIndex)).then(() => {}, () => {});
        this.firstTs = null;
        this.processes.invalidate();
        this.filter.invalidate();
        this.emit('caseChanged', { frameCount: this.index.frameCount() });
      },
      status: (s) => this.emit('captureStatus', s),
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  caseSummary(a: RequestArgs<'caseSummary'> = {}): CaseSummary {
    const span = this.index.timeSpan();
    const text = (t: { sec: number; nsec: number } | null) => (t ? storedTsNs({ tsSec: t.sec, tsNsec: t.nsec })!.toString() : null);
    return {
      caseDir: this.index.caseDir,
      evidence: this.index.listEvidence().map(toEvidenceDto),
      frameCount: this.index.frameCount(),
      firstTsNs: text(span.first),
      lastTsNs: text(span.last),
      ...(a.filter !== undefined && a.filter.trim() !== '' ? { shownCount: this.filter.count(a.filter) } : {}),
    };
  }

  private firstTimestamp(): bigint {
    if (this.firstTs === null) {
      const first = this.index.firstFrameTime();
      if (first === null) return 0n;
      this.firstTs = storedTsNs({ tsSec: first.sec, tsNsec: first.nsec })!;
    }
    return this.firstTs;
  }

  framesPage(a: RequestArgs<'framesPage'>): FramePage {
    const { rows, total, stoppedAfterMs } = this.filter.page(a.filter ?? '', a.offset, a.limit);
    const first = this.firstTimestamp();
    const infos = frameInfos(this.access, rows);
    return {
      offset: a.offset, total, rows: rows.map((r, k) => toFrameRow(r, first, infos[k], this.processes.frameRef(r))),
      ...(stoppedAfterMs !== undefined ? { countStoppedAfterMs: stoppedAfterMs } : {}),
    };
  }

  frameDetail(a: RequestArgs<'frameDetail'>): FrameDetail {
    const row = this.index.frame(a.number);
    if (!row) throw new ApiError('not-found', `frame ${a.number} is not in this case`);
    const bytes = this.access.frameBytes(row);
    const iface = this.access.iface(row.evidenceId, row.ifaceId);
    // A fragment that went into a reassembly shows its payload as data; the frame that completed it,
    // the reassembled datagram (as Wireshark).
    const reassembledIn = this.datagrams.reassembledIn(row.number);
    const member = reassembledIn !== null || this.datagrams.isMember(row.number);
    let tree = dissectFrame(bytes, {
      number: row.number, linkType: iface?.linkType ?? -1, interfaceName: iface?.name ?? undefined, tsNs: storedTsNs(row) ?? 0n, capLen: row.capLen, origLen: row.origLen,
      interfaceId: row.ifaceId, comments: row.comments ? (JSON.parse(row.comments) as string[]) : undefined,
      flags: row.epbFlags ?? undefined, fragmentsAsData: member,
    });
    const sources: DataSourceDto[] = [];
    const datagram = reassembledIn === row.number ? this.datagrams.completedIn(row.number) : null;
    if (datagram) tree = withReassembledDatagram(tree, datagram, sources);
    else if (reassembledIn !== null) markReassembledIn(tree, reassembledIn);
    // "[Protocols in frame]" above TCP as Wireshark's desegmentation and SEQ analysis decide it.
    tree = this.tcpLayers.patchTree(row, tree);
    tree.push(...this.pduDetail.forFrame(row, sources));
    return { number: row.number, tree, bytesBase64: Buffer.from(bytes).toString('base64'), ...(sources.length ? { sources } : {}) };
  }

  openEvidence(a: RequestArgs<'openEvidence'>): IngestJob {
    if (this.job) throw new ApiError('busy', `an ingest is already running (${this.job.path})`);
    if (this.capture.running) throw new ApiError('busy', 'a capture is running; open the file when it has stopped');
    const file = path.resolve(a.path);
    let isFile = false;
    try { isFile = statSync(file).isFile(); } catch { /* reported below */ }
    if (!isFile) throw new ApiError('not-found', `no capture file at ${file}`);
    const jobId = randomUUID();
    const controller = new AbortController();
    const job: RunningJob = { jobId, path: file, controller, done: Promise.resolve(null) };
    this.job = job;
    job.done = this.runIngest(job);
    return { jobId, path: file };
  }

  private async runIngest(job: RunningJob): Promise<IngestResult | null> {
    let lastCount = 0;
    try {
      // A previous ingest's fact index may still be building (it holds the write lock).
      await this.background;
      const result = await ingestEvidenceFile(this.index, job.path, {
        signal: job.controller.signal,
        writer: this.options.writer,
        onProgress: (p) => {
          this.emit('ingestProgress', { jobId: job.jobId, path: job.path, ...p });
          if (p.frames !== lastCount) {
            lastCount = p.frames;
            this.firstTs = null;
            this.emit('caseChanged', { frameCount: this.index.frameCount() });
          }
        },
      });
      this.background = result.factIndex;
      if (!result.cancelled) recordImport(this.index, result.evidence);
      // Which user dissectors (and their hashes) produced this evidence's PDUs.
      recordUserDissectors(this.index, result.evidence.id);
      this.emit('ingestFinished', {
        jobId: job.jobId, path: job.path, evidenceId: result.evidence.id,
        status: result.cancelled ? 'cancelled' : result.evidence.status, frames: result.frames,
        seconds: result.seconds, error: result.evidence.error,
      });
      return result;
    } catch (err) {
      this.emit('ingestFinished', {
        jobId: job.jobId, path: job.path, evidenceId: null, status: 'failed', frames: 0, seconds: 0,
        error: err instanceof Error ? err.message : String(err),
      });
      return null;
    } finally {
      this.job = null;
      this.firstTs = null;
      this.processes.invalidate();
      // Late analysis bits and new frames change what filters select.
      this.filter.invalidate();
      this.emit('caseChanged', { frameCount: this.index.frameCount() });
    }
  }

  /** Writes one direction of a stream to a file (the desktop app's "Save" in Follow Stream). */
  saveStreamBytes(a: SaveStreamArgs, filePath: string): { bytes: number; gaps: number } {
    assertWritableOutput(this.index, filePath);
    return this.streams.writeDirection(a, filePath);
  }

  /** An ingest is running (a Workspace does not switch cases under it). */
  get ingesting(): boolean {
    return this.job !== null || this.capture.running;
  }

  /** Resolves when the running ingest (if any) has finished, its background index build included. */
  async idle(): Promise<void> {
    while (this.job) await this.job.done;
    await this.background;
  }

  cancel(jobId: string): boolean {
    if (!this.job || this.job.jobId !== jobId) return false;
    this.job.controller.abort();
    return true;
  }

  async close(): Promise<void> {
    await this.capture.close();
    this.job?.controller.abort();
    await this.idle().catch(() => {});
    this.dissectors.close();
    this.access.close();
    this.filter.close();
    this.index.close();
  }
}

export async function openEngine(options: EngineOptions): Promise<Engine> {
  return new Engine(options);
}
