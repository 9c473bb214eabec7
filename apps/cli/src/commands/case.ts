/** `wirewho case export | verify | open`: the .wwcase case file. */
import path from 'node:path';
import { CaseFileError, NewerCaseFormatError, verifyCaseFile } from '@wirewho/casefile';
import { currentOperator, EvidenceAccess, exportCase, FrameFilter, openCaseFile } from '@wirewho/engine';
import { CliError } from '../errors.js';
import { openCaseWritable, selectionFromOptions, type ExportCommandOptions } from './export.js';
import { runServe } from './serve.js';

export type CaseExportCommandOptions = Omit<ExportCommandOptions, 'format'> & { analyst?: string };

export async function runCaseExport(opts: CaseExportCommandOptions): Promise<number> {
  const sel = selectionFromOptions(opts);
  if (!opts.out.endsWith('.wwcase')) throw new CliError(`--out must name a .wwcase file, not "${opts.out}"`);
  const index = openCaseWritable(opts.case);
  const access = new EvidenceAccess(index);
  try {
    const r = await exportCase(index, access, new FrameFilter(index, access), {
      out: opts.out, selection: sel, analyst: opts.analyst, operator: opts.operator ?? currentOperator(), force: opts.force,
      processBlocks: opts.processBlocks !== false, onStage: (s) => { if (process.stderr.isTTY) process.stderr.write(`${s}...\n`); },
    });
    if (opts.json) {
      process.stdout.write(JSON.stringify({ out: r.path, bytes: r.bytes, sha256: r.sha256, manifest_sha256: r.manifestSha256, counts: r.manifest.counts }) + '\n');
    } else {
      process.stderr.write(`${r.path}: ${r.manifest.counts.frames} frames, ${r.manifest.counts.processes} processes, ${r.bytes} bytes\n`
        + `  sha256 ${r.sha256}\n  manifest sha256 ${r.manifestSha256} (recorded in the case's custody log)\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CaseFileError) throw new CliError(e.message);
    throw e;
  } finally {
    access.close();
    index.close();
  }
}

export interface CaseVerifyCommandOptions { json?: boolean }

/** Exit 0: every hash and the custody chain check out; 1: something changed (each named); 2: not a readable case file. */
export async function runCaseVerify(file: string, opts: CaseVerifyCommandOptions): Promise<number> {
  let v;
  try {
    v = await verifyCaseFile(path.resolve(file));
  } catch (e) {
    if (e instanceof NewerCaseFormatError) throw new CliError(e.message, 2);
    if (e instanceof CaseFileError) throw new CliError(e.message, 2);
    throw e;
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify({ ok: v.ok, problems: v.problems, members: v.members.map((m) => ({ name: m.name, size: m.size, sha256: m.sha256 })) }) + '\n');
  } else if (v.ok) {
    const m = v.manifest!;
    process.stdout.write(`${file}: OK — ${v.members.length} members match the manifest, custody log of ${m.custody_head.count} entries intact\n`);
  } else {
    for (const p of v.problems) process.stdout.write(`${file}: ${p.member}: ${p.message}\n`);
  }
  return v.ok ? 0 : 1;
}

export interface CaseOpenCommandOptions { dir?: string; serve?: boolean; port?: string }

export async function runCaseOpen(file: string, opts: CaseOpenCommandOptions): Promise<number> {
  let opened;
  try {
    opened = await openCaseFile(path.resolve(file), { dir: opts.dir });
  } catch (e) {
    if (e instanceof CaseFileError) throw new CliError(e.message, 2);
    throw e;
  }
  process.stderr.write(`${file}: verified; case folder ${opened.caseDir}${opened.reused ? ' (already extracted)' : ''}\n`
    + `  browse: wirewho frames --case ${opened.caseDir}   (also streams, pdus, processes, follow, serve)\n`);
  if (!opts.serve) {
    process.stdout.write(`${opened.caseDir}\n`);
    return 0;
  }
  // The UI shows the case file itself, read-only (verified again, editing refused), not the folder.
  return runServe({ case: opened.caseDir, port: opts.port, open: [path.resolve(file)] });
}
