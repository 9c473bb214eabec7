/** Registers `wirewho export` and `wirewho case export|verify|open` (kept out of program.ts, which many edit). */
import type { Command } from 'commander';
import type { ExportCommandOptions } from './export.js';
import type { AnnotateCommandOptions } from './annotate.js';
import type { CaseExportCommandOptions, CaseOpenCommandOptions, CaseVerifyCommandOptions } from './case.js';

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
    .action(async (opts: ExportCommandOptions) => { process.exitCode = await (await import('./export.js')).runExport(opts); });

  const kase = program.command('case').description('case files (.wwcase): export the analyst\'s work, verify it, open it read-only');
  kase.command('export')
    .description('write a .wwcase file: selected frames as pcapng, their index, notes/tags/bookmarks, custody log, HTML report, manifest')
    .requiredOption('--case <dir>', 'case folder')
    .requiredOption('--out <file>', '.wwcase file to write (appears only when complete)')
    .option('--filter <expr>', 'display filter selecting the frames (default: all)')
    .option('--stream <n>', 'only this tcp.stream (or udp.stream with --proto udp)')
    .option('--proto <tcp|udp>', 'protocol of --stream', 'tcp')
    .option('--evidence <id>', 'evidence id of --stream')
    .option('--pid <n>', 'only frames of processes with this PID')
    .option('--frames <list>', 'only these frames, e.g. 1,5-9')
    .option('--with-dependents', 'add the frames reassembled PDUs and IP datagrams in the selection were built from')
    .option('--force', 'replace --out if it exists')
    .option('--no-process-blocks', 'leave Wireshark process-information blocks out of the capture')
    .option('--analyst <name>', 'whose analysis this is (default: the operator)')
    .option('--operator <name>', 'who is exporting, for the custody log (default: $WIREWHO_OPERATOR or the OS user)')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: CaseExportCommandOptions) => { process.exitCode = await (await import('./case.js')).runCaseExport(opts); });
  kase.command('verify')
    .description('recompute every member hash and the custody log chain; names what changed (exit 1), 2 when unreadable or from a newer version')
    .argument('<file>', '.wwcase file')
    .option('--json', 'print the result as one JSON object')
    .action(async (file: string, opts: CaseVerifyCommandOptions) => { process.exitCode = await (await import('./case.js')).runCaseVerify(file, opts); });
  kase.command('open')
    .description('verify a case file and extract it to a case folder (the archive is never changed); prints the folder')
    .argument('<file>', '.wwcase file')
    .option('--dir <dir>', 'where to extract (default: a cache folder named after the manifest)')
    .option('--serve', 'then serve the UI on it (as wirewho serve)')
    .option('--port <n>', 'port for --serve (0 picks a free one)', '0')
    .action(async (file: string, opts: CaseOpenCommandOptions) => { process.exitCode = await (await import('./case.js')).runCaseOpen(file, opts); });

  program.command('annotate')
    .description('add a note, tag or bookmark to a frame, a stream or a process (notes go into exports as comments)')
    .requiredOption('--case <dir>', 'case folder')
    .option('--frame <n>', 'the frame')
    .option('--stream <n>', 'the tcp.stream (udp.stream with --proto udp)')
    .option('--proto <tcp|udp>', 'protocol of --stream', 'tcp')
    .option('--evidence <id>', 'evidence id of --stream (default: the first that has it)')
    .option('--process <id>', 'the process instance (the "id" key of wirewho processes --json)')
    .option('--note <text>', 'a note')
    .option('--tag <text>', 'a tag')
    .option('--bookmark [label]', 'a bookmark, with an optional label')
    .option('--operator <name>', 'author (default: $WIREWHO_OPERATOR or the OS user)')
    .option('--json', 'print the annotation as JSON')
    .action(async (opts: AnnotateCommandOptions) => { process.exitCode = await (await import('./annotate.js')).runAnnotate(opts); });
  program.command('annotations')
    .description('list the notes, tags and bookmarks of a case')
    .requiredOption('--case <dir>', 'case folder')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { case: string; json?: boolean }) => { process.exitCode = await (await import('./annotate.js')).runAnnotations(opts); });
  program.command('custody')
    .description('print the case\'s custody log; exit 1 when its hash chain is broken')
    .requiredOption('--case <dir>', 'case folder')
    .option('--json', 'the entries as stored, one JSON line each')
    .action(async (opts: { case: string; json?: boolean }) => { process.exitCode = await (await import('./annotate.js')).runCustody(opts); });
}
