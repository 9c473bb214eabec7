/** The `wirewho` command line: the same engine as the desktop app, driven from a terminal. */
import { Command, CommanderError } from 'commander';
import type { FramesCommandOptions } from './commands/frames.js';
import type { CountCommandOptions } from './commands/count.js';
import type { IngestCommandOptions } from './commands/ingest.js';
import type { ServeCommandOptions } from './commands/serve.js';
import type { FollowCommandOptions } from './commands/follow.js';
import type { PdusCommandOptions } from './commands/pdus.js';
import type { StreamsCommandOptions } from './commands/streams.js';
import type { ProcessesCommandOptions } from './commands/processes.js';
import type { CaptureCommandOptions } from './commands/capture.js';
import type { InterfacesCommandOptions } from './commands/interfaces.js';
import { CliError } from './errors.js';
import { registerExportCommands } from './commands/register-export.js';

type DissectorsOption = { dissectors?: string };

// Commands load their code when they run: `wirewho --help` and each command start without compiling the
// whole engine, capture and dissector stack.
export function buildProgram(): Command {
  const program = new Command('wirewho')
    .description('Process-aware packet forensics: ingest captures, query frames, serve the UI')
    .version('0.1.0')
    // Usage errors are one line like every other error (README); --help shows the usage.
    .exitOverride();

  program.command('ingest')
    .description('import, hash and index capture files (pcap, pcapng) into a case')
    .argument('<evidence...>', 'capture files to import (never modified)')
    .requiredOption('--case <dir>', 'case folder (created if missing)')
    .option('--dissectors <dir>', 'load declarative (.json/.yaml) and Wireshark Lua (.lua) dissectors from this folder')
    .option('--live', 'with "-": read a pcap/pcapng stream from stdin and index it as it arrives (e.g. ssh host tcpdump -U -w - | wirewho ingest - --case c --live)')
    .action(async (files: string[], opts: IngestCommandOptions & { live?: boolean }) => {
      process.exitCode = opts.live ? await (await import('./commands/ingest-live.js')).runIngestLive(files, opts) : await (await import('./commands/ingest.js')).runIngest(files, opts);
    });

  program.command('capture')
    .description('capture live through the privileged helper into a pcapng ring under <case>/capture/, attributing flows to processes and indexing as frames arrive (Ctrl-C stops cleanly)')
    .requiredOption('-i, --interface <name>', 'interface to capture on (repeat for several; see wirewho interfaces)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('-f, --filter <bpf>', 'BPF capture filter (checked before the capture starts)')
    .option('--duration <seconds>', 'stop after this many seconds')
    .option('--count <n>', 'stop after this many frames')
    .requiredOption('--case <dir>', 'case folder (created if missing)')
    .option('--ring-size <MB>', 'start a new file when the current one reaches this many megabytes')
    .option('--ring-files <n>', 'keep only the last n files (with --ring-size or --ring-duration)')
    .option('--ring-duration <seconds>', 'start a new file every this many seconds')
    .option('--snaplen <bytes>', 'bytes kept of each frame (default 262144)')
    .option('--no-promisc', 'do not put the interfaces in promiscuous mode')
    .option('--attribution <mode>', 'targeted (the kernel\'s socket hooks where they can be attached, else a /proc lookup the moment a flow appears), proc (/proc lookups only, no eBPF), tcpshark (1 s socket-table poll, for comparison) or off', 'targeted')
    .option('--compare-tcpshark', 'also record what a 1 s socket-table poll would have attributed, in the attribution log')
    .option('--json', 'print a JSON summary (files, evidence, drops, attribution counts) on stdout at the end')
    .action(async (opts: CaptureCommandOptions) => { process.exitCode = await (await import('./commands/capture.js')).runCapture(opts); });

  program.command('interfaces')
    .description('list capture interfaces with their addresses')
    .option('--json', 'one JSON object per line (name, description, up, running, loopback, addresses)')
    .action(async (opts: InterfacesCommandOptions) => { process.exitCode = (await import('./commands/interfaces.js')).runInterfaces(opts); });

  program.command('frames')
    .description('list indexed frames, one line (or JSON object) per frame')
    .requiredOption('--case <dir>', 'case folder')
    .option('--fields <list>', 'comma-separated Wireshark field names to print')
    .option('--limit <n>', 'print at most n frames')
    .option('--json', 'one JSON object per line keyed by Wireshark field names')
    .option('--filter <expr>', 'Wireshark display filter (e.g. \'tcp.port == 443 && pid == 4242\')')
    .option('--dissectors <dir>', 'dissector folder whose fields the filters and output may use')
    .action(async (opts: FramesCommandOptions & DissectorsOption) => { await (await import('./dissectors.js')).useDissectors(opts.dissectors, opts.case); process.exitCode = await (await import('./commands/frames.js')).runFrames(opts); });

  program.command('count')
    .description('print how many frames a display filter selects')
    .argument('<filter>', 'Wireshark display filter (\'\' counts every frame)')
    .requiredOption('--case <dir>', 'case folder')
    .action(async (expr: string, opts: CountCommandOptions) => { process.exitCode = await (await import('./commands/count.js')).runCount(expr, opts); });

  program.command('streams')
    .description('list TCP and UDP conversations (tcp.stream / udp.stream numbering as in tshark)')
    .requiredOption('--case <dir>', 'case folder')
    .option('--proto <tcp|udp>', 'only TCP or only UDP streams')
    .option('--json', 'one JSON object per line (node0 = source of the first frame, as tshark\'s Node 0)')
    .action(async (opts: StreamsCommandOptions) => { process.exitCode = await (await import('./commands/streams.js')).runStreams(opts); });

  program.command('processes')
    .description('list the local processes the frames were attributed to (from ptcpdump, tcpshark, Apple or pcapng metadata), one per process instance')
    .requiredOption('--case <dir>', 'case folder')
    .option('--json', 'one JSON object per line (pid, ppid, uid, user, cmd, exe, args, first_seen, last_seen, frames, streams, bytes_sent, bytes_received, source, ...)')
    .action(async (opts: ProcessesCommandOptions) => { process.exitCode = await (await import('./commands/processes.js')).runProcesses(opts); });

  program.command('pdus')
    .description('list application PDUs (DNS, HTTP, TLS records, ...) found in reassembled streams')
    .requiredOption('--case <dir>', 'case folder')
    .option('--filter <expr>', 'display filter over the frame each PDU is reassembled in (dns, \'http.request.method == "GET"\')')
    .option('--json', 'one JSON object per line')
    .option('--dissectors <dir>', 'dissector folder whose fields the filters and output may use')
    .action(async (opts: PdusCommandOptions & DissectorsOption) => { await (await import('./dissectors.js')).useDissectors(opts.dissectors, opts.case); process.exitCode = await (await import('./commands/pdus.js')).runPdus(opts); });

  program.command('follow')
    .description('print the reassembled bytes of a stream (read from the index and the evidence file)')
    .requiredOption('--case <dir>', 'case folder')
    .requiredOption('--stream <n>', 'tcp.stream or udp.stream number')
    .option('--proto <tcp|udp>', 'stream protocol', 'tcp')
    .option('--direction <client|server|both>', 'one direction, or both interleaved in arrival order', 'both')
    .option('--format <raw|ascii|hex>', 'raw: the exact bytes on stdout (gaps reported on stderr); ascii/hex: tshark-like, gaps marked', 'ascii')
    .option('--evidence <id>', 'evidence id when several files of the case have this stream number (default: the first)')
    .option('--dissectors <dir>', 'dissector folder whose fields the filters and output may use')
    .action(async (opts: FollowCommandOptions & DissectorsOption) => { await (await import('./dissectors.js')).useDissectors(opts.dissectors, opts.case); process.exitCode = await (await import('./commands/follow.js')).runFollow(opts); });

  program.command('serve')
    .description('serve the Wirewho UI and API on 127.0.0.1 and print the URL (with its access token)')
    .requiredOption('--case <dir>', 'case folder (created if missing)')
    .option('--port <n>', 'TCP port (0 picks a free one)', '0')
    .option('--open <file...>', 'capture files to ingest once the server is up; a case file (.wwcase) is verified and shown read-only')
    .action(async (opts: ServeCommandOptions) => { process.exitCode = await (await import('./commands/serve.js')).runServe(opts); });

  registerExportCommands(program);

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
