/**
 * `wirewho ingest - --case <dir> --live`: a pcap or pcapng stream on stdin (e.g. `ssh host tcpdump
 * -U -w - | wirewho ingest - --case c --live`) is copied byte for byte into <case>/live/ — that copy
 * is the evidence — and indexed as it arrives. Frames carrying process metadata (a remote ptcpdump,
 * tcpshark, ...) keep it. Ends at end of input; Ctrl-C ends it too, keeping everything received.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Engine, GrowingFileState, ingestGrowingFile, recordImport } from '@wirewho/engine';
import { CliError } from '../errors.js';

export interface IngestLiveOptions { case: string }

export async function runIngestLive(files: string[], opts: IngestLiveOptions): Promise<number> {
  if (files.length !== 1 || files[0] !== '-') throw new CliError('--live reads one stream from standard input: use "wirewho ingest - --case <dir> --live"');
  const dir = path.join(path.resolve(opts.case), 'live');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = path.join(dir, `stdin-${stamp}-${process.pid}.cap`);
  const fd = openSync(file, 'wx');
  const state = new GrowingFileState();
  const engine = new Engine({ caseDir: opts.case });
  let size = 0;
  const stdin = process.stdin;
  const copied = new Promise<void>((resolve, reject) => {
    stdin.on('data', (chunk: Buffer) => {
      let done = 0;
      try {
        while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
      } catch (err) {
        reject(new CliError(`${file}: ${(err as Error).message}; everything before it is kept and indexed`, 3));
        stdin.destroy();
        return;
      }
      size += chunk.length;
      state.grow(size);
    });
    stdin.on('end', () => resolve());
    stdin.on('error', reject);
  });
  const stop = () => { process.stderr.write('ingest: input interrupted; indexing what arrived\n'); stdin.destroy(); state.finish(size); };
  process.on('SIGINT', stop);
  let copyError: Error | undefined;
  const finished = copied.catch((err: unknown) => { copyError = err instanceof Error ? err : new Error(String(err)); }).finally(() => { closeSync(fd); state.finish(size); });
  try {
    const result = await ingestGrowingFile(engine.index, file, state, {
      onProgress: (p) => { if (process.stderr.isTTY) process.stderr.write(`\r\x1b[Kingest: ${p.frames} frames (${size} bytes received)`); },
    });
    await finished;
    await result.factIndex;
    if (process.stderr.isTTY) process.stderr.write('\n');
    const e = result.evidence;
    recordImport(engine.index, e);
    process.stderr.write(`${file}: ${result.frames} frames from standard input in ${result.seconds.toFixed(2)} s, sha256 ${e.sha256}, ${e.status}\n`);
    if (copyError !== undefined) throw copyError;
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
