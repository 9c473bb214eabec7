/**
 * The one declaration of the UI <-> engine API: every request with its runtime argument schema and
 * result type, and every event with its payload. The Electron IPC transport, the preload object and the
 * loopback WebSocket are all built from these lists, so none of them can expose anything else.
 */
import { z } from 'zod';
import { caseworkRequestSchemas, type CaseworkResults, type ExportResultDto, type ExportToArgs } from './casework-api.js';
import { dissectorRequestSchemas, type DissectorResults } from './dissectors-api.js';
import { caseFileRequestSchemas, type CaseFileResults, type CaseSwitched } from './casefile-api.js';
import { captureRequestSchemas, type CaptureResults, type CaptureStatusDto } from './capture-api.js';
import type {
  CaseSummary, FieldCompletionDto, FilterCheckResult, FilterFieldDto, FollowPage, FrameDetail, FramePage, IngestFinished,
  IngestJob, IngestProgress, ProcessActivity, ProcessPage, StreamPage,
} from './dto.js';

const frameNumber = z.number().int().min(1).max(2 ** 40);
/** Evidence paths: absolute or relative file-system paths; bounded so nobody ships megabytes of text. */
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL');

const streamProto = z.enum(['tcp', 'udp']);
/** Display filter text (the compiler's own limit is 100,000 characters; it reports longer ones). */
const displayFilter = z.string().max(100_001);
const streamNumber = z.number().int().min(0).max(2 ** 40);
const evidenceId = z.number().int().min(1).max(2 ** 40);

/** Columns the Streams view sorts by. */
export const STREAM_SORT_KEYS = [
  'stream', 'proto', 'addressA', 'portA', 'addressB', 'portB', 'packets', 'bytes', 'packetsAB', 'bytesAB', 'packetsBA',
  'bytesBA', 'start', 'duration', 'gaps', 'state', 'app', 'process',
] as const;
export type StreamSortKey = (typeof STREAM_SORT_KEYS)[number];

/** Largest byte window one followStream call returns. */
export const MAX_FOLLOW_WINDOW = 16 * 1024 * 1024;

/** Which direction of a stream to save (Electron's save dialog; both are saved separately). */
export const saveStreamArgsSchema = z.object({
  evidenceId: evidenceId.optional(),
  proto: streamProto,
  stream: streamNumber,
  direction: z.enum(['client', 'server']),
}).strict();
export type SaveStreamArgs = z.infer<typeof saveStreamArgsSchema>;

export const requestSchemas = {
  caseSummary: z.object({ filter: displayFilter.optional() }).strict(),
  framesPage: z.object({
    offset: z.number().int().min(0).max(2 ** 40),
    limit: z.number().int().min(1).max(5000),
    /** Display filter: offset and total are then positions in the filtered list. */
    filter: displayFilter.optional(),
  }).strict(),
  frameDetail: z.object({ number: frameNumber }).strict(),
  openEvidence: z.object({ path: filePath }).strict(),
  cancelIngest: z.object({ jobId: z.string().min(1).max(64) }).strict(),
  streamsPage: z.object({
    offset: z.number().int().min(0).max(2 ** 40),
    limit: z.number().int().min(1).max(5000),
    proto: streamProto.optional(),
    evidenceId: evidenceId.optional(),
    sort: z.enum(STREAM_SORT_KEYS).optional(),
    descending: z.boolean().optional(),
  }).strict(),
  followStream: z.object({
    evidenceId: evidenceId.optional(),
    proto: streamProto,
    stream: streamNumber,
    direction: z.enum(['client', 'server', 'both']),
    offset: z.number().int().min(0).max(2 ** 50),
    limit: z.number().int().min(1).max(MAX_FOLLOW_WINDOW),
  }).strict(),
  /** The processes frames were attributed to, in order of first sighting (the Processes view builds its tree from them). */
  processesPage: z.object({
    offset: z.number().int().min(0).max(2 ** 40),
    limit: z.number().int().min(1).max(5000),
    evidenceId: evidenceId.optional(),
  }).strict(),
  /** Bytes and frames per process over the attributed traffic's time span, in `buckets` equal slices (the timeline plot). */
  processActivity: z.object({ buckets: z.number().int().min(1).max(2000), evidenceId: evidenceId.optional() }).strict(),
  checkFilter: z.object({ filter: displayFilter }).strict(),
  completeField: z.object({ prefix: z.string().max(200), limit: z.number().int().min(1).max(500).optional() }).strict(),
  filterFields: z.object({}).strict(),
  /** The next/previous frame after/before `from` that the filter selects. */
  findFrame: z.object({
    filter: displayFilter.optional(),
    from: z.number().int().min(0).max(2 ** 40),
    direction: z.enum(['next', 'previous']),
  }).strict(),
  /** Position of a frame in the (filtered) packet list, -1 when the filter hides it. */
  framePosition: z.object({ filter: displayFilter.optional(), number: frameNumber }).strict(),
  ...caseworkRequestSchemas,
  ...dissectorRequestSchemas,
  ...caseFileRequestSchemas,
  ...captureRequestSchemas,
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestArgs<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>;

export interface RequestResults extends CaseworkResults, DissectorResults, CaseFileResults, CaptureResults {
  caseSummary: CaseSummary;
  framesPage: FramePage;
  frameDetail: FrameDetail;
  openEvidence: IngestJob;
  cancelIngest: { cancelled: boolean };
  streamsPage: StreamPage;
  followStream: FollowPage;
  processesPage: ProcessPage;
  processActivity: ProcessActivity;
  checkFilter: FilterCheckResult;
  completeField: FieldCompletionDto[];
  filterFields: FilterFieldDto[];
  findFrame: { number: number | null };
  framePosition: { position: number };
}

export interface EventPayloads {
  ingestProgress: IngestProgress;
  ingestFinished: IngestFinished;
  caseChanged: { frameCount: number };
  /** Another case is on screen (a .wwcase opened or closed). */
  caseSwitched: CaseSwitched;
  /** A live capture or command capture changed (started, counters, stderr, ended). */
  captureStatus: CaptureStatusDto;
}

export type EventName = keyof EventPayloads;
export const eventNames: readonly EventName[] = ['ingestProgress', 'ingestFinished', 'caseChanged', 'caseSwitched', 'captureStatus'];
export const requestNames = Object.keys(requestSchemas) as RequestName[];

/** What the engine implements (and what every transport forwards to). */
export type WirewhoService = {
  [K in RequestName]: (args: RequestArgs<K>) => Promise<RequestResults[K]>;
};

export type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

/** Something that emits the contract's events (the engine). */
export interface EventSource {
  subscribe(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void): () => void;
}

/** The object the renderer holds: one method per request, plus event subscription. */
export type WirewhoApi = WirewhoService & {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  /** Which transport this is; the renderer offers a native file dialog only under Electron. */
  readonly transport: 'electron' | 'websocket';
  /** Native "open capture" dialog (Electron only). Resolves to a path or null when cancelled. */
  pickCaptureFile?: () => Promise<string | null>;
  /** Path of a dropped File (Electron only, via webUtils). */
  pathForFile?: (file: File) => string;
  /**
   * Native "save" dialog for one direction of a followed stream (Electron only); the main process
   * writes the reassembled bytes. Resolves to the path written, or null when cancelled.
   */
  saveStreamBytes?: (args: SaveStreamArgs) => Promise<string | null>;
  /**
   * Export Specified Packets to a file the user picks in the native save dialog (Electron only); the
   * main process runs the export on the path chosen there. Resolves to null when cancelled.
   */
  exportPacketsTo?: (args: ExportToArgs) => Promise<ExportResultDto | null>;
};

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
