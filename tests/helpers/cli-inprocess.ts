/**
 * Runs `wirewho` commands inside the test process (the same `main` the binary runs, stdout and stderr
 * captured as bytes), so a suite can run dozens of commands without paying a tsx start-up each. Keep
 * a few spawned runs (helpers/cli.ts) for what only a real process shows: pipes and exit statuses.
 */
import { main } from '../../apps/cli/src/program.js';

export interface InProcessResult { status: number; stdout: Buffer; stderr: string }

type Write = typeof process.stdout.write;

/** One command at a time: stdout and stderr are process-wide. */
let queue: Promise<unknown> = Promise.resolve();

export function wirewhoInProcess(args: string[]): Promise<InProcessResult> {
  const run = queue.then(() => runOnce(args));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[]): Promise<InProcessResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const capture = (sink: Buffer[]): Write => ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
    sink.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk));
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as (e?: Error) => void)());
    return true;
  });
  // Bound copies of whatever writes are installed now (vitest may have wrapped them), put back after.
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    await main(['node', 'wirewho', ...args]);
    return { status: Number(process.exitCode ?? 0), stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = exitCode;
  }
}
