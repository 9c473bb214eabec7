/**
 * The process requests of the contract (processesPage, processActivity) and the process references
 * frame and stream rows carry. Process rows are few (one per process instance) and read-mostly, so
 * references are served from a small cache that an ingest invalidates.
 */
import type { ProcessActivity, ProcessDto, ProcessPage, ProcessRef, RequestArgs } from '@wirewho/contract';
import type { CaseIndex, FrameRowDb, ProcessRowDb } from '@wirewho/index';
import { formatSecondsNs } from './time-format.js';
import { storedTsNs } from './timestamps.js';

export function toProcessRef(p: ProcessRowDb): ProcessRef {
  return { id: p.id, pid: p.pid, name: p.name, args: p.args, ppid: p.ppid, user: p.user, uid: p.uid, source: p.source };
}

export function toProcessDto(p: ProcessRowDb, firstTsNs: bigint): ProcessDto {
  const first = storedTsNs({ tsSec: p.firstTsSec, tsNsec: p.firstTsNsec });
  const last = storedTsNs({ tsSec: p.lastTsSec, tsNsec: p.lastTsNsec });
  const details = p.details === null ? {} : (JSON.parse(p.details) as { parent?: ProcessDto['parent']; container?: ProcessDto['container'] });
  return {
    ...toProcessRef(p), evidenceId: p.evidenceId, comm: p.comm, exe: p.exe, startTsNs: p.startNs, confidence: p.confidence,
    truncated: p.truncated === 1, firstFrame: p.firstFrame, lastFrame: p.lastFrame,
    firstTsNs: first === null ? null : first.toString(), lastTsNs: last === null ? null : last.toString(),
    relFirst: first === null ? '' : formatSecondsNs(first - firstTsNs), relLast: last === null ? '' : formatSecondsNs(last - firstTsNs),
    frames: p.frames, streams: p.streams, framesSent: p.framesSent, framesReceived: p.framesReceived,
    bytesSent: p.bytesSent, bytesReceived: p.bytesReceived, parent: details.parent ?? null, container: details.container ?? null,
  };
}

export class ProcessService {
  private refs: Map<number, ProcessRef> | null = null;

  constructor(private readonly index: CaseIndex, private readonly firstTs: () => bigint) {}

  /** Forget cached rows (an ingest added or finished processes). */
  invalidate(): void {
    this.refs = null;
  }

  ref(id: number | null): ProcessRef | null {
    if (id === null) return null;
    let refs = this.refs;
    if (refs === null || !refs.has(id)) {
      refs = new Map(this.index.processes.all().map((p) => [p.id, toProcessRef(p)]));
      this.refs = refs;
    }
    return refs.get(id) ?? null;
  }

  /** A frame's process with its role (sent/received) and whether it came from the frame's stream. */
  frameRef(r: FrameRowDb): ProcessRef | null {
    const p = this.ref(r.processId);
    if (p === null) return null;
    const out: ProcessRef = { ...p };
    if (r.processDir === 2) out.role = 'sent';
    else if (r.processDir === 1) out.role = 'received';
    if (r.processDerived === 1) out.derived = true;
    return out;
  }

  processesPage(a: RequestArgs<'processesPage'>): ProcessPage {
    const q = { evidenceId: a.evidenceId };
    const total = this.index.processes.count(q);
    const first = this.firstTs();
    const rows = this.index.processes.page({ ...q, offset: a.offset, limit: a.limit }).map((p) => toProcessDto(p, first));
    return { offset: a.offset, total, rows };
  }

  /** Bytes and frames per process in `buckets` equal slices of the attributed traffic's time span. */
  processActivity(a: RequestArgs<'processActivity'>): ProcessActivity {
    const span = this.index.processes.activitySpan(a.evidenceId);
    const start = span.first === null ? 0n : storedTsNs({ tsSec: span.first.sec, tsNsec: span.first.nsec })!;
    const end = span.last === null ? start : storedTsNs({ tsSec: span.last.sec, tsNsec: span.last.nsec })!;
    const n = BigInt(a.buckets);
    // The last frame falls in the last bucket: width = ceil((span + 1) / buckets).
    const bucketNs = (end - start + n) / n;
    const series = new Map<number, ProcessActivity['series'][number]>();
    for (const row of this.index.processes.activity(start, bucketNs, a.evidenceId)) {
      let s = series.get(row.processId);
      if (s === undefined) series.set(row.processId, (s = { processId: row.processId, buckets: [], bytes: [], frames: [] }));
      s.buckets.push(Math.min(Number(row.bucket), a.buckets - 1));
      s.bytes.push(row.bytes);
      s.frames.push(row.frames);
    }
    return { startNs: start.toString(), bucketNs: bucketNs.toString(), buckets: a.buckets, series: [...series.values()] };
  }
}
