/**
 * /proc/<pid>/stat: "pid (comm) state ppid …". comm may hold spaces and ")" and is at most 15
 * bytes, so it runs to the LAST ")" (as ss and tcpshark parse it); fields after it are counted from
 * field 3 (state). Field 22 is the start time in clock ticks since boot.
 */

export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Field 22 (starttime), clock ticks since boot. */
  startTicks: number;
}

export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // Fields 3.. after the comm; field n is rest[n - 3].
  const rest = text.slice(close + 1).trim().split(/\s+/);
  if (!Number.isInteger(pid) || rest.length < 20) return undefined;
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(ppid) || !Number.isSafeInteger(startTicks)) return undefined;
  return { pid, comm: text.slice(open + 1, close), state: rest[0], ppid, startTicks };
}
