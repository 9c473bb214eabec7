/**
 * The casework requests of the contract: the Export dialog's live preview and the export itself,
 * annotations, and the custody log (with its chain checked). Exports and their selections are
 * logged in the custody log as they happen, by the operator running the engine.
 */
import {
  ApiError, type AnnotationDto, type CustodyLogDto, type ExportPreviewDto, type ExportResultDto, type ExportSelectionDto, type RequestArgs,
} from '@wirewho/contract';
import { Annotations, CustodyLog, verifyCustodyLines, type CaseIndex, type ProcessRowDb } from '@wirewho/index';
import { OutputExistsError } from './atomic-file.js';
import { assertExportTarget } from './output-guard.js';
import { currentOperator } from './custody.js';
import type { EvidenceAccess } from './evidence-access.js';
import { processComments, processInfoOf } from './export-process-metadata.js';
import type { FrameFilter } from './frame-filter.js';
import { selectFrames, type FrameSelection } from './frame-selection.js';
import { exportCase, selectionOf } from './case-export.js';
import { CaseFileError } from '@wirewho/casefile';
import { exportPackets } from './packet-export.js';
import { encodeWiresharkProcessInfo } from '@wirewho/pcap';

export function toFrameSelection(s: ExportSelectionDto): FrameSelection {
  const sel: FrameSelection = { withDependents: s.withDependents === true };
  if (s.filter !== undefined && s.filter.trim() !== '') sel.filter = s.filter;
  if (s.stream) sel.stream = { id: s.stream.stream, proto: s.stream.proto, evidenceId: s.stream.evidenceId };
  if (s.pid !== undefined) sel.pid = s.pid;
  if (s.frames) sel.frames = s.frames;
  return sel;
}

/** Bytes an option of `n` value bytes takes. */
const opt = (n: number) => 4 + ((n + 3) & ~3);

export class CaseworkService {
  constructor(private readonly index: CaseIndex, private readonly access: EvidenceAccess, private readonly filter: FrameFilter) {}

  exportPreview(a: RequestArgs<'exportPreview'>): ExportPreviewDto {
    const selected = selectFrames(this.index, this.filter, toFrameSelection(a.selection));
    const notes = new Annotations(this.index.db).frameNotes();
    const row = this.index.db.prepare('SELECT cap_len AS capLen, process_id AS processId, iface_id AS iface, evidence_id AS ev FROM frames WHERE number = ?');
    const perProcess = new Map<number, ProcessRowDb | null>();
    const linkTypes = new Set<number>();
    let bytes = a.format === 'pcap' ? 24 : 28 + 120; // file header; SHB and a few IDBs
    let attributed = 0, noteCount = 0;
    for (const n of selected.numbers) {
      const r = row.get(n) as { capLen: number; processId: number | null; iface: number; ev: number } | undefined;
      if (!r) continue;
      linkTypes.add(this.access.iface(r.ev, r.iface)?.linkType ?? -1);
      const frameNotes = notes.get(n) ?? [];
      noteCount += frameNotes.length;
      if (a.format === 'pcap') { bytes += 16 + r.capLen; if (r.processId !== null) attributed++; continue; }
      bytes += 32 + ((r.capLen + 3) & ~3) + 4;
      for (const t of frameNotes) bytes += opt(Buffer.byteLength(t));
      if (r.processId === null) continue;
      attributed++;
      let p = perProcess.get(r.processId);
      if (p === undefined) {
        p = this.index.processes.get(r.processId) ?? null;
        perProcess.set(r.processId, p);
        if (p) bytes += 16 + encodeWiresharkProcessInfo(processInfoOf(p)).length;
      }
      if (p) for (const c of processComments(p)) bytes += opt(Buffer.byteLength(c));
      bytes += opt(8);
    }
    const notices: string[] = [];
    if (a.format === 'pcap') {
      notices.push(`pcap cannot carry process metadata or comments: ${attributed} frame(s) would lose their process attribution and ${noteCount} note(s) would be left out`);
      if (linkTypes.size > 1) notices.push(`the frames have ${linkTypes.size} link types; pcap holds one: export as pcapng`);
    }
    return {
      frames: selected.numbers.length, dependents: selected.dependents, estimatedBytes: bytes, attributedFrames: attributed,
      processes: a.format === 'pcap' ? 0 : [...perProcess.values()].filter((p) => p !== null).length, notes: noteCount, notices,
    };
  }

