/** The Linux resolver over an in-memory /proc: targeted lookups, caches, PID/port reuse, confidence. */
import { describe, expect, it } from 'vitest';
import { FakeProc } from '../../testing/fake-proc.js';
import type { FlowKey } from '../types.js';
import { LinuxResolver } from './linux-resolver.js';

const flow = (proto: 'tcp' | 'udp', localAddr: string, localPort: number, remoteAddr: string, remotePort: number): FlowKey =>
  ({ proto, localAddr, localPort, remoteAddr, remotePort });

function setup(): { proc: FakeProc; resolver: LinuxResolver; clock: { ns: bigint } } {
  const proc = new FakeProc();
  proc.addProcess({ pid: 1, comm: 'systemd', argv: ['/sbin/init'], exe: '/usr/lib/systemd/systemd', startTicks: 1, uid: 0, ppid: 0 });
  proc.addProcess({ pid: 400, comm: 'nginx', argv: ['nginx: master'], exe: '/usr/sbin/nginx', startTicks: 500, uid: 0 });
  proc.addSocket({ proto: 'tcp', local: ['0.0.0.0', 80], inode: 1000 }, 400);
  const clock = { ns: 1_800_000_000_000_000_000n };
  const resolver = new LinuxResolver({ fs: proc, littleEndian: true, clkTck: 100, now: () => clock.ns, localAddresses: () => ['192.168.1.5'] });
  return { proc, resolver, clock };
}

