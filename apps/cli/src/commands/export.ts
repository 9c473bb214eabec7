/**
 * `wirewho export`: Export Specified Packets. Selects frames (filter, stream, process, list) and
 * writes them with their process metadata; the filter and the export go into the case's custody log.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, CaseIndex, CustodyLog, INDEX_FILE } from '@wirewho/index';
import {
  currentOperator, EvidenceAccess, exportPackets, FrameFilter, selectFrames, selectionOf, type ExportFormat, type FrameSelection, type PacketExportResult,
} from '@wirewho/engine';
import { CliError } from '../errors.js';
import { createProgress } from '../progress.js';

export interface ExportCommandOptions {
  case: string;
  out: string;
  filter?: string;
  stream?: string;
  proto?: string;
  evidence?: string;
  pid?: string;
  frames?: string;
  format?: string;
  withDependents?: boolean;
  force?: boolean;
  processBlocks?: boolean;
  operator?: string;
  json?: boolean;
}

export function parseInteger(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${name} must be an integer ≥ ${min}, not "${v}"`);
  return n;
}

/** "1,5-9,12" → [1, 5, 6, 7, 8, 9, 12]. */
export function parseFrameList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new CliError(`--frames takes numbers and ranges like 1,5-9, not "${part}"`);
    const a = Number(m[1]), b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 10_000_000) throw new CliError(`--frames range "${part}" is not ascending or is too long`);
    for (let k = a; k <= b; k++) out.push(k);
  }
  return out;
}

export function selectionFromOptions(opts: Pick<ExportCommandOptions, 'filter' | 'stream' | 'proto' | 'evidence' | 'pid' | 'frames' | 'withDependents'>): FrameSelection {
  if (opts.proto !== undefined && opts.proto !== 'tcp' && opts.proto !== 'udp') throw new CliError(`--proto must be tcp or udp, not "${opts.proto}"`);
  const stream = parseInteger('--stream', opts.stream);
  const sel: FrameSelection = { withDependents: opts.withDependents === true };
  if (opts.filter !== undefined) sel.filter = opts.filter;
  if (stream !== undefined) sel.stream = { id: stream, proto: (opts.proto ?? 'tcp'), evidenceId: parseInteger('--evidence', opts.evidence, 1) };
  const pid = parseInteger('--pid', opts.pid);
  if (pid !== undefined) sel.pid = pid;
  if (opts.frames !== undefined) sel.frames = parseFrameList(opts.frames);
  return sel;
}

export function openCaseWritable(caseDir: string): CaseIndex {
  if (!existsSync(path.join(caseDir, INDEX_FILE))) throw new CliError(`no case index in ${caseDir} (run wirewho ingest first)`);
  return CaseIndex.open(caseDir);
}

export function parseFormat(v: string | undefined, out: string): ExportFormat {
  const f = v ?? (out.toLowerCase().endsWith('.pcap') ? 'pcap' : 'pcapng');
  if (f !== 'pcapng' && f !== 'pcap') throw new CliError(`--format must be pcapng or pcap, not "${v}"`);
  return f;
}

export async function runExport(opts: ExportCommandOptions): Promise<number> {
  const sel = selectionFromOptions(opts);
  const format = parseFormat(opts.format, opts.out);
  const out = path.resolve(opts.out);
  if (existsSync(out) && !opts.force) throw new CliError(`${out} already exists (use --force to replace it)`);
  const operator = opts.operator ?? currentOperator();
  const index = openCaseWritable(opts.case);
  const access = new EvidenceAccess(index);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const filter = new FrameFilter(index, access);
    const selected = selectFrames(index, filter, sel);
    const log = new CustodyLog(index.db);
    log.append('filter', operator, { ...selectionOf(sel), matched: selected.numbers.length - selected.dependents, dependents: selected.dependents });
    const progress = createProgress(`export ${path.basename(out)}`);
    let result: PacketExportResult;
    try {
      result = await exportPackets(index, access, selected.numbers, {
        out, format, force: opts.force, notes: new Annotations(index.db).frameNotes(), processBlocks: opts.processBlocks !== false,
        userAppl: 'Wirewho 0.1.0', signal: controller.signal, onProgress: (d, t) => progress.update(d, t, { frames: d, rate: '-' }),
      });
    } finally {
      progress.stop();
    }
    log.append('export', operator, {
      out: result.path, format: result.format, frames: result.frames, records: result.records, bytes: result.bytes, sha256: result.sha256,
      first_ts_ns: result.firstTsNs, last_ts_ns: result.lastTsNs, attributed_frames: result.attributedFrames, notes: result.notes,
    });
    for (const n of result.notices) process.stderr.write(`wirewho: notice: ${n}\n`);
    if (opts.json) {
      process.stdout.write(JSON.stringify({
        out: result.path, format: result.format, frames: result.frames, records: result.records, dependents: selected.dependents,
        bytes: result.bytes, sha256: result.sha256, first_ts_ns: result.firstTsNs, last_ts_ns: result.lastTsNs,
        attributed_frames: result.attributedFrames, processes: result.processes, process_blocks: result.processBlocks, notes: result.notes,
        notices: result.notices,
      }) + '\n');
    } else {
      process.stderr.write(`${result.path}: ${result.frames} frames${selected.dependents ? ` (${selected.dependents} dependent)` : ''}, `
        + `${result.bytes} bytes, sha256 ${result.sha256}\n`);
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    access.close();
    index.close();
  }
}