  async exportPackets(a: RequestArgs<'exportPackets'>): Promise<ExportResultDto> {
    assertExportTarget(this.index, a.path);
    const sel = toFrameSelection(a.selection);
    const selected = selectFrames(this.index, this.filter, sel);
    const operator = currentOperator();
    const log = new CustodyLog(this.index.db);
    try {
      const r = await exportPackets(this.index, this.access, selected.numbers, {
        out: a.path, format: a.format, force: a.force, notes: new Annotations(this.index.db).frameNotes(), userAppl: 'Wirewho',
      });
      log.append('filter', operator, { ...selectionOf(sel), matched: selected.numbers.length - selected.dependents, dependents: selected.dependents });
      log.append('export', operator, {
        out: r.path, format: r.format, frames: r.frames, records: r.records, bytes: r.bytes, sha256: r.sha256,
        first_ts_ns: r.firstTsNs, last_ts_ns: r.lastTsNs, attributed_frames: r.attributedFrames, notes: r.notes,
      });
      return { path: r.path, format: r.format, frames: r.frames, bytes: r.bytes, sha256: r.sha256, notices: r.notices };
    } catch (e) {
      if (e instanceof OutputExistsError || e instanceof ApiError) throw e;
      throw new ApiError('invalid-argument', `export failed: ${(e as Error).message}`);
    }
  }

  /** File → Export Specified Packets as a case file: `case export` for the app (the same code path). */
  async exportCaseFile(a: RequestArgs<'exportCaseFile'>): Promise<ExportResultDto> {
    assertExportTarget(this.index, a.path);
    if (!/\.wwcase$/i.test(a.path)) throw new ApiError('invalid-argument', `a case file is named <name>.wwcase, not "${a.path}"`);
    try {
      const r = await exportCase(this.index, this.access, this.filter, {
        out: a.path, selection: toFrameSelection(a.selection), analyst: a.analyst, operator: currentOperator(), force: a.force,
      });
      return {
        path: r.path, format: 'wwcase', frames: r.manifest.counts.frames ?? 0, bytes: r.bytes, sha256: r.sha256,
        notices: [`manifest SHA-256 ${r.manifestSha256} (recorded in the archive comment and in this case's custody log)`],
      };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (e instanceof CaseFileError) throw new ApiError('invalid-argument', e.message);
      throw new ApiError('invalid-argument', `case export failed: ${(e as Error).message}`);
    }
  }

  annotations(a: RequestArgs<'annotations'>): AnnotationDto[] {
    const store = new Annotations(this.index.db);
    return a.frame === undefined ? store.all() : store.ofFrame(a.frame);
  }

  addAnnotation(a: RequestArgs<'addAnnotation'>): AnnotationDto {
    if (a.on.target === 'frame' && !this.index.frame(a.on.frame)) throw new ApiError('not-found', `frame ${a.on.frame} is not in this case`);
    if (a.on.target === 'process' && !this.index.processes.get(a.on.processId)) throw new ApiError('not-found', `process ${a.on.processId} is not in this case`);
    if (a.kind !== 'bookmark' && a.text.trim() === '') throw new ApiError('invalid-argument', `a ${a.kind} needs text`);
    return new Annotations(this.index.db).add(a.kind, a.on, a.text, currentOperator());
  }

  removeAnnotation(a: RequestArgs<'removeAnnotation'>): { removed: boolean } {
    return { removed: new Annotations(this.index.db).remove(a.id) };
  }

  custodyLog(): CustodyLogDto {
    const rows = this.index.db.prepare('SELECT line, sha256 FROM custody_log ORDER BY seq').all() as { line: string; sha256: string }[];
    const lines = rows.map((r) => r.line);
    return {
      entries: rows.map((r) => ({ ...(JSON.parse(r.line) as Omit<CustodyLogDto['entries'][number], 'sha256'>), sha256: r.sha256 })),
      problems: verifyCustodyLines(lines).map((p) => p.message),
    };
  }
}
