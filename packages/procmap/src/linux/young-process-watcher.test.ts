/** The young-process watcher: flows of processes that exit before their lookup are still answered. */
import { describe, expect, it } from 'vitest';
import { FakeProc } from '../../testing/fake-proc.js';
import { LinuxResolver } from './linux-resolver.js';

function setup(): { proc: FakeProc; resolver: LinuxResolver; clock: { ms: number } } {
  const proc = new FakeProc();
  proc.addProcess({ pid: 1, comm: 'init', argv: ['init'], startTicks: 1 });
  const clock = { ms: 0 };
  const resolver = new LinuxResolver({
    fs: proc, littleEndian: true, clkTck: 100, now: () => 1_800_000_000_000_000_000n, localAddresses: () => [], monotonicMs: () => (clock.ms += 25),
  });
  resolver.watchTick(); // baseline: existing processes are not young
  return { proc, resolver, clock };
}

describe('LinuxResolver.watch (young processes)', () => {
  it('remembers a TCP client that connects and exits before any lookup: "late", right process', () => {
    const { proc, resolver } = setup();
    // Seen first between fork and exec, with its parent's command line.
    const p = proc.addProcess({ pid: 500, comm: 'node', argv: ['node', 'launcher.js'], startTicks: 50 });
    resolver.watchTick();
    p.comm = 'python3';
    p.argv = ['/usr/bin/python3', '-c', 'connect'];
    const s = proc.addSocket({ proto: 'tcp', local: ['0.0.0.0', 0], state: 7, inode: 5000 }, 500); // socket(), not connected yet
    resolver.watchTick();
    s.local = ['127.0.0.1', 40000];
    s.remote = ['127.0.0.1', 80];
    s.state = 2; // SYN_SENT
    resolver.watchTick();
    proc.removeSocket(5000);
    proc.exit(500);
    expect(resolver.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 40000, remoteAddr: '127.0.0.1', remotePort: 80 })).toMatchObject({
      confidence: 'late', match: 'tuple', inode: 5000, process: { pid: 500, comm: 'python3', argv: ['/usr/bin/python3', '-c', 'connect'] },
    });
  });

  it('remembers an unconnected UDP sender by its local endpoint', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 600, comm: 'dig', argv: ['dig', 'x'], startTicks: 60 });
    resolver.watchTick();
    proc.addSocket({ proto: 'udp', local: ['0.0.0.0', 45000], inode: 6000 }, 600);
    resolver.watchTick();
    proc.removeSocket(6000);
    proc.exit(600);
    expect(resolver.lookup({ proto: 'udp', localAddr: '127.0.0.1', localPort: 45000, remoteAddr: '127.0.0.53', remotePort: 53 })).toMatchObject({
      confidence: 'late', match: 'wildcard', process: { pid: 600, comm: 'dig' },
    });
    expect(resolver.lookup({ proto: 'udp', localAddr: '127.0.0.1', localPort: 45001, remoteAddr: '127.0.0.53', remotePort: 53 }).confidence).toBe('unknown');
  });

  it('leaves old processes to lookups and stops watching a process after a second', () => {
    const { proc, resolver, clock } = setup();
    proc.addProcess({ pid: 700, comm: 'x', argv: ['x'], startTicks: 70 });
    resolver.watchTick();
    proc.reads = [];
    resolver.watchTick();
    expect(proc.reads.filter((r) => r.endsWith('/fd'))).toEqual(['/proc/700/fd']);
    clock.ms += 1500;
    proc.reads = [];
    resolver.watchTick();
    expect(proc.reads.filter((r) => r.endsWith('/fd'))).toEqual([]);
  });
});
