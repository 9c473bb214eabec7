import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWsServer } from '@wirewho/contract/ws-server';
import { openWorkspace } from '@wirewho/engine';
import { CliError } from '../errors.js';

export interface ServeCommandOptions {
  case: string;
  port?: string;
  /** Captures to ingest; a .wwcase among them is verified and shown read-only instead. */
  open?: string[];
}

/** Where the desktop app's renderer build lives in this checkout. */
export const rendererDir = fileURLToPath(new URL('../../../desktop/out/renderer', import.meta.url));

/** `wirewho serve`: the desktop UI and the API on 127.0.0.1, for browsers and tests. */
export async function runServe(opts: ServeCommandOptions): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0-65535, not "${opts.port}"`);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new CliError(`the UI is not built (${rendererDir} is missing): run "pnpm build" first`);
  }
  // A workspace: the case folder, or a case file (.wwcase) shown read-only in its place.
  const engine = await openWorkspace({ caseDir: opts.case });
  const caseFiles = (opts.open ?? []).filter((f) => /\.wwcase$/i.test(f));
  for (const file of caseFiles) {
    const r = await engine.service.openCaseFile({ path: file }).catch(async (err: Error) => {
      await engine.close();
      throw new CliError(`cannot open ${file}: ${err.message}`, 2);
    });
    if (!r.opened) {
      await engine.close();
      throw new CliError(`${file} does not verify, not opened:\n  ${r.problems.map((p) => `${p.member}: ${p.message}`).join('\n  ')}`, 2);
    }
  }
  const server = await startWsServer({ service: engine.service, events: engine, port, staticDir: rendererDir });
  process.stdout.write(`${server.appUrl}\n`);
  for (const file of (opts.open ?? []).filter((f) => !caseFiles.includes(f))) engine.service.openEvidence({ path: file }).catch((err: Error) => {
    process.stderr.write(`wirewho: cannot open ${file}: ${err.message}\n`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await engine.close();
  return 0;
}
