/**
 * `wirewho ingest - --case <dir> --live`: a pcap or pcapng stream on stdin (e.g. `ssh host tcpdump
 * -U -w - | wirewho ingest - --case c --live`) is copied byte for byte into <case>/live/ — that copy
 * is the evidence — and indexed as it arrives. Frames carrying process metadata (a remote ptcpdump,
 * tcpshark, ...) keep it. Ends at end of input; Ctrl-C ends it too, keeping everything received.
 */
import path from 'node:path';
import { Engine, ingestGrowingFile, liveStreamFile, recordImport, StreamCopy } from '@wirewho/engine';
import { CliError } from '../errors.js';

export interface IngestLiveOptions { case: string }

export async function runIngestLive(files: string[], opts: IngestLiveOptions): Promise<number> {
  if (files.length !== 1 || files[0] !== '-') throw new CliError('--live reads one stream from standard input: use "wirewho ingest - --case <dir> --live"');
  const { file, fd } = liveStreamFile(path.join(path.resolve(opts.case), 'live'), 'stdin');
  const copy = new StreamCopy(file, fd, process.stdin);
  const engine = new Engine({ caseDir: opts.case });
  const stop = () => { process.stderr.write('ingest: input interrupted; indexing what arrived\n'); copy.stop(); };
  process.on('SIGINT', stop);
  try {
    const result = await ingestGrowingFile(engine.index, file, copy.state, {
      onProgress: (p) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[Kingest: ${p.frames} frames (${copy.size} bytes received)`); },
    });
    await copy.done;
    await result.factIndex;
    if (process.stderr.isTTY) process.stderr.write('\n');
    const e = result.evidence;
    recordImport(engine.index, e);
    process.stderr.write(`${file}: ${result.frames} frames from standard input in ${result.seconds.toFixed(2)} s, sha256 ${e.sha256}, ${e.status}\n`);
    if (copy.error !== undefined) throw new CliError(copy.error.message, 3);
    if (e.status !== 'complete') {
      process.stderr.write(`wirewho: ${file}: ${e.error}\n`);
      return 2;
    }
    return 0;
  } finally {
    process.off('SIGINT', stop);
    await engine.close();
  }
}
