/** `wirewho processes`: the local processes the case's frames were attributed to, one per process instance. */
import { epochText } from '@wirewho/engine';
import type { ProcessRowDb } from '@wirewho/index';
import { writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';

export interface ProcessesCommandOptions { case: string; json?: boolean }

const seen = (sec: number | null, nsec: number | null): string | null => (sec === null ? null : epochText({ tsSec: sec, tsNsec: nsec }) || null);

/** One process as JSON; keys are the filter language's names without "proc." (pid, cmd, args, ...). */
export function processJson(p: ProcessRowDb): Record<string, unknown> {
  const details = p.details === null ? {} : (JSON.parse(p.details) as Record<string, unknown>);
  return {
    pid: p.pid,
    ppid: p.ppid,
    uid: p.uid,
    user: p.user,
    cmd: p.name,
    comm: p.comm,
    exe: p.exe,
    args: p.args,
    ...(p.argv === null ? {} : { argv: JSON.parse(p.argv) as string[] }),
    ...(p.startNs === null ? {} : { start_time: epochText({ tsSec: Number(BigInt(p.startNs) / 1_000_000_000n), tsNsec: Number(BigInt(p.startNs) % 1_000_000_000n) }) }),
    ...(p.uuid === null ? {} : { uuid: p.uuid }),
    first_seen: seen(p.firstTsSec, p.firstTsNsec),
    last_seen: seen(p.lastTsSec, p.lastTsNsec),
    first_frame: p.firstFrame,
    last_frame: p.lastFrame,
    frames: p.frames,
    streams: p.streams,
    frames_sent: p.framesSent,
    frames_received: p.framesReceived,
    bytes_sent: p.bytesSent,
    bytes_received: p.bytesReceived,
    source: p.source,
    confidence: p.confidence,
    ...(p.truncated ? { truncated: true } : {}),
    evidence: p.evidenceId,
    id: p.id,
    ...details,
  };
}

export async function runProcesses(opts: ProcessesCommandOptions): Promise<number> {
  const index = openCaseReadonly(opts.case);
  try {
    for (const p of index.processes.all()) {
      let line: string;
      if (opts.json) line = JSON.stringify(processJson(p));
      else {
        line = [
          String(p.pid).padStart(7), (p.name ?? '?').padEnd(15), p.ppid === null ? '' : `ppid ${p.ppid}`,
          p.user ?? (p.uid === null ? '' : `uid ${p.uid}`), `frames ${p.firstFrame ?? '-'}-${p.lastFrame ?? '-'} (${p.frames})`,
          `streams ${p.streams}`, `sent ${p.bytesSent} B`, `received ${p.bytesReceived} B`, p.source, (p.args ?? p.exe ?? '').replace(/[\t\n\r]/g, ' '),
        ].filter(Boolean).join('  ');
      }
      if (!(await writeLine(line))) break;
    }
  } finally {
    index.close();
  }
  return 0;
}
