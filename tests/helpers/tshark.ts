/** Runs the real tshark (Debian 4.0.x) as an oracle. */
import { execFileSync, spawnSync } from 'node:child_process';

export function haveTshark(): boolean {
  return spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `tshark -r file -T fields -e …`: one array of column strings per frame tshark could read. */
export function tsharkFields(file: string, fields: string[], extra: string[] = []): string[][] {
  const args = ['-r', file, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...extra];
  for (const f of fields) args.push('-e', f);
  let out: string;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    // tshark exits non-zero on files it can only partly read; what it printed is still its answer.
    out = String((err as { stdout?: string }).stdout ?? '');
  }
  return out.split('\n').filter((l, i, all) => l.length > 0 || i < all.length - 1).map((l) => l.split('\t'));
}