describe('LinuxResolver', () => {
  it('attributes a TCP connection exactly, with the full process', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 900, comm: 'curl', argv: ['curl', '-s', 'http://127.0.0.1/'], exe: '/usr/bin/curl', startTicks: 12345, uid: 1000, ppid: 400 });
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 40000], remote: ['127.0.0.1', 80], inode: 2000 }, 900);
    expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80))).toEqual({
      confidence: 'exact', match: 'tuple', inode: 2000,
      process: {
        pid: 900, ppid: 400, comm: 'curl', exe: '/usr/bin/curl', argv: ['curl', '-s', 'http://127.0.0.1/'], args: 'curl -s http://127.0.0.1/',
        uid: 1000, user: 'alice', startTicks: 12345, startTimeNs: 1_700_000_123_450_000_000n,
      },
    });
  });

  it('stays targeted: a new process costs a scan of the new pid only; a known owner one readlink', () => {
    const { proc, resolver } = setup();
    resolver.prime();
    proc.addProcess({ pid: 901, comm: 'nc', argv: ['nc', 'x', '9'], startTicks: 2 });
    proc.addSocket({ proto: 'tcp', local: ['10.0.0.2', 5000], remote: ['10.0.0.9', 9], inode: 3000 }, 901);
    proc.reads = [];
    expect(resolver.lookup(flow('tcp', '10.0.0.2', 5000, '10.0.0.9', 9)).process?.pid).toBe(901);
    expect(proc.reads.filter((r) => r.endsWith('/fd'))).toEqual(['/proc/901/fd']);
    proc.reads = [];
    expect(resolver.lookup(flow('tcp', '10.0.0.2', 5000, '10.0.0.9', 9)).confidence).toBe('exact');
    expect(proc.reads.filter((r) => r.includes('/fd'))).toEqual(['/proc/901/fd/3']);
    expect(proc.reads.filter((r) => /stat|cmdline|comm|exe/.test(r))).toEqual(['/proc/901/stat', '/proc/901/cmdline']); // identity re-checked, details cached
  });

  it('detects PID reuse by start time', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 777, comm: 'old', argv: ['old'], startTicks: 100 });
    proc.addSocket({ proto: 'udp', local: ['127.0.0.1', 6000], remote: ['127.0.0.1', 53], inode: 4000 }, 777);
    const first = resolver.lookup(flow('udp', '127.0.0.1', 6000, '127.0.0.1', 53)).process!;
    proc.removeSocket(4000);
    proc.exit(777);
    proc.addProcess({ pid: 777, comm: 'new', argv: ['new', '--x'], startTicks: 900 });
    proc.addSocket({ proto: 'udp', local: ['127.0.0.1', 6001], remote: ['127.0.0.1', 53], inode: 4001 }, 777);
    const second = resolver.lookup(flow('udp', '127.0.0.1', 6001, '127.0.0.1', 53)).process!;
    expect([first.comm, first.startTicks, second.comm, second.argv, second.startTicks]).toEqual(['old', 100, 'new', ['new', '--x'], 900]);
  });

  it('answers "late" from an earlier sighting, and refuses one older than the flow (port reuse)', () => {
    const { proc, resolver, clock } = setup();
    proc.addProcess({ pid: 50, comm: 'dig', argv: ['dig', 'x'], startTicks: 7 });
    proc.addSocket({ proto: 'udp', local: ['127.0.0.1', 7000], remote: ['127.0.0.53', 53], inode: 5000 }, 50);
    const f = flow('udp', '127.0.0.1', 7000, '127.0.0.53', 53);
    const seenAt = clock.ns;
    expect(resolver.lookup(f).confidence).toBe('exact');
    proc.removeSocket(5000);
    proc.exit(50);
    clock.ns += 1_000_000_000n;
    expect(resolver.lookup(f, { flowStartNs: seenAt - 5n })).toMatchObject({ confidence: 'late', process: { pid: 50, comm: 'dig' } });
    expect(resolver.lookup(f)).toMatchObject({ confidence: 'late' }); // within the 10 s window
    expect(resolver.lookup(f, { flowStartNs: seenAt + 60_000_000_000n }).confidence).toBe('unknown'); // a later flow on the same tuple
    clock.ns += 60_000_000_000n;
    expect(resolver.lookup(f).confidence).toBe('unknown');
    expect(resolver.peek(f)?.process?.pid).toBe(50);
  });

  it('a reused tuple with a new socket gets the new owner', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 60, comm: 'a', argv: ['a'], startTicks: 1 });
    proc.addProcess({ pid: 61, comm: 'b', argv: ['b'], startTicks: 2 });
    const f = flow('tcp', '127.0.0.1', 41000, '127.0.0.1', 80);
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 41000], remote: ['127.0.0.1', 80], inode: 6000 }, 60);
    expect(resolver.lookup(f).process?.pid).toBe(60);
    proc.removeSocket(6000);
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 41000], remote: ['127.0.0.1', 80], inode: 6001 }, 61);
    expect(resolver.lookup(f)).toMatchObject({ confidence: 'exact', inode: 6001, process: { pid: 61 } });
  });

  it('a socket whose holder is gone is "late" with the last owner', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 70, comm: 'ssh', argv: ['ssh', 'h'], startTicks: 3 });
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 42000], remote: ['127.0.0.1', 22], inode: 7000 }, 70);
    const f = flow('tcp', '127.0.0.1', 42000, '127.0.0.1', 22);
    resolver.lookup(f);
    proc.exit(70); // the socket row stays (e.g. the fd was passed on and not yet received)
    expect(resolver.lookup(f)).toMatchObject({ confidence: 'late', inode: 7000, process: { pid: 70, comm: 'ssh' } });
  });

  it('matches unconnected UDP by local address, by wildcard, and IPv4 flows on dual-stack "::" sockets', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 80, comm: 'named', argv: ['named'], startTicks: 4 });
    proc.addProcess({ pid: 81, comm: 'avahi', argv: ['avahi'], startTicks: 5 });
    proc.addProcess({ pid: 82, comm: 'py', argv: ['python3', '-c', 'x'], startTicks: 6 });
    proc.addSocket({ proto: 'udp', local: ['127.0.0.1', 53], inode: 8000 }, 80);
    proc.addSocket({ proto: 'udp', local: ['0.0.0.0', 5353], inode: 8001 }, 81);
    proc.addSocket({ proto: 'udp', v6: true, local: ['::', 9999], inode: 8002 }, 82);
    expect(resolver.lookup(flow('udp', '127.0.0.1', 53, '127.0.0.1', 33333))).toMatchObject({ match: 'local', process: { pid: 80 } });
    expect(resolver.lookup(flow('udp', '192.168.1.5', 5353, '224.0.0.251', 5353))).toMatchObject({ match: 'wildcard', process: { pid: 81 } });
    expect(resolver.lookup(flow('udp', '127.0.0.1', 9999, '127.0.0.1', 1234))).toMatchObject({ match: 'wildcard', process: { pid: 82 } });
    expect(resolver.lookup(flow('udp', '::1', 9999, '::1', 1234))).toMatchObject({ match: 'wildcard', process: { pid: 82 } });
  });

  it('reads tcp6 rows with IPv4-mapped addresses for IPv4 flows', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 90, comm: 'java', argv: ['java'], startTicks: 8 });
    proc.addSocket({ proto: 'tcp', v6: true, local: ['::ffff:127.0.0.1', 8443], remote: ['::ffff:127.0.0.1', 50000], inode: 9000 }, 90);
    expect(resolver.lookup(flow('tcp', '127.0.0.1', 8443, '127.0.0.1', 50000))).toMatchObject({ confidence: 'exact', match: 'tuple', process: { pid: 90 } });
    expect(resolver.lookup(flow('tcp', '::ffff:127.0.0.1', 8443, '::ffff:127.0.0.1', 50000)).process?.pid).toBe(90);
  });

  it('credits a connection not yet accepted (inode 0) to its listener', () => {
    const { proc, resolver } = setup();
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 80], remote: ['127.0.0.1', 43000], inode: 0 });
    expect(resolver.lookup(flow('tcp', '127.0.0.1', 80, '127.0.0.1', 43000))).toMatchObject({ confidence: 'exact', match: 'listener', inode: 1000, process: { pid: 400, comm: 'nginx' } });
  });

  it('attributes both ends of a local flow, and never a remote peer', () => {
    const { proc, resolver } = setup();
    proc.addProcess({ pid: 95, comm: 'wget', argv: ['wget', 'x'], startTicks: 9 });
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 44000], remote: ['127.0.0.1', 80], inode: 9500 }, 95);
    proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 80], remote: ['127.0.0.1', 44000], inode: 9501 }, 400);
    const both = resolver.lookupBothEnds(flow('tcp', '127.0.0.1', 44000, '127.0.0.1', 80));
    expect([both.local.process?.pid, both.remote?.process?.pid, both.remote?.match]).toEqual([95, 400, 'tuple']);
    proc.addSocket({ proto: 'tcp', local: ['192.168.1.5', 45000], remote: ['192.168.1.5', 80], inode: 9502 }, 95);
    expect(resolver.lookupBothEnds(flow('tcp', '192.168.1.5', 45000, '192.168.1.5', 80)).remote?.process?.pid).toBe(400);
    proc.addSocket({ proto: 'tcp', local: ['192.168.1.5', 46000], remote: ['93.184.216.34', 80], inode: 9503 }, 95);
    expect(resolver.lookupBothEnds(flow('tcp', '192.168.1.5', 46000, '93.184.216.34', 80)).remote).toBeNull();
  });

  it('answers unknown for missing sockets and bad addresses, and counts', () => {
    const { resolver } = setup();
    expect(resolver.lookup(flow('tcp', '127.0.0.1', 1, '127.0.0.1', 2))).toEqual({ confidence: 'unknown' });
    expect(resolver.lookup(flow('tcp', 'not-an-ip', 1, '127.0.0.1', 2))).toEqual({ confidence: 'unknown' });
    expect(resolver.stats).toMatchObject({ lookups: 2, unknown: 2, exact: 0 });
  });

  it('keeps details read while alive when the process turns zombie', () => {
    const { proc, resolver } = setup();
    const p = proc.addProcess({ pid: 99, comm: 'sh', argv: ['sh', '-c', 'x'], startTicks: 10 });
    proc.addSocket({ proto: 'udp', local: ['127.0.0.1', 1111], remote: ['127.0.0.1', 2222], inode: 9900 }, 99);
    resolver.lookup(flow('udp', '127.0.0.1', 1111, '127.0.0.1', 2222));
    p.argv = [];
    expect(resolver.lookup(flow('udp', '127.0.0.1', 1111, '127.0.0.1', 2222)).process?.argv).toEqual(['sh', '-c', 'x']);
  });

  describe('with the kernel socket hooks (eBPF) naming the owner', () => {
    // startTicks 12345 at 100 Hz after btime 1_700_000_000 s → started at 1_700_000_123.45 s.
    const callAt = 1_700_000_200_000_000_000n;
    const curl = { pid: 900, comm: 'curl', argv: ['curl', '-s', 'http://127.0.0.1/'], exe: '/usr/bin/curl', startTicks: 12345, uid: 1000, ppid: 400 };
    const withKernel = (owner: { pid: number; tid?: number; comm: string; atNs?: bigint } | undefined) => {
      const proc = new FakeProc();
      const asked: FlowKey[] = [];
      const resolver = new LinuxResolver({
        fs: proc, littleEndian: true, clkTck: 100, now: () => callAt, localAddresses: () => [],
        kernelOwner: (f) => { asked.push(f); return owner === undefined ? undefined : { tid: owner.pid, atNs: callAt, ...owner }; },
      });
      return { proc, resolver, asked };
    };

    it('asks the kernel first with the canonical flow, and adds the live details of that process', () => {
      const { proc, resolver, asked } = withKernel({ pid: 900, comm: 'curl' });
      proc.addProcess(curl);
      const a = resolver.lookup(flow('tcp', '::ffff:127.0.0.1', 40000, '127.0.0.1', 80));
      expect(asked).toEqual([flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80)]);
      expect(a).toMatchObject({ confidence: 'exact', match: 'kernel', process: { pid: 900, comm: 'curl', argv: curl.argv, exe: '/usr/bin/curl' } });
      expect(proc.reads.some((r) => r.endsWith('/fd'))).toBe(false); // no socket scan at all
    });

    it('names a process that is already gone by the kernel\'s PID and command alone', () => {
      const { resolver } = withKernel({ pid: 901, comm: 'python3' });
      expect(resolver.lookup(flow('udp', '127.0.0.1', 40001, '127.0.0.1', 53))).toEqual({ confidence: 'exact', match: 'kernel', process: { pid: 901, comm: 'python3' } });
    });

    it('never lends a pre-exec read (sh before exec curl) its arguments', () => {
      const { proc, resolver } = withKernel({ pid: 900, comm: 'curl' });
      proc.addProcess({ ...curl, comm: 'sh', argv: ['sh', '-c', 'exec curl -s http://127.0.0.1/'], exe: '/bin/sh' });
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 39999, '127.0.0.1', 80)).process).toEqual({ pid: 900, comm: 'curl' }); // reads (and caches) the sh image
      proc.exit(900);
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80)).process).toEqual({ pid: 900, comm: 'curl' });
    });

    it('never lends a child read between fork and exec its launcher\'s arguments (same command name)', () => {
      const { proc, resolver } = withKernel({ pid: 901, comm: 'node' });
      const launcher = ['node', '-e', 'spawn clients'];
      proc.addProcess({ pid: 800, comm: 'node', argv: launcher, startTicks: 3 });
      proc.addProcess({ pid: 901, comm: 'node', argv: launcher, startTicks: 12000, ppid: 800 });
      resolver.watchTick(); // the young-process watcher reads 901 between its fork and its exec
      proc.exit(901);
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80)).process).toEqual({ pid: 901, comm: 'node' });
    });

    it('refuses a reused PID (started after the socket call)', () => {
      const { proc, resolver } = withKernel({ pid: 900, comm: 'curl', atNs: 1_700_000_100_000_000_000n });
      proc.addProcess(curl); // started at …123.45 s, 23 s after the call
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80)).process).toEqual({ pid: 900, comm: 'curl' });
    });

    it('accepts a thread with its own name as part of its process', () => {
      const { proc, resolver } = withKernel({ pid: 900, tid: 905, comm: 'Socket Thread' });
      proc.addProcess(curl);
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80)).process).toMatchObject({ pid: 900, comm: 'curl', argv: curl.argv });
    });

    it('falls back to /proc when the kernel has no record of the flow', () => {
      const { proc, resolver } = withKernel(undefined);
      proc.addProcess(curl);
      proc.addSocket({ proto: 'tcp', local: ['127.0.0.1', 40000], remote: ['127.0.0.1', 80], inode: 2000 }, 900);
      expect(resolver.lookup(flow('tcp', '127.0.0.1', 40000, '127.0.0.1', 80))).toMatchObject({ confidence: 'exact', match: 'tuple', inode: 2000, process: { pid: 900 } });
    });
  });
});
