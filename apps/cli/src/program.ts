/** The `wirewho` command line: the same engine as the desktop app, driven from a terminal. */
import { Command, CommanderError } from 'commander';
import { runFrames, type FramesCommandOptions } from './commands/frames.js';
import { runIngest, type IngestCommandOptions } from './commands/ingest.js';
import { runServe, type ServeCommandOptions } from './commands/serve.js';
import { CliError } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('wirewho')
    .description('Process-aware packet forensics: ingest captures, query frames, serve the UI')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();

  program.command('ingest')
    .description('import, hash and index capture files (pcap, pcapng) into a case')
    .argument('<evidence...>', 'capture files to import (never modified)')
    .requiredOption('--case <dir>', 'case folder (created if missing)')
    .action(async (files: string[], opts: IngestCommandOptions) => { process.exitCode = await runIngest(files, opts); });

  program.command('frames')
    .description('list indexed frames, one line (or JSON object) per frame')
    .requiredOption('--case <dir>', 'case folder')
    .option('--fields <list>', 'comma-separated Wireshark field names to print')
    .option('--limit <n>', 'print at most n frames')
    .option('--json', 'one JSON object per line keyed by Wireshark field names')
    .action(async (opts: FramesCommandOptions) => { process.exitCode = await runFrames(opts); });

  program.command('serve')
    .description('serve the Wirewho UI and API on 127.0.0.1 and print the URL (with its access token)')
    .requiredOption('--case <dir>', 'case folder (created if missing)')
    .option('--port <n>', 'TCP port (0 picks a free one)', '0')
    .option('--open <file...>', 'capture files to ingest once the server is up')
    .action(async (opts: ServeCommandOptions) => { process.exitCode = await runServe(opts); });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`wirewho: error: ${message}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  }
}
