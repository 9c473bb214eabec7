/**
 * `wirewho annotate` / `annotations` / `custody`: the analyst's notes, tags and bookmarks from the
 * command line (they go into exports as comments and into case files), and the case's custody log
 * with its hash chain checked.
 */
import { Annotations, CustodyLog, verifyCustodyLines, type AnnotationKind, type AnnotationTarget } from '@wirewho/index';
import { currentOperator } from '@wirewho/engine';
import { CliError } from '../errors.js';
import { writeLine } from '../output.js';
import { openCaseWritable, parseInteger } from './export.js';
import { openCaseReadonly } from './frames.js';

export interface AnnotateCommandOptions {
  case: string;
  frame?: string;
  stream?: string;
  proto?: string;
  evidence?: string;
  process?: string;
  note?: string;
  tag?: string;
  bookmark?: string | boolean;
  operator?: string;
  json?: boolean;
}

export async function runAnnotate(opts: AnnotateCommandOptions): Promise<number> {
  const kinds: [AnnotationKind, string | undefined][] = [
    ['note', opts.note], ['tag', opts.tag], ['bookmark', typeof opts.bookmark === 'string' ? opts.bookmark : opts.bookmark === true ? '' : undefined],
  ];
  const given = kinds.filter(([, v]) => v !== undefined);
  if (given.length !== 1) throw new CliError('give exactly one of --note, --tag, --bookmark');
  const [kind, text] = given[0] as [AnnotationKind, string];
  if (kind !== 'bookmark' && text.trim() === '') throw new CliError(`--${kind} needs text`);
  const targets = [opts.frame, opts.stream, opts.process].filter((v) => v !== undefined);
  if (targets.length !== 1) throw new CliError('give exactly one of --frame, --stream, --process');
  if (opts.proto !== undefined && opts.proto !== 'tcp' && opts.proto !== 'udp') throw new CliError(`--proto must be tcp or udp, not "${opts.proto}"`);
  const index = openCaseWritable(opts.case);
  try {
    let on: AnnotationTarget;
    if (opts.frame !== undefined) {
      const frame = parseInteger('--frame', opts.frame, 1)!;
      if (!index.frame(frame)) throw new CliError(`frame ${frame} is not in this case`);
      on = { target: 'frame', frame };
    } else if (opts.stream !== undefined) {
      const stream = parseInteger('--stream', opts.stream)!;
      const proto = (opts.proto ?? 'tcp');
      const evidenceId = parseInteger('--evidence', opts.evidence, 1)
        ?? (index.db.prepare('SELECT evidence_id FROM streams WHERE proto = ? AND id = ? ORDER BY evidence_id LIMIT 1').pluck().get(proto, stream) as number | undefined);
      if (evidenceId === undefined) throw new CliError(`${proto}.stream ${stream} is not in this case`);
      on = { target: 'stream', evidenceId, proto, stream };
    } else {
      const processId = parseInteger('--process', opts.process, 1)!;
      if (!index.processes.get(processId)) throw new CliError(`process ${processId} is not in this case (see the "id" key of wirewho processes --json)`);
      on = { target: 'process', processId };
    }
    const row = new Annotations(index.db).add(kind, on, text, opts.operator ?? currentOperator());
    if (opts.json) await writeLine(JSON.stringify(row));
    else process.stderr.write(`${kind} ${row.id} added\n`);
    return 0;
  } finally {
    index.close();
  }
}

export async function runAnnotations(opts: { case: string; json?: boolean }): Promise<number> {
  const index = openCaseReadonly(opts.case);
  try {
    for (const a of new Annotations(index.db).all()) {
      const on = a.target === 'frame' ? `frame ${a.frame}` : a.target === 'stream' ? `${a.proto}.stream ${a.stream} (evidence ${a.evidenceId})` : `process ${a.processId}`;
      const line = opts.json ? JSON.stringify(a) : `${String(a.id).padStart(5)}  ${a.kind.padEnd(8)} ${on.padEnd(28)} ${a.author}  ${a.createdAt}  ${a.text}`;
      if (!(await writeLine(line))) break;
    }
  } finally {
    index.close();
  }
  return 0;
}

/** Prints the custody log (JSON lines as stored with --json); exit 1 when its hash chain is broken. */
export async function runCustody(opts: { case: string; json?: boolean }): Promise<number> {
  const index = openCaseReadonly(opts.case);
  try {
    const log = new CustodyLog(index.db);
    const lines = log.lines();
    for (const line of lines) {
      const e = JSON.parse(line) as { seq: number; time: string; operator: string; event: string };
      if (!(await writeLine(opts.json ? line : `${String(e.seq).padStart(5)}  ${e.time}  ${e.operator}  ${e.event}`))) break;
    }
    const problems = verifyCustodyLines(lines, log.head());
    for (const p of problems) process.stderr.write(`wirewho: ${p.message}\n`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    index.close();
  }
}
