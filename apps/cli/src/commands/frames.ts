import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaseIndex, INDEX_FILE, numberToMac } from '@wirewho/index';
import { EvidenceAccess, formatSecondsNs, frameInfos, storedTsNs } from '@wirewho/engine';
import { CliError } from '../errors.js';
import { DEFAULT_JSON_FIELDS, frameToFieldLine, frameToJson, needsInfo, needsProcess, parseFieldList } from '../frame-fields.js';
import { openFilter } from '../filter-option.js';
import { writeLine } from '../output.js';

/** Rows read from the index (and frames re-read for Info) per step. */
const PAGE = 2000;

export interface FramesCommandOptions { case: string; fields?: string; limit?: string; json?: boolean; filter?: string }

export function openCaseReadonly(caseDir: string): CaseIndex {
  if (!existsSync(path.join(caseDir, INDEX_FILE))) throw new CliError(`no case index in ${caseDir} (run wirewho ingest first)`);
  return CaseIndex.open(caseDir, { readonly: true });
}

export function parseLimit(limit: string | undefined): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--limit must be a non-negative integer, not "${limit}"`);
  return n;
}

/** `wirewho frames`: one line (or JSON object) per frame, streamed from the index. */
export async function runFrames(opts: FramesCommandOptions): Promise<number> {
  let fields: string[] | undefined;
  try { fields = parseFieldList(opts.fields); } catch (err) { throw new CliError((err as Error).message); }
  const limit = parseLimit(opts.limit);
  const index = openCaseReadonly(opts.case);
  let filter;
  try {
    filter = openFilter(index, opts.filter);
  } catch (err) {
    index.close();
    throw err;
  }
  const access = new EvidenceAccess(index);
  const printed = opts.json ? fields ?? DEFAULT_JSON_FIELDS : fields;
  const withInfo = printed === undefined || needsInfo(printed);
  // Processes are few (one row per process instance): all of them, by id.
  const processes = printed !== undefined && needsProcess(printed) ? new Map(index.processes.all().map((p) => [p.id, p])) : null;
  try {
    let first: bigint | null = null;
    let n = 0;
    let next = 1;
    while (n < limit) {
      const page = filter.after(opts.filter ?? '', next - 1, Math.min(PAGE, limit - n));
      if (page.length === 0) break;
      next = page[page.length - 1].number + 1;
      const infos = withInfo ? frameInfos(access, page) : [];
      for (let k = 0; k < page.length; k++) {
        const row = page[k];
        const process = processes !== null && row.processId !== null ? processes.get(row.processId) : undefined;
        const view = { row, info: infos[k] ?? '', process };
        n++;
        let line: string;
        if (opts.json) line = JSON.stringify(frameToJson(view, printed!));
        else if (printed) line = frameToFieldLine(view, printed);
        else {
          const ts = storedTsNs(row);
          if (ts !== null) first ??= ts;
          const src = row.ipSrc ?? (row.ethSrc === null ? '' : numberToMac(row.ethSrc));
          const dst = row.ipDst ?? (row.ethDst === null ? '' : numberToMac(row.ethDst));
          line = `${String(row.number).padStart(7)} ${ts === null || first === null ? '' : formatSecondsNs(ts - first)} ${src} → ${dst} ${row.protocol} ${row.origLen} ${view.info}`;
        }
        if (!(await writeLine(line))) return 0;
      }
    }
  } finally {
    access.close();
    filter.close();
    index.close();
  }
  return 0;
}
