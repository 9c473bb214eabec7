/**
 * What the desktop app and `wirewho serve` host: the working case's engine, or a .wwcase shown
 * read-only in its place. Its `service` is the whole contract: every request goes to the case on
 * screen, and the case-file requests switch it. A case file is verified first (the same
 * `verifyCaseFile` as `wirewho case verify`); one that does not verify is not opened and the answer
 * names every problem. An opened one is extracted afresh (each member re-hashed against the verified
 * manifest) into a private folder removed when it closes; the archive itself is never written.
 *
 * Nothing is appended to the case file's custody log: its lines are a member whose SHA-256 (and
 * the log's head) the manifest records, and the manifest's hash sits in the archive comment, so any
 * appended entry would make `case verify` fail. Editing requests are refused with 'read-only'.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  ApiError, requestNames, type CaseFileDto, type CaseSummary, type CustodyLogDto, type EventName, type EventPayloads, type EventSource,
  type OpenCaseFileResult, type RequestArgs, type RequestName, type SaveStreamArgs, type WirewhoService,
} from '@wirewho/contract';
import { CaseFileError, verifyCaseFile, type Manifest } from '@wirewho/casefile';
import { sha256Hex, verifyCustodyLines } from '@wirewho/index';
import { caseCacheRoot, openCaseFile } from './case-open.js';
import { Engine, type EngineOptions } from './engine.js';

type Listener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export const READ_ONLY_REASON = 'This is a case file, opened read-only: its members are sealed by the SHA-256 sums in its manifest, '
  + 'so notes, tags, bookmarks, ingest and exports (which the sealed custody log would have to record) are not possible here. '
  + 'Close the case file to work in the working case.';

/** Requests that change a case (or record in its custody log): refused while a case file is on screen. */
const EDITING: ReadonlySet<RequestName> = new Set<RequestName>([
  'openEvidence', 'addAnnotation', 'removeAnnotation', 'exportPackets', 'exportCaseFile', 'startCapture', 'startCommandCapture',
]);

interface OpenCase {
  file: string;
  /** The private folder it was extracted to (removed on close). */
  dir: string;
  engine: Engine;
  dto: CaseFileDto;
  /** The custody log exactly as verified from the archive. */
  custody: string[];
  head: { sha256: string; count: number };
}

export interface WorkspaceOptions extends EngineOptions {
  /** Where opened case files are extracted (default: <cache>/wirewho/open). */
  extractRoot?: string;
}

export function caseFileDto(file: string, m: Manifest): CaseFileDto {
  return {
    path: file, readOnlyReason: READ_ONLY_REASON, verifiedAt: new Date().toISOString(), formatVersion: m.format_version,
    tool: `${m.tool?.name ?? 'unknown'} ${m.tool?.version ?? ''}`.trim(), createdAt: m.created_at, analyst: m.analyst, operator: m.operator,
    evidence: (m.evidence ?? []).map((e) => ({ fileName: e.file_name, path: e.path, size: e.size, sha256: e.sha256, frames: e.frames, verified: e.verified })),
    selection: m.selection ?? {}, counts: m.counts ?? {},
    members: m.members.map((x) => ({ name: x.name, size: x.size, sha256: x.sha256 })),
    custody: { count: m.custody_head.count, sha256: m.custody_head.sha256 },
  };
}

