/**
 * The ptcpdump context a writer needs from an attribution (live capture / export): Cmd is the
 * executable path (comm when the path is unknown, as ptcpdump's own fallback to the exec name),
 * Args the argv.
 */
import type { PtcpdumpContext } from './ptcpdump-comments.js';
import type { ProcessAttribution } from './types.js';

export function ptcpdumpContextOf(a: ProcessAttribution): PtcpdumpContext {
  const c: PtcpdumpContext = { pid: a.pid, cmd: a.exe ?? a.comm ?? '' };
  c.args = a.argv ?? (a.args !== undefined && a.args !== '' ? a.args.split(' ') : []);
  if (a.tid !== undefined) {
    c.tid = a.tid;
    if (a.tid === a.pid && a.comm !== undefined) c.threadName = a.comm;
  }
  if (a.uid !== undefined) c.uid = a.uid;
  const ppid = a.parent?.pid ?? a.ppid;
  if (ppid !== undefined && ppid > 0) {
    c.parent = { pid: ppid, cmd: a.parent?.exe ?? '', args: a.parent?.args !== undefined && a.parent.args !== '' ? a.parent.args.split(' ') : [] };
  }
  if (a.container !== undefined) c.container = { ...a.container };
  if (a.pod !== undefined) c.pod = { ...a.pod };
  return c;
}
