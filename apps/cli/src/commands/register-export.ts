/** Registers `wirewho export` and `wirewho case export|verify|open` (kept out of program.ts, which many edit). */
import type { Command } from 'commander';
import { runExport, type ExportCommandOptions } from './export.js';

export function registerExportCommands(program: Command): void {
  program.command('export')
    .description('Export Specified Packets: write selected frames to pcapng (with process metadata) or pcap')
    .requiredOption('--case <dir>', 'case folder')
    .requiredOption('--out <file>', 'capture file to write (appears only when complete)')
    .option('--filter <expr>', 'display filter selecting the frames')
    .option('--stream <n>', 'only this tcp.stream (or udp.stream with --proto udp)')
    .option('--proto <tcp|udp>', 'protocol of --stream', 'tcp')
    .option('--evidence <id>', 'evidence id of --stream when several files have that stream number (default: the first)')
    .option('--pid <n>', 'only frames of processes with this PID')
    .option('--frames <list>', 'only these frames, e.g. 1,5-9')
    .option('--format <pcapng|pcap>', 'output format (pcap cannot carry process metadata or comments); default from the file name, else pcapng')
    .option('--with-dependents', 'add the frames reassembled PDUs and IP datagrams in the selection were built from')
    .option('--force', 'replace --out if it exists')
    .option('--no-process-blocks', 'leave out Wireshark process-information blocks (Wireshark 4.0 lists each as a record); comments and epb_processid_threadid stay')
    .option('--operator <name>', 'who is exporting, for the custody log (default: $WIREWHO_OPERATOR or the OS user)')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: ExportCommandOptions) => { process.exitCode = await runExport(opts); });
}
