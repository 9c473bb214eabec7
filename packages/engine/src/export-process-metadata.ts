/**
 * A process row of the index as the metadata an export writes into a frame: ptcpdump's comment lines
 * (Wireshark shows them as frame.comment; ptcpdump -r reads them back) and Wireshark's
 * process-information block (PROCESS-METADATA.md §2, §3.3).
 */
import { formatPtcpdumpComments, type ProcessInfo, type PtcpdumpContext, type PtcpdumpProcess } from '@wirewho/pcap';
import type { ProcessRowDb } from '@wirewho/index';

interface Details {
  parent?: { pid?: number; exe?: string; args?: string; argv?: string[] };
  container?: { name?: string; id?: string; image?: string; labels?: Record<string, string> };
  pod?: { name?: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try { return JSON.parse(text) as T; } catch { return undefined; }
}

/** argv as the source kept it, else the space-joined command line split back (ptcpdump's own rule). */
export function processArgv(p: ProcessRowDb): string[] | undefined {
  const argv = parseJson<unknown>(p.argv);
  if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) return argv;
  if (p.args !== null) return p.args === '' ? [] : p.args.split(' ');
  return undefined;
}

/** The ptcpdump context for a process: Cmd is the executable (else the command name). */
export function ptcpdumpContextOfProcess(p: ProcessRowDb): PtcpdumpContext {
  const d = parseJson<Details>(p.details) ?? {};
  const ctx: PtcpdumpContext = { pid: p.pid, cmd: p.exe ?? p.comm ?? p.name ?? '', args: processArgv(p) ?? [] };
  if (p.truncated === 1) ctx.argsTruncated = true;
  if (p.uid !== null) ctx.uid = p.uid;
  const parentPid = d.parent?.pid ?? p.ppid ?? undefined;
  if (parentPid !== undefined && parentPid > 0) {
    const parent: PtcpdumpProcess = { pid: parentPid };
    if (d.parent?.exe !== undefined) parent.cmd = d.parent.exe;
    const pargs = d.parent?.argv ?? (d.parent?.args === undefined ? undefined : d.parent.args.split(' '));
    if (pargs !== undefined) parent.args = pargs;
    ctx.parent = parent;
  }
  if (d.container !== undefined) ctx.container = d.container;
  if (d.pod !== undefined) ctx.pod = d.pod;
  return ctx;
}

/**
 * The comments for a frame of this process. ptcpdump's groups, then — when the index knows the user's
 * name — a "User: name" line in the user group (ptcpdump's reader ignores keys it does not know).
 */
export function processComments(p: ProcessRowDb): string[] {
  const out = formatPtcpdumpComments(ptcpdumpContextOfProcess(p));
  if (p.user !== null && p.user !== '') {
    const at = out.findIndex((c) => c.startsWith('UserId: '));
    if (at >= 0) out[at] = `${out[at]}\nUser: ${p.user}`;
    else out.push(`User: ${p.user}`);
  }
  return out;
}

/** Wireshark's process-information block for a process (packets refer to it by PID). */
export function processInfoOf(p: ProcessRowDb): ProcessInfo {
  const info: ProcessInfo = { pid: p.pid };
  const name = p.comm ?? p.name;
  if (name !== null) info.name = name;
  if (p.exe !== null) info.path = p.exe;
  const argv = processArgv(p);
  if (argv !== undefined && argv.length > 0) info.argv = argv;
  if (p.ppid !== null) info.ppid = p.ppid;
  if (p.uid !== null) info.uid = p.uid;
  if (p.user !== null) info.user = p.user;
  const hex = p.uuid?.replace(/-/g, '');
  if (hex !== undefined && /^[0-9a-fA-F]{32}$/.test(hex)) info.uuid = Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
  if (p.startNs !== null && /^\d+$/.test(p.startNs)) info.startTimeNs = BigInt(p.startNs);
  return info;
}