export class Workspace implements EventSource {
  readonly service: WirewhoService;
  private readonly home: Engine;
  private caseFile: OpenCase | null = null;
  private readonly listeners = new Set<Listener>();
  private detach: () => void;
  /** One open/close at a time. */
  private switching: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkspaceOptions) {
    this.home = new Engine(options);
    this.detach = this.forward(this.home);
    const service: Record<string, (a: never) => Promise<unknown>> = {};
    for (const name of requestNames) {
      service[name] = async (a: never) => {
        if (this.caseFile && EDITING.has(name)) throw new ApiError('read-only', `${name}: ${READ_ONLY_REASON}`);
        const call = this.current.service[name] as (x: unknown) => Promise<unknown>;
        return call(a);
      };
    }
    service.caseSummary = async (a: RequestArgs<'caseSummary'>) => this.caseSummary(a);
    service.custodyLog = async () => this.custodyLog();
    service.openEvidence = async (a: RequestArgs<'openEvidence'>) => {
      if (this.caseFile) throw new ApiError('read-only', `openEvidence: ${READ_ONLY_REASON}`);
      if (/\.wwcase$/i.test(a.path)) throw new ApiError('invalid-argument', `${a.path} is a case file, not a capture: open it as a case file (it is verified, then shown read-only)`);
      return this.home.service.openEvidence(a);
    };
    service.openCaseFile = async (a: RequestArgs<'openCaseFile'>) => this.serialize(() => this.openCaseFile(a.path));
    service.closeCaseFile = async () => this.serialize(() => this.closeCaseFile());
    this.service = service as unknown as WirewhoService;
  }

  /** The engine of the case on screen. */
  get current(): Engine {
    return this.caseFile?.engine ?? this.home;
  }

  /** The case file on screen, if any. */
  get openCase(): CaseFileDto | null {
    return this.caseFile?.dto ?? null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const l of this.listeners) l(event, payload);
  }

  private forward(engine: Engine): () => void {
    return engine.subscribe((event, payload) => this.emit(event, payload));
  }

  private serialize<T>(run: () => Promise<T>): Promise<T> {
    const next = this.switching.then(run, run);
    this.switching = next.catch(() => {});
    return next;
  }

  caseSummary(a: RequestArgs<'caseSummary'>): Promise<CaseSummary> | CaseSummary {
    const summary = this.current.caseSummary(a);
    return this.caseFile ? { ...summary, caseFile: this.caseFile.dto } : summary;
  }

  private custodyLog(): CustodyLogDto {
    const open = this.caseFile;
    if (!open) return this.home.casework.custodyLog();
    return {
      entries: open.custody.map((line) => {
        const e = JSON.parse(line) as Omit<CustodyLogDto['entries'][number], 'sha256'>;
        return { ...e, sha256: sha256Hex(line) };
      }),
      problems: verifyCustodyLines(open.custody, open.head).map((p) => p.message),
    };
  }

  private async openCaseFile(file: string): Promise<OpenCaseFileResult> {
    const abs = path.resolve(file);
    if (this.current.capture.running) throw new ApiError('busy', 'a capture is running; stop it before opening a case file');
    if (this.current.ingesting) throw new ApiError('busy', 'an ingest is running; open the case file when it has finished');
    let verification;
    try {
      verification = await verifyCaseFile(abs);
    } catch (e) {
      if (e instanceof CaseFileError) throw new ApiError('invalid-argument', e.message);
      throw e;
    }
    if (!verification.ok || verification.manifest === null || verification.custody === null) {
      const problems = verification.problems.length > 0 ? verification.problems : [{ member: 'custody.jsonl', message: 'custody.jsonl could not be read' }];
      return { opened: false, path: abs, problems, caseFile: null };
    }
    const root = this.options.extractRoot ?? path.join(caseCacheRoot(), 'open');
    mkdirSync(root, { recursive: true });
    const dir = mkdtempSync(path.join(root, 'case-'));
    let engine: Engine;
    try {
      const opened = await openCaseFile(abs, { dir: path.join(dir, 'case'), verification, fresh: true });
      engine = new Engine({ caseDir: opened.caseDir, writer: this.options.writer });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      if (e instanceof CaseFileError) throw new ApiError('invalid-argument', e.message);
      throw e;
    }
    const previous = this.caseFile;
    this.detach();
    this.caseFile = {
      file: abs, dir, engine, dto: caseFileDto(abs, verification.manifest), custody: verification.custody, head: verification.manifest.custody_head,
    };
    this.detach = this.forward(engine);
    if (previous) await closeOpenCase(previous);
    this.announce();
    return { opened: true, path: abs, problems: [], caseFile: this.caseFile.dto };
  }

  private async closeCaseFile(): Promise<{ closed: boolean }> {
    const open = this.caseFile;
    if (!open) return { closed: false };
    this.detach();
    this.caseFile = null;
    this.detach = this.forward(this.home);
    await closeOpenCase(open);
    this.announce();
    return { closed: true };
  }

  private announce(): void {
    this.emit('caseSwitched', { caseDir: this.current.index.caseDir, caseFile: this.openCase });
    this.emit('caseChanged', { frameCount: this.current.index.frameCount() });
  }

  /** Follow Stream → Save (desktop): writes from the case on screen; evidence and index are refused. */
  saveStreamBytes(a: SaveStreamArgs, filePath: string): { bytes: number; gaps: number } {
    return this.current.saveStreamBytes(a, filePath);
  }

  async idle(): Promise<void> {
    await this.current.idle();
  }

  async close(): Promise<void> {
    await this.switching.catch(() => {});
    this.detach();
    const open = this.caseFile;
    this.caseFile = null;
    if (open) await closeOpenCase(open);
    await this.home.close();
  }
}

async function closeOpenCase(open: OpenCase): Promise<void> {
  try {
    await open.engine.close();
  } finally {
    rmSync(open.dir, { recursive: true, force: true });
  }
}

export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  return new Workspace(options);
}
