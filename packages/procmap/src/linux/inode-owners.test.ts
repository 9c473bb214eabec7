/** Inode → owner: the three scan passes, the budget and its resumption. */
import { describe, expect, it } from 'vitest';
import { FakeProc } from '../../testing/fake-proc.js';
import { InodeOwners } from './inode-owners.js';

function world(n: number): FakeProc {
  const proc = new FakeProc();
  for (let pid = 100; pid < 100 + n; pid++) {
    proc.addProcess({ pid, comm: `p${pid}`, argv: [], startTicks: pid });
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', pid], inode: pid * 10 }, pid);
  }
  return proc;
}

describe('InodeOwners', () => {
  it('confirms a known owner with one readlink', () => {
    const proc = world(3);
    const owners = new InodeOwners(proc);
    owners.scanAll();
    proc.reads = [];
    expect(owners.find(1010)).toEqual({ pid: 101, fd: 3, live: true });
    expect(proc.reads).toEqual(['/proc/101/fd/3']);
  });

  it('pass 1: new processes first, newest first', () => {
    const proc = world(3);
    const owners = new InodeOwners(proc);
    owners.scanAll();
    proc.addProcess({ pid: 500, comm: 'new', argv: [], startTicks: 9 });
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 9], inode: 5000 }, 500);
    proc.reads = [];
    expect(owners.find(5000)).toMatchObject({ pid: 500, live: true });
    expect(proc.reads.filter((r) => r.endsWith('/fd'))).toEqual(['/proc/500/fd']);
  });

  it('pass 2: a new fd number in a known process costs readdirs and one readlink', () => {
    const proc = world(3);
    let now = 0;
    const owners = new InodeOwners(proc, { clockMs: () => now });
    owners.scanAll();
    now += 2000; // no longer young: only new fd numbers are read
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 9], inode: 777 }, 100); // fd 4
    proc.reads = [];
    expect(owners.find(777)).toMatchObject({ pid: 100, fd: 4, live: true });
    expect(proc.reads.filter((r) => /\/fd\/\d+$/.test(r))).toEqual(['/proc/100/fd/4']);
  });

  it('pass 3: a reused fd number is found by the full pass', () => {
    const proc = world(3);
    const owners = new InodeOwners(proc);
    owners.scanAll();
    proc.processes.get(101)!.fds.set(3, 'socket:[888]'); // fd 3 closed and reopened as a new socket
    expect(owners.find(888)).toMatchObject({ pid: 101, fd: 3, live: true });
    expect(owners.find(1010)).toEqual({ pid: 101, fd: 3, live: false }); // its old socket: last owner, not live
  });

  it('stops pass 3 at the budget and resumes there on the next miss', () => {
    const proc = world(10);
    let now = 0;
    const owners = new InodeOwners(proc, { fullScanBudgetMs: 3, clockMs: () => now });
    owners.scanAll();
    const realReaddir = proc.readdir.bind(proc);
    proc.readdir = (p: string) => { if (/^\/proc\/\d+\/fd$/.test(p)) now += 1; return realReaddir(p); };
    now += 2000;
    proc.processes.get(100)!.fds.set(3, 'socket:[999]'); // oldest pid: last in the walk
    expect(owners.find(999)).toBeUndefined();
    expect(owners.stats.budgetStops).toBe(1);
    expect(owners.find(999)).toBeUndefined(); // resumed further down
    expect(owners.find(999)).toMatchObject({ pid: 100, live: true });
  });

  it('re-reads every fd of a process first scanned under a second ago (caught between fork and exec)', () => {
    const proc = world(2);
    let now = 0;
    const owners = new InodeOwners(proc, { clockMs: () => now, fullScanBudgetMs: 0 });
    owners.scanAll();
    proc.processes.get(101)!.fds.set(3, 'socket:[4242]'); // exec closed fd 3, the new image reused it
    now += 10;
    expect(owners.find(4242)).toMatchObject({ pid: 101, fd: 3, live: true });
    expect(owners.stats.budgetStops).toBe(0); // found in pass 2, not pass 3
  });

  it('reports the last owner as not live once nobody holds the inode', () => {
    const proc = world(2);
    const owners = new InodeOwners(proc);
    owners.scanAll();
    proc.exit(101);
    expect(owners.find(1010)).toEqual({ pid: 101, fd: 3, live: false });
    expect(owners.lastKnown(1010)).toEqual({ pid: 101, fd: 3 });
  });
});
