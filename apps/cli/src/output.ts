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
