/**
 * The standard carrier (PROCESS-METADATA.md §3.3): epb_processid_threadid names a PID (0 = unknown)
 * and Wireshark's process-info custom block describes it. Several blocks with one PID mean the PID
 * was reused; their start times pick the right one.
 */
import type { FrameRecord, ProcessInfoBlock } from '../types.js';
import { directionFromEpbFlags, formatUuid, type ProcessAttribution } from './types.js';

/**
 * Among blocks with the frame's PID: the latest process started at or before the frame; without
 * usable start times, the last block written before the frame (writers put it before the first
 * packet of the process), else the first one.
 */
export function selectProcessInfo(
  candidates: readonly ProcessInfoBlock[], tsNs?: bigint, recordOffset?: number,
): ProcessInfoBlock | undefined {
  if (candidates.length <= 1) return candidates[0];
  if (tsNs !== undefined) {
    let best: ProcessInfoBlock | undefined;
    for (const c of candidates) {
      if (c.startTimeNs !== undefined && c.startTimeNs <= tsNs && (best === undefined || c.startTimeNs > best.startTimeNs!)) best = c;
    }
    if (best !== undefined) return best;
  }
  if (recordOffset !== undefined) {
    let last: ProcessInfoBlock | undefined;
    for (const c of candidates) if (c.offset < recordOffset) last = c;
    if (last !== undefined) return last;
  }
  return candidates[0];
}

/** The attribution of a frame's epb_processid_threadid, enriched by its process-info block when there is one. */
export function standardAttribution(frame: FrameRecord, info: ProcessInfoBlock | undefined): ProcessAttribution | null {
  const pid = frame.processId ?? 0;
  if (pid === 0) return null;
  const a: ProcessAttribution = { pid, source: 'pcapng-standard' };
  if ((frame.threadId ?? 0) !== 0) a.tid = frame.threadId;
  if (info !== undefined) {
    if (info.ppid !== undefined) a.ppid = info.ppid;
    if (info.uid !== undefined) a.uid = info.uid;
    if (info.user !== undefined) a.user = info.user;
    if (info.name !== undefined) a.comm = info.name;
    if (info.path !== undefined) a.exe = info.path;
    if (info.argv !== undefined) {
      a.argv = info.argv;
      a.args = info.argv.join(' ');
    }
    if (info.startTimeNs !== undefined) a.startTimeNs = info.startTimeNs;
    if (info.uuid !== undefined) a.uuid = formatUuid(info.uuid);
  }
  const direction = directionFromEpbFlags(frame.flags);
  if (direction !== undefined) a.direction = direction;
  return a;
}
