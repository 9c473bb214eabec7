/**
 * ptcpdump's per-packet process context, carried as EPB opt_comments (PROCESS-METADATA.md §2).
 * Reading follows ptcpdump's own reader (types/context.go FromPacketComments): every comment is
 * split into lines, each line at its first ":", keys and values trimmed, unknown keys ignored, later
 * values win. Writing reproduces ptcpdump HEAD's writer (internal/writer/pcapng.go) byte for byte:
 * one comment per group, "\n" between lines, no trailing newline.
 */
import { goJsonStringMap, parseGoJsonStringMap } from './go-json-map.js';

export interface PtcpdumpProcess {
  pid?: number;
  /** Executable path (key "Cmd", "Command" before v0.18.0), without the "..." truncation mark. */
  cmd?: string;
  cmdTruncated?: boolean;
  /** argv as ptcpdump stores it: joined by " ", so split back on " " (ambiguous for args with spaces). */
  args?: string[];
  argsTruncated?: boolean;
}

export interface PtcpdumpContext extends PtcpdumpProcess {
  tid?: number;
  threadName?: string;
  uid?: number;
  /** Written only by v0.32-pre builds ("UserId: N\nGroupId: N"); still read. */
  gid?: number;
  parent?: PtcpdumpProcess;
  container?: { name?: string; id?: string; image?: string; labels?: Record<string, string> };
  pod?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

const TRUNCATION_MARK = '...';

/** Go strconv.Atoi on a trimmed value, but garbage is dropped instead of becoming 0. */
function parseUint(v: string): number | undefined {
  if (!/^\+?\d{1,10}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 0xffffffff ? n : undefined;
}

function cutTruncation(v: string): [string, boolean] {
  return v.endsWith(TRUNCATION_MARK) ? [v.slice(0, -TRUNCATION_MARK.length), true] : [v, false];
}

/**
 * Parses the comments of one packet. Returns undefined when no comment carries a ptcpdump key,
 * so ordinary packet comments are not mistaken for process context.
 */
export function parsePtcpdumpComments(comments: readonly string[] | undefined): PtcpdumpContext | undefined {
  if (comments === undefined || comments.length === 0) return undefined;
  const c: PtcpdumpContext = {};
  let found = false;
  const parent = (): PtcpdumpProcess => (c.parent ??= {});
  const container = (): NonNullable<PtcpdumpContext['container']> => (c.container ??= {});
  const pod = (): NonNullable<PtcpdumpContext['pod']> => (c.pod ??= {});
  for (const comment of comments) {
    for (const rawLine of comment.trim().split('\n')) {
      const line = rawLine.trim();
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      let known = true;
      switch (key) {
        case 'PID': { const n = parseUint(value); if (n !== undefined) c.pid = n; else known = false; break; }
        case 'ThreadId':
        case 'TID': { const n = parseUint(value); if (n !== undefined) c.tid = n; else known = false; break; }
        case 'ThreadName': c.threadName = value; break;
        case 'UserId': { const n = parseUint(value); if (n !== undefined) c.uid = n; else known = false; break; }
        case 'GroupId': { const n = parseUint(value); if (n !== undefined) c.gid = n; else known = false; break; }
        case 'ParentPID': { const n = parseUint(value); if (n !== undefined) parent().pid = n; else known = false; break; }
        case 'Cmd':
        case 'Command': [c.cmd, c.cmdTruncated] = cutTruncation(value); break;
        case 'ParentCmd':
        case 'ParentCommand': { const p = parent(); [p.cmd, p.cmdTruncated] = cutTruncation(value); break; }
        case 'Args': { const [v, t] = cutTruncation(value); c.args = splitArgs(v); c.argsTruncated = t; break; }
        case 'ParentArgs': { const p = parent(); const [v, t] = cutTruncation(value); p.args = splitArgs(v); p.argsTruncated = t; break; }
        case 'ContainerName': container().name = value; break;
        case 'ContainerId': container().id = value; break;
        case 'ContainerImage': container().image = value; break;
        case 'ContainerLabels': container().labels = parseGoJsonStringMap(value); break;
        case 'PodName': pod().name = value; break;
        case 'PodNamespace': pod().namespace = value; break;
        case 'PodUID': pod().uid = value; break;
        case 'PodLabels': pod().labels = parseGoJsonStringMap(value); break;
        case 'PodAnnotations': pod().annotations = parseGoJsonStringMap(value); break;
        default: known = false; break;
      }
      if (known) found = true;
    }
  }
  return found ? c : undefined;
}

/** ptcpdump splits on single spaces; an empty value means no arguments (not one empty one). */
function splitArgs(v: string): string[] {
  return v === '' ? [] : v.split(' ');
}

/** Which groups to write, as ptcpdump's --context flag selects them (all by default). */
export interface PtcpdumpContextGroups {
  process?: boolean;
  thread?: boolean;
  user?: boolean;
  parentproc?: boolean;
  container?: boolean;
  pod?: boolean;
}

/**
 * The opt_comment values ptcpdump HEAD writes for a packet, in its order and under its conditions:
 * the process group only for pid > 0, and thread (tid > 0), user (uid known) and parent (ppid > 0)
 * only inside it; container when it has an id, pod when it has a name.
 */
export function formatPtcpdumpComments(ctx: PtcpdumpContext, groups: PtcpdumpContextGroups = {}): string[] {
  const on = (g: keyof PtcpdumpContextGroups): boolean => groups[g] !== false;
  const out: string[] = [];
  if (on('process') && (ctx.pid ?? 0) > 0) {
    out.push(`PID: ${ctx.pid}\nCmd: ${formatCmd(ctx)}\nArgs: ${formatArgs(ctx)}`);
    if (on('thread') && (ctx.tid ?? 0) > 0) out.push(`ThreadId: ${ctx.tid}\nThreadName: ${ctx.threadName ?? ''}`);
    if (on('user') && ctx.uid !== undefined) out.push(`UserId: ${ctx.uid}`);
    const p = ctx.parent;
    if (on('parentproc') && p !== undefined && (p.pid ?? 0) > 0) {
      out.push(`ParentPID: ${p.pid}\nParentCmd: ${formatCmd(p)}\nParentArgs: ${formatArgs(p)}`);
    }
  }
  const k = ctx.container;
  if (on('container') && k !== undefined && (k.id ?? '') !== '') {
    out.push(
      `ContainerName: ${(k.name ?? '').replace(/^\/+/, '')}\nContainerId: ${k.id}\nContainerImage: ${k.image ?? ''}\n` +
      `ContainerLabels: ${goJsonStringMap(k.labels)}`,
    );
  }
  const pod = ctx.pod;
  if (on('pod') && pod !== undefined && (pod.name ?? '') !== '') {
    out.push(
      `PodName: ${pod.name}\nPodNamespace: ${pod.namespace ?? ''}\nPodUID: ${pod.uid ?? ''}\n` +
      `PodLabels: ${goJsonStringMap(pod.labels)}\nPodAnnotations: ${goJsonStringMap(pod.annotations)}`,
    );
  }
  return out;
}

function formatCmd(p: PtcpdumpProcess): string {
  return (p.cmd ?? '') + (p.cmdTruncated === true ? TRUNCATION_MARK : '');
}

/** types/process.go FormatArgs: argv joined by " ", "..." when truncated. */
function formatArgs(p: PtcpdumpProcess): string {
  return (p.args ?? []).join(' ') + (p.argsTruncated === true ? TRUNCATION_MARK : '');
}
