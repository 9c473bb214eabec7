/** Reading a process while it calls execve(): never one image's name with the other's arguments. */
import { describe, expect, it } from 'vitest';
import { FakeProc } from '../../testing/fake-proc.js';
import { ProcessReader } from './process-reader.js';

const clock = { btimeSeconds: 1_700_000_000, clkTck: 100 };

describe('ProcessReader', () => {
  it('reads again when an execve lands between its reads (stat says sh, the comm file curl)', () => {
    const proc = new FakeProc();
    const p = proc.addProcess({ pid: 900, comm: 'sh', argv: ['sh', '-c', 'exec curl -s http://127.0.0.1/'], exe: '/bin/sh', startTicks: 5 });
    // The exec lands after the first cmdline read (still sh's) and before the comm file (curl's).
    const fs = {
      readFile: (path: string) => {
        const text = proc.readFile(path);
        if (path === '/proc/900/cmdline' && p.comm === 'sh') Object.assign(p, { comm: 'curl', argv: ['curl', '-s', 'http://127.0.0.1/'], exe: '/usr/bin/curl' });
        return text;
      },
      readdir: (path: string) => proc.readdir(path),
      readlink: (path: string) => proc.readlink(path),
    };
    const info = new ProcessReader(fs, clock).read(900);
    expect(info).toMatchObject({ pid: 900, comm: 'curl', argv: ['curl', '-s', 'http://127.0.0.1/'], exe: '/usr/bin/curl' });
    expect(proc.reads.filter((r) => r === '/proc/900/stat')).toHaveLength(2);
  });

  it('reads a steady process once', () => {
    const proc = new FakeProc();
    proc.addProcess({ pid: 901, comm: 'python3', argv: ['python3', '-c', 'pass'], startTicks: 7 });
    expect(new ProcessReader(proc, clock).read(901)).toMatchObject({ comm: 'python3', argv: ['python3', '-c', 'pass'] });
    expect(proc.reads.filter((r) => r === '/proc/901/stat')).toHaveLength(1);
  });

  it('never keeps a launcher\'s arguments for a child read between fork and exec (launcher never read itself)', () => {
    const proc = new FakeProc();
    const launcher = ['node', '-e', 'spawn clients'];
    proc.addProcess({ pid: 800, comm: 'node', argv: launcher, startTicks: 3 });
    proc.addProcess({ pid: 801, comm: 'node', argv: launcher, startTicks: 9, ppid: 800 }); // forked, not yet exec'd
    const reader = new ProcessReader(proc, clock);
    expect(reader.read(801)?.argv).toEqual(launcher); // what /proc shows at that moment
    proc.exit(801); // it exec'd `node -e client` and exited before anyone read it again
    const later = reader.cached(801);
    expect(later?.pid).toBe(801);
    expect(later?.argv).toBeUndefined();
  });

  it('also when the launcher\'s own cached read predates its exec (it showed its parent\'s arguments then)', () => {
    const proc = new FakeProc();
    const worker = ['node', 'vitest-worker.js'];
    const launcher = ['node', '-e', 'spawn clients'];
    proc.addProcess({ pid: 700, comm: 'node', argv: worker, startTicks: 1 });
    const l = proc.addProcess({ pid: 800, comm: 'node', argv: worker, startTicks: 3, ppid: 700 }); // launcher before its exec
    const reader = new ProcessReader(proc, clock);
    reader.read(800);
    Object.assign(l, { argv: launcher }); // the launcher execs; nobody reads it again
    proc.addProcess({ pid: 801, comm: 'node', argv: launcher, startTicks: 9, ppid: 800 }); // its client, before exec
    reader.read(801);
    proc.exit(801);
    expect(reader.cached(801)?.argv).toBeUndefined();
  });
});
