/**
 * Writes a line to stdout honouring back-pressure, and stops quietly when the reader went away
 * (`wirewho frames | head`), instead of crashing with EPIPE.
 */
let closed = false;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') closed = true;
  else throw err;
});

export async function writeLine(line: string): Promise<boolean> {
  if (closed) return false;
  if (!process.stdout.write(line + '\n')) {
    await new Promise<void>((resolve) => {
      const done = () => { process.stdout.off('drain', done); process.stdout.off('close', done); resolve(); };
      process.stdout.once('drain', done);
      process.stdout.once('close', done);
    });
  }
  return !closed;
}

/** Writes bytes to stdout exactly (binary), honouring back-pressure; false once the reader went away. */
export async function writeBytes(bytes: Uint8Array): Promise<boolean> {
  if (closed) return false;
  if (bytes.length === 0) return true;
  if (!process.stdout.write(bytes)) {
    await new Promise<void>((resolve) => {
      const done = () => { process.stdout.off('drain', done); process.stdout.off('close', done); resolve(); };
      process.stdout.once('drain', done);
      process.stdout.once('close', done);
    });
  }
  return !closed;
}

/** Resolves once everything written to stdout has been handed to the OS. */
export function flushStdout(): Promise<void> {
  if (closed) return Promise.resolve();
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}
