/**
 * Process details from /proc/<pid>, cached per process instance: stat and cmdline are read on every
 * call — stat carries the start time, the identity that tells a reused PID apart, and comm plus
 * cmdline tell an execve() (same PID, same start time: a child caught between fork and exec shows
 * its parent's command); exe and status only for an instance or image not seen before. Details read
 * while the process was alive are kept, so a zombie's empty cmdline never erases them.
 */
import { ticksToEpochNs, type BootClock } from './boot-clock.js';
import type { ProcFs } from './proc-fs.js';
import { parseProcStat } from './proc-stat.js';
import { parseProcStatus } from './proc-status.js';
import { parseCmdline, parseComm } from './proc-text.js';
import type { ProcessInfo } from '../types.js';

const DELETED_SUFFIX = ' (deleted)';
/** Bounded like the kernel's pid space; oldest entries go first. */
const CACHE_LIMIT = 65536;

export class ProcessReader {
  private readonly cache = new Map<number, ProcessInfo>();

  constructor(
    private readonly fs: ProcFs,
    private readonly clock: BootClock,
    private readonly userOf: (uid: number) => string | undefined = () => undefined,
  ) {}

  /**
   * The live process with this pid, or undefined when it no longer exists. An execve() between the
   * reads (stat's name then the comm file differ) would pair one image's name with the other's
   * arguments: such a torn read is read again.
   */
  read(pid: number): ProcessInfo | undefined {
    for (let attempt = 1; ; attempt++) {
      const r = this.readOnce(pid);
      if (r !== 'torn') return r;
      if (attempt === 3) return undefined;
    }
  }

  private readOnce(pid: number): ProcessInfo | undefined | 'torn' {
    const statText = this.fs.readFile(`/proc/${pid}/stat`);
    const stat = statText === undefined ? undefined : parseProcStat(statText);
    if (stat === undefined) return undefined;
    const argvText = this.fs.readFile(`/proc/${pid}/cmdline`);
    const argv = argvText === undefined ? [] : parseCmdline(argvText);
    const known = this.cache.get(pid);
    const same = known !== undefined && known.startTicks === stat.startTicks ? known : undefined;
    // Same instance and image: a zombie (empty cmdline) or an unchanged one keeps what was read —
    // unless that read may predate the child's execve (see trusted()).
    if (same !== undefined && argv.length === 0) return this.trusted(same);
    if (same !== undefined && same.comm === stat.comm && sameArgv(same.argv, argv)) return same;
    const commText = this.fs.readFile(`/proc/${pid}/comm`);
    if (commText !== undefined && parseComm(commText) !== stat.comm) return 'torn';
    const exe = this.fs.readlink(`/proc/${pid}/exe`);
    const statusText = this.fs.readFile(`/proc/${pid}/status`);
    const status = statusText === undefined ? {} : parseProcStatus(statusText);
    const info: ProcessInfo = {
      pid,
      ppid: status.ppid ?? stat.ppid,
      comm: commText !== undefined ? parseComm(commText) : stat.comm,
      startTicks: stat.startTicks,
      startTimeNs: ticksToEpochNs(this.clock, stat.startTicks),
    };
    const exePath = exe;
    if (exePath !== undefined) info.exe = exePath.endsWith(DELETED_SUFFIX) ? exePath.slice(0, -DELETED_SUFFIX.length) : exePath;
    info.argv = argv;
    info.args = argv.join(' ');
    const uid = status.uid;
    if (uid !== undefined) {
      info.uid = uid;
      const user = this.userOf(uid);
      if (user !== undefined) info.user = user;
    }
    this.remember(info);
    return info;
  }

  /** The last instance read with this pid (it may have exited since). */
  cached(pid: number): ProcessInfo | undefined {
    const info = this.cache.get(pid);
    return info === undefined ? undefined : this.trusted(info);
  }

  /**
   * A child read between fork and execve shows its parent's image (same argv). When it could not be
   * read again after the exec (it exited), keep its identity but not the parent's command line: an
   * answer without arguments is better than someone else's. The parent's command line is taken both
   * from the cache and from /proc now: the cached one may itself be a read from before the parent's
   * own exec (a launcher read as its parent's fork), and a launcher is usually still running.
   */
  private trusted(info: ProcessInfo): ProcessInfo {
    const argv = info.argv;
    if (info.ppid === undefined || argv === undefined || argv.length === 0) return info;
    const parentArgvs = [this.cache.get(info.ppid)?.argv, this.liveArgv(info.ppid)];
    if (!parentArgvs.some((p) => p !== undefined && sameArgv(p, argv))) return info;
    return { pid: info.pid, ppid: info.ppid, uid: info.uid, user: info.user, startTicks: info.startTicks, startTimeNs: info.startTimeNs };
  }

  private liveArgv(pid: number): string[] | undefined {
    const text = this.fs.readFile(`/proc/${pid}/cmdline`);
    return text === undefined ? undefined : parseCmdline(text);
  }

  private remember(info: ProcessInfo): void {
    this.cache.delete(info.pid);
    this.cache.set(info.pid, info);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
  }
}

function sameArgv(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
