/**
 * Which frames an export takes: a display filter, a stream, a process, an explicit list — any of them
 * together (they narrow each other) — plus, on request, the frames that the selected ones depend on
 * (Wireshark's "dependent frames": the segments of a PDU reassembled in a selected frame, the
 * fragments of an IP datagram completed in one). Values reach SQL as bound parameters only.
 */
import { ApiError } from '@wirewho/contract';
import type { CaseIndex } from '@wirewho/index';
import type { FrameFilter } from './frame-filter.js';

export interface FrameSelection {
  /** Display filter text (empty: every frame). */
  filter?: string;
  /** tcp.stream / udp.stream; evidence defaults to the first one that has the stream (as Follow does). */
  stream?: { id: number; proto?: 'tcp' | 'udp'; evidenceId?: number };
  /** Frames of every process instance with this PID. */
  pid?: number;
  /** Only these frame numbers (a selection in the packet list). */
  frames?: readonly number[];
  withDependents?: boolean;
}

export interface SelectedFrames {
  /** Ascending, unique. */
  numbers: Uint32Array;
  /** How many of them were added as dependencies. */
  dependents: number;
}

/** Frame numbers matching `sel`, ascending. Throws InvalidFilterError for a bad filter. */
export function selectFrames(index: CaseIndex, filter: FrameFilter, sel: FrameSelection): SelectedFrames {
  const where: string[] = [];
  const params: unknown[] = [];
  const compiled = filter.compile(sel.filter);
  if (compiled) {
    where.push(`(${compiled.sql})`);
    params.push(...compiled.params);
  }
  if (sel.stream !== undefined) {
    const proto = sel.stream.proto ?? 'tcp';
    const column = proto === 'udp' ? 'f.udp_stream' : 'f.tcp_stream';
    const evidenceId = sel.stream.evidenceId ?? (index.db.prepare(`SELECT evidence_id FROM streams WHERE proto = ? AND id = ? ORDER BY evidence_id LIMIT 1`)
      .pluck().get(proto, sel.stream.id) as number | undefined);
    if (evidenceId === undefined) throw new ApiError('not-found', `${proto}.stream ${sel.stream.id} is not in this case`);
    where.push(`${column} = ? AND f.evidence_id = ?`);
    params.push(sel.stream.id, evidenceId);
  }
  if (sel.pid !== undefined) {
    where.push('f.process_id IN (SELECT id FROM processes WHERE pid = ?)');
    params.push(sel.pid);
  }
  const sql = `SELECT f.number FROM frames f ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.number`;
  const only = sel.frames === undefined ? null : new Set(sel.frames);
  let out = new Uint32Array(1024);
  let n = 0;
  for (const num of index.db.prepare(sql).pluck().iterate(...params) as IterableIterator<number>) {
    if (only !== null && !only.has(num)) continue;
    if (n === out.length) {
      const bigger = new Uint32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
    }
    out[n++] = num;
  }
  const numbers = out.slice(0, n);
  if (!sel.withDependents || n === 0) return { numbers, dependents: 0 };
  return addDependents(index, numbers);
}

/** Adds the frames PDUs and IP datagrams completed in the selected frames were built from. */
function addDependents(index: CaseIndex, numbers: Uint32Array): SelectedFrames {
  const max = numbers[numbers.length - 1];
  const chosen = new Uint8Array(max + 1);
  for (const k of numbers) chosen[k] = 1;
  const extra = new Set<number>();
  const take = (list: string) => {
    for (const part of list.split(',')) {
      const f = Number(part);
      if (Number.isInteger(f) && f > 0 && (f > max || chosen[f] === 0)) extra.add(f);
    }
  };
  // A TCP segment of a PDU may itself be an IP datagram rebuilt from fragments: PDUs first, then
  // datagrams completed in either the selected frames or the segments just added.
  for (const r of index.db.prepare('SELECT reassembled_in AS r, frames FROM pdus').iterate() as IterableIterator<{ r: number; frames: string }>) {
    if (r.r <= max && chosen[r.r] === 1) take(r.frames);
  }
  for (const r of index.db.prepare('SELECT reassembled_in AS r, fragments FROM ip_reassemblies WHERE reassembled_in IS NOT NULL').iterate() as IterableIterator<{ r: number; fragments: string }>) {
    if ((r.r <= max && chosen[r.r] === 1) || extra.has(r.r)) take(r.fragments);
  }
  if (extra.size === 0) return { numbers, dependents: 0 };
  const merged = new Uint32Array(numbers.length + extra.size);
  merged.set(numbers);
  let i = numbers.length;
  for (const f of extra) merged[i++] = f;
  merged.sort();
  return { numbers: merged, dependents: extra.size };
}
