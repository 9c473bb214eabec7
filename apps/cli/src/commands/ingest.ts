import { existsSync } from 'node:fs';
import { Engine } from '@wirewho/engine';
import { ingestEvidenceFile, recordImport, recordUserDissectors } from '@wirewho/engine';
import { reportDissectorErrors, useDissectors } from '../dissectors.js';
import { CliError } from '../errors.js';
import { createProgress } from '../progress.js';

export interface IngestCommandOptions { case: string; dissectors?: string }

/** `wirewho ingest <evidence>... --case <dir>`: import, hash and index each file in turn. */
export async function runIngest(files: string[], opts: IngestCommandOptions): Promise<number> {
  for (const f of files) if (!existsSync(f)) throw new CliError(`no such evidence file: ${f}`);
  await useDissectors(opts.dissectors);
  const engine = new Engine({ caseDir: opts.case });
  let exitCode = 0;
  try {
    for (const file of files) {
      const progress = createProgress(`ingest ${file}`);
      const result = await ingestEvidenceFile(engine.index, file, {
        onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, { frames: p.frames, rate: Math.round(p.framesPerSecond).toLocaleString('en-US') }),
      });
      progress.stop();
      await result.factIndex;
      const e = result.evidence;
      recordUserDissectors(engine.index, e.id);
      reportDissectorErrors();
      if (!result.cancelled) recordImport(engine.index, e);
      const rate = Math.round(result.frames / Math.max(result.seconds, 1e-9));
      process.stderr.write(`${file}: ${result.frames} frames in ${result.seconds.toFixed(2)} s (${rate} frames/s), sha256 ${e.sha256}, ${e.status}\n`);
      if (e.status !== 'complete') {
        process.stderr.write(`wirewho: ${file}: ${e.error}\n`);
        exitCode = 2;
      }
    }
  } finally {
    await engine.close();
  }
  return exitCode;
}
