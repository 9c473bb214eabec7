import { EvidenceAccess, StreamFollower, type FollowDirection, type FollowItem } from '@wirewho/engine';
import { CliError } from '../errors.js';
import { flushStdout, writeBytes, writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';

export interface FollowCommandOptions {
  case: string;
  stream: string;
  proto?: string;
  direction?: string;
  format?: string;
  evidence?: string;
}

const RULE = '='.repeat(67);

/** tshark's follow ASCII: printable bytes and line breaks as they are, every other byte (tabs too) a dot. */
function printable(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += c === 0x0a || c === 0x0d || (c >= 0x20 && c < 0x7f) ? String.fromCharCode(c) : '.';
  return s;
}

/**
 * tshark's `-z follow,…,hex` lines: offset, 16 bytes in two groups of 8, their ASCII in two groups of
 * 8, the second node's lines indented by a tab.
 */
export function hexLines(b: Uint8Array, offset: number, indent: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    const row = b.subarray(i, i + 16);
    let hex = '';
    for (let j = 0; j < 16; j++) {
      hex += j < row.length ? row[j].toString(16).padStart(2, '0') + ' ' : '   ';
      if (j === 7) hex += ' ';
    }
    let ascii = '';
    for (let j = 0; j < row.length; j++) {
      const c = row[j];
      ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      if (j === 7) ascii += ' ';
    }
    const line = `${indent}${(offset + i).toString(16).toUpperCase().padStart(8, '0')}  ${hex} ${ascii}`;
    // As tshark 4.0 prints it: one trailing blank is dropped (the group separator after an 8-byte
    // row, or a space byte ending the row; the hex column still shows that byte).
    out.push(line.endsWith(' ') ? line.slice(0, -1) : line);
  }
  return out;
}

function parseIntOption(name: string, v: string | undefined, min = 0): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new CliError(`${name} must be an integer >= ${min}, not "${v}"`);
  return n;
}

/**
 * `wirewho follow`: the reassembled bytes of a stream, read from the index and the evidence.
 * raw: the bytes exactly (both: interleaved in arrival order), gaps reported on stderr;
 * ascii / hex: tshark's follow layout, the server side indented by a tab, gaps marked in place.
 */
export async function runFollow(opts: FollowCommandOptions): Promise<number> {
  const stream = parseIntOption('--stream', opts.stream)!;
  const evidenceId = parseIntOption('--evidence', opts.evidence, 1);
  const proto = opts.proto ?? 'tcp';
  if (proto !== 'tcp' && proto !== 'udp') throw new CliError(`--proto must be tcp or udp, not "${proto}"`);
  const direction = (opts.direction ?? 'both') as FollowDirection;
  if (!['client', 'server', 'both'].includes(direction)) throw new CliError(`--direction must be client, server or both, not "${opts.direction}"`);
  const format = opts.format ?? 'ascii';
  if (!['raw', 'ascii', 'hex'].includes(format)) throw new CliError(`--format must be raw, ascii or hex, not "${opts.format}"`);

  const index = openCaseReadonly(opts.case);
  const access = new EvidenceAccess(index);
  try {
    const follower = new StreamFollower(index, access);
    let info;
    try {
      info = follower.resolve(proto, stream, evidenceId);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const { row, clientNode } = info;
    const hostPort = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);
    const ep = (n: number) => (n === 0 ? hostPort(row.node0Addr, row.node0Port) : hostPort(row.node1Addr, row.node1Port));
    const side = (it: FollowItem) => (it.fromClient ? 'client→server' : 'server→client');
    const gapText = (it: Extract<FollowItem, { kind: 'gap' }>) =>
      `${it.length} bytes missing in capture at ${side(it)} offset ${it.offset} (${it.reason}${it.frameAfter === null ? '' : `, before frame ${it.frameAfter}`})`;

    if (format === 'raw') {
      for (const it of follower.items(info, direction)) {
        if (it.kind === 'gap') process.stderr.write(`wirewho: ${proto}.stream ${stream}: ${gapText(it)}\n`);
        else if (!(await writeBytes(it.bytes))) break;
      }
      await flushStdout();
      return 0;
    }

    const header = [RULE, `Follow: ${proto},${format}`, `Filter: ${proto}.stream eq ${stream}`,
      `Node 0: ${ep(clientNode)}`, `Node 1: ${ep(1 - clientNode)}`];
    for (const l of header) if (!(await writeLine(l))) return 0;
    for (const it of follower.items(info, direction)) {
      // As in tshark's follow output, Node 0 is the client here and the server's lines are indented.
      const indent = it.fromClient ? '' : '\t';
      const lines = it.kind === 'gap'
        ? [`${indent}[${gapText(it)}]`]
        : format === 'hex' ? hexLines(it.bytes, it.offset, indent) : [`${indent}${it.bytes.length}`, printable(it.bytes)];
      let ok = true;
      for (const l of lines) if (!(ok = await writeLine(l))) break;
      if (!ok) return 0;
    }
    await writeLine(RULE);
    return 0;
  } finally {
    access.close();
    index.close();
  }
}
