import { existsSync } from 'node:fs';
import path from 'node:path';
import { CaseIndex, INDEX_FILE } from '@wirewho/index';
import { formatSecondsNs, storedTsNs } from '@wirewho/engine';
import { CliError } from '../errors.js';
import { DEFAULT_JSON_FIELDS, frameToFieldLine, frameToJson, parseFieldList } from '../frame-fields.js';
import { writeLine } from '../output.js';

export interface FramesCommandOptions { case: string; fields?: string; limit?: string; json?: boolean }

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
  try {
    let first: bigint | null = null;
    let n = 0;
    for (const row of index.iterateFrames()) {
      if (n++ >= limit) break;
      let line: string;
      if (opts.json) line = JSON.stringify(frameToJson(row, fields ?? DEFAULT_JSON_FIELDS));
      else if (fields) line = frameToFieldLine(row, fields);
      else {
        const ts = storedTsNs(row);
        if (ts !== null) first ??= ts;
        const src = row.ipSrc ?? row.ethSrc ?? '';
        const dst = row.ipDst ?? row.ethDst ?? '';
        line = `${String(row.number).padStart(7)} ${ts === null || first === null ? '' : formatSecondsNs(ts - first)} ${src} → ${dst} ${row.protocol} ${row.origLen} ${row.info}`;
      }
      if (!(await writeLine(line))) break;
    }
  } finally {
    index.close();
  }
  return 0;
}
