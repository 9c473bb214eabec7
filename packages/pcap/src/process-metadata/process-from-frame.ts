/**
 * One answer to "which process sent or received this frame?" from whatever the file carries.
 * When a frame carries several kinds, the richest wins: the standard option with its
 * process-info block, then ptcpdump comments, Apple PIBs, the PKTAP header, the tcpshark trailer,
 * and last a bare epb_processid_threadid. Fields the winner lacks are taken from a second source
 * naming the same PID (Wirewho's own exports carry both ptcpdump comments and the standard option).
 */
import { LINKTYPE_ETHERNET, LINKTYPE_PKTAP } from '../linktypes.js';
import type { FrameRecord } from '../types.js';
import { appleAttribution } from './apple-process.js';
import { parsePktapHeader } from './pktap-header.js';
import type { ProcessContext } from './process-context.js';
import { parsePtcpdumpComments, type PtcpdumpContext } from './ptcpdump-comments.js';
import { standardAttribution } from './standard-process.js';
import { findTcpsharkTrailer } from './tcpshark-trailer.js';
import { directionFromEpbFlags, type ProcessAttribution } from './types.js';

export function processFromFrame(frame: FrameRecord, context: ProcessContext): ProcessAttribution | null {
  let standard: ProcessAttribution | null = null;
  let hasInfo = false;
  if ((frame.processId ?? 0) !== 0) {
    const info = context.processInfo(context.sectionOf(frame), frame.processId!, frame.hasTimestamp ? frame.tsNs : undefined, frame.recordOffset);
    hasInfo = info !== undefined;
    standard = standardAttribution(frame, info);
  }
  const ptc = parsePtcpdumpComments(frame.comments);
  const ptcpdump = ptc === undefined ? null : ptcpdumpAttribution(ptc, frame.flags);
  if (standard !== null && hasInfo) return fillFrom(standard, ptcpdump);
  if (ptcpdump !== null) return fillFrom(ptcpdump, standard);
  return appleAttribution(frame, context) ?? pktapAttribution(frame) ?? tcpsharkAttribution(frame) ?? standard;
}

/** ptcpdump's Cmd is the executable path; its thread name equals the process comm on the main thread. */
export function ptcpdumpAttribution(c: PtcpdumpContext, epbFlags?: number): ProcessAttribution | null {
  if ((c.pid ?? 0) === 0) return null;
  const a: ProcessAttribution = { pid: c.pid!, source: 'ptcpdump' };
  if (c.tid !== undefined && c.tid !== 0) a.tid = c.tid;
  if (c.uid !== undefined) a.uid = c.uid;
  if (c.cmd !== undefined && c.cmd !== '') a.exe = c.cmd;
  if (c.args !== undefined) a.args = c.args.join(' ');
  if (c.threadName !== undefined && c.threadName !== '' && c.tid === c.pid) a.comm = c.threadName;
  if (c.cmdTruncated === true || c.argsTruncated === true) a.truncated = true;
  const p = c.parent;
  if (p?.pid !== undefined && p.pid !== 0) {
    a.ppid = p.pid;
    a.parent = { pid: p.pid };
    if (p.cmd !== undefined && p.cmd !== '') a.parent.exe = p.cmd;
    if (p.args !== undefined) a.parent.args = p.args.join(' ');
  }
  const k = c.container;
  if (k?.id !== undefined && k.id !== '') {
    a.container = { id: k.id };
    if (k.name !== undefined) a.container.name = k.name;
    if (k.image !== undefined) a.container.image = k.image;
    if (k.labels !== undefined) a.container.labels = k.labels;
  }
  const pod = c.pod;
  if (pod?.name !== undefined && pod.name !== '') {
    a.pod = { name: pod.name };
    if (pod.namespace !== undefined) a.pod.namespace = pod.namespace;
    if (pod.uid !== undefined) a.pod.uid = pod.uid;
    if (pod.labels !== undefined) a.pod.labels = pod.labels;
    if (pod.annotations !== undefined) a.pod.annotations = pod.annotations;
  }
  const direction = directionFromEpbFlags(epbFlags);
  if (direction !== undefined) a.direction = direction;
  return a;
}

/** PKTAP's pth_comm is the kernel command name; pid ≤ 0 means unknown. */
export function pktapAttribution(frame: FrameRecord): ProcessAttribution | null {
  if (frame.linkType !== LINKTYPE_PKTAP) return null;
  const h = parsePktapHeader(frame.data);
  if (h === undefined || h.pid <= 0) return null;
  const a: ProcessAttribution = { pid: h.pid, source: 'pktap' };
  if (h.comm !== undefined) a.comm = h.comm;
  if (h.uuid !== undefined) a.uuid = h.uuid;
  if (h.epid > 0 && h.epid !== h.pid) {
    a.effective = { pid: h.epid };
    if (h.ecomm !== undefined) a.effective.comm = h.ecomm;
    if (h.euuid !== undefined) a.effective.uuid = h.euuid;
  }
  const direction = h.direction ?? directionFromEpbFlags(frame.flags);
  if (direction !== undefined) a.direction = direction;
  return a;
}

/**
 * tcpshark's Cmd is the process name (comm on Linux) and Args the space-joined cmdline (-v 2).
 * It tags by port pair, so the PID is the local sender's; inbound frames carry PID 0 (no attribution).
 */
export function tcpsharkAttribution(frame: FrameRecord): ProcessAttribution | null {
  if (frame.linkType !== LINKTYPE_ETHERNET) return null;
  const t = findTcpsharkTrailer(frame.data, frame.origLen);
  if (t === undefined || t.kind !== 'process' || t.pid === 0) return null;
  const a: ProcessAttribution = { pid: t.pid, source: 'tcpshark' };
  if (t.cmd !== '') a.comm = t.cmd;
  if (t.args !== '') a.args = t.args;
  if (t.truncated) a.truncated = true;
  return a;
}

/** Copies fields `a` lacks from `b` when both name the same PID. */
function fillFrom(a: ProcessAttribution, b: ProcessAttribution | null): ProcessAttribution {
  if (b === null || b.pid !== a.pid) return a;
  const out = { ...a } as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) if (out[k] === undefined && v !== undefined) out[k] = v;
  return out as unknown as ProcessAttribution;
}
