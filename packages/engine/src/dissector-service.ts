/**
 * The Dissectors view's requests: which dissector folder is in use (the app keeps it in its settings
 * and sets it at start-up), its files with their protocols, fields, ports, hashes and load errors
 * (with line numbers), switching a file off and on, and reloading the folder after edits. Loading
 * goes through user-dissectors.ts (the folder's protocols join the ingest and its fields the filter
 * registry); the case remembers, per evidence file, which dissectors produced its PDUs.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError, type DissectorFileDto, type DissectorsState, type RequestArgs } from '@wirewho/contract';
import type { DissectorSet } from '@wirewho/dissectors';
import { loadUserDissectors, unloadUserDissectors } from './user-dissectors.js';

export class DissectorService {
  private folder: string | null = null;
  private disabled = new Set<string>();
  private set: DissectorSet | null = null;
  private loadedAt: string | null = null;
  /** Loads run one after another (a reload while one is loading waits for it). */
  private queue: Promise<unknown> = Promise.resolve();

  /** Called after the folder changed (the filter's field list and caches depend on it). */
  constructor(private readonly changed: () => void) {}

  state(): DissectorsState {
    return { folder: this.folder, files: this.files(), loadedAt: this.loadedAt };
  }

  setFolder(a: RequestArgs<'setDissectorFolder'>): Promise<DissectorsState> {
    return this.serial(async () => {
      if (a.folder === null) {
        this.folder = null;
        this.disabled = new Set();
        this.unload();
        return this.state();
      }
      const dir = path.resolve(a.folder);
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ApiError('not-found', `no dissector folder at ${dir}`);
      this.folder = dir;
      this.disabled = new Set(a.disabled ?? []);
      return this.load();
    });
  }

  setEnabled(a: RequestArgs<'setDissectorEnabled'>): Promise<DissectorsState> {
    return this.serial(async () => {
      if (this.folder === null) throw new ApiError('invalid-argument', 'no dissector folder is set');
      if (!this.set?.files.some((f) => f.file === a.file)) throw new ApiError('not-found', `${a.file} is not a file of the dissector folder`);
      if (a.enabled) this.disabled.delete(a.file); else this.disabled.add(a.file);
      return this.load();
    });
  }

  reload(): Promise<DissectorsState> {
    return this.serial(async () => (this.folder === null ? this.state() : this.load()));
  }

  close(): void {
    this.unload();
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.queue.then(f, f);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async load(): Promise<DissectorsState> {
    const folder = this.folder!;
    if (!existsSync(folder)) throw new ApiError('not-found', `the dissector folder ${folder} no longer exists`);
    this.set = await loadUserDissectors(folder, { disabled: [...this.disabled] });
    this.loadedAt = new Date().toISOString();
    this.changed();
    return this.state();
  }

  private unload(): void {
    if (this.set) unloadUserDissectors();
    this.set = null;
    this.loadedAt = null;
    this.changed();
  }

  private files(): DissectorFileDto[] {
    const set = this.set;
    if (!set) return [];
    const byName = new Map(set.protocols.map((p) => [p.name, p]));
    const runErrors = new Map(set.runErrors().map((e) => [e.file, e]));
    return set.files.map((f): DissectorFileDto => {
      const protos = f.enabled && !f.error ? f.names.map((n) => byName.get(n)).filter((p) => p !== undefined) : [];
      const run = runErrors.get(f.file);
      return {
        file: f.file,
        kind: f.kind,
        sha256: f.sha256,
        enabled: f.enabled,
        protocols: f.names,
        fields: protos.flatMap((p) => p.fields.map((x) => ({ name: x.abbr, type: x.type, description: x.name }))),
        // The line is its own field: the message loses its "file:line: " prefix.
        error: f.error ? { message: f.error.message.replace(/^[^:\n]*:\d+: /, ''), line: f.error.line ?? null } : null,
        tcpPorts: [...new Set(protos.flatMap((p) => [...p.tcpPorts]))].sort((x, y) => x - y),
        udpPorts: [...new Set(protos.flatMap((p) => [...p.udpPorts]))].sort((x, y) => x - y),
        runErrors: run ? { count: run.count, switchedOff: run.disabled, first: run.errors[0] ?? null } : null,
      };
    });
  }
}
