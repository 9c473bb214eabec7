/**
 * The one declaration of the UI <-> engine API: every request with its runtime argument schema and
 * result type, and every event with its payload. The Electron IPC transport, the preload object and the
 * loopback WebSocket are all built from these lists, so none of them can expose anything else.
 */
import { z } from 'zod';
import type {
  CaseSummary, FrameDetail, FramePage, IngestFinished, IngestJob, IngestProgress,
} from './dto.js';

const frameNumber = z.number().int().min(1).max(2 ** 40);
/** Evidence paths: absolute or relative file-system paths; bounded so nobody ships megabytes of text. */
const filePath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains NUL');

export const requestSchemas = {
  caseSummary: z.object({}).strict(),
  framesPage: z.object({
    offset: z.number().int().min(0).max(2 ** 40),
    limit: z.number().int().min(1).max(5000),
  }).strict(),
  frameDetail: z.object({ number: frameNumber }).strict(),
  openEvidence: z.object({ path: filePath }).strict(),
  cancelIngest: z.object({ jobId: z.string().min(1).max(64) }).strict(),
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestArgs<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>;

export interface RequestResults {
  caseSummary: CaseSummary;
  framesPage: FramePage;
  frameDetail: FrameDetail;
  openEvidence: IngestJob;
  cancelIngest: { cancelled: boolean };
}

export interface EventPayloads {
  ingestProgress: IngestProgress;
  ingestFinished: IngestFinished;
  caseChanged: { frameCount: number };
}

export type EventName = keyof EventPayloads;
export const eventNames: readonly EventName[] = ['ingestProgress', 'ingestFinished', 'caseChanged'];
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
};

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}
