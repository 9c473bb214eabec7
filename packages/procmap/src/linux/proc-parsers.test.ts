/** Per-process /proc text parsers, on fixtures in the kernel's formats (proc_pid_*.5). */
import { describe, expect, it } from 'vitest';
import { parseBtime, ticksToEpochNs } from './boot-clock.js';
import { parsePasswd } from './passwd.js';
import { parseProcStat } from './proc-stat.js';
import { parseProcStatus } from './proc-status.js';
import { parseCmdline, parseComm, socketInodeOfLink } from './proc-text.js';

const tail = ' 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 987654 1 2 3';

describe('/proc/<pid>/stat', () => {
  it('splits at the last ")" so comms with spaces and parentheses survive', () => {
    expect(parseProcStat(`4242 (curl) S 100 4242 100 34816 4242 4194304 0 0 0 0 0 0 0 0 20 0 1 0 987654 1 2 3`)).toEqual({
      pid: 4242, comm: 'curl', state: 'S', ppid: 100, startTicks: 987654,
    });
    expect(parseProcStat(`7 (a) b (c)) R 1${tail}`)).toMatchObject({ comm: 'a) b (c)', state: 'R', ppid: 1 });
  });

  it('rejects truncated or garbled text', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x S 1 2 3')).toBeUndefined();
    expect(parseProcStat('12 (x) S 1 2 3')).toBeUndefined();
    expect(parseProcStat(`x (y) S 1${tail}`)).toBeUndefined();
  });
});

describe('status, cmdline, comm, fd links, btime, passwd', () => {
  it('status: real uid and ppid', () => {
    expect(parseProcStatus('Name:\tcurl\nUmask:\t0022\nState:\tS (sleeping)\nPPid:\t100\nUid:\t1000\t0\t1000\t1000\n')).toEqual({ name: 'curl', ppid: 100, uid: 1000 });
    expect(parseProcStatus('garbage')).toEqual({});
  });

  it('cmdline: NUL-split, trailing NUL dropped, empty args kept, zombies empty', () => {
    expect(parseCmdline('curl\0-s\0\0http://x/\0')).toEqual(['curl', '-s', '', 'http://x/']);
    expect(parseCmdline('rewritten title')).toEqual(['rewritten title']);
    expect(parseCmdline('')).toEqual([]);
    expect(parseComm('python3\n')).toBe('python3');
  });

  it('fd links', () => {
    expect(socketInodeOfLink('socket:[30430]')).toBe(30430);
    for (const s of ['pipe:[1]', '/dev/null', 'socket:[]', 'socket:[x]', 'anon_inode:[eventpoll]', 'socket:[0]']) expect(socketInodeOfLink(s)).toBeUndefined();
  });

  it('btime and tick conversion', () => {
    expect(parseBtime('cpu  1 2 3\nintr 5\nbtime 1795426543\nprocesses 9\n')).toBe(1795426543);
    expect(parseBtime('cpu 1\n')).toBeUndefined();
    expect(ticksToEpochNs({ btimeSeconds: 1000, clkTck: 100 }, 250)).toBe(1_002_500_000_000n);
  });

  it('passwd: first entry per uid', () => {
    const m = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# c\nalice:x:1000:1000::/home/a:/bin/sh\ntoor:x:0:0::/:/bin/sh\nbad\n:x:5:5\n');
    expect([...m]).toEqual([[0, 'root'], [1000, 'alice']]);
  });
});
