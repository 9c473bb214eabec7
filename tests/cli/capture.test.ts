/**
 * `wirewho interfaces`, `wirewho capture` and `wirewho ingest - --live` as a user runs them, with the
 * bad cases: a capture filter that does not compile, no capture rights (as user nobody), a capture
 * helper that dies (its files must stay complete and indexed), and a pcapng stream on stdin.
 * Live capture needs root: those cases are skipped otherwise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCapture, parsePtcpdumpComments, type FrameRecord } from '@wirewho/pcap';
import { corpusRoot, repoRoot } from '../helpers/corpus.js';
import { wirewho } from '../helpers/cli.js';
import { startWirewho } from '../live/live-cli.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-capture-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Sends a UDP datagram to 127.0.0.1:port every `ms` until stopped. */
function udpTicker(port: number, ms = 20): () => void {
  const s = createSocket('udp4');
  const t = setInterval(() => s.send('wirewho-capture-test', port, '127.0.0.1'), ms);
  return () => { clearInterval(t); s.close(); };
}

function framesOf(file: string): FrameRecord[] {
  const out: FrameRecord[] = [];
  parseCapture(readFileSync(file), { onInterface() { /* not needed */ }, onFrame(f) { out.push({ ...f, data: f.data.slice() }); } });
  return out;
}

describe('wirewho interfaces / capture', () => {
  it('interfaces lists lo with its addresses', () => {
    const r = wirewho(['interfaces', '--json']);
    expect(r.status).toBe(0);
    const lo = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; loopback: boolean; addresses: { address: string }[] }).find((i) => i.name === 'lo');
    expect(lo?.loopback).toBe(true);
    expect(lo?.addresses.map((a) => a.address)).toContain('127.0.0.1');
  });

  it('a capture filter that does not compile is refused before anything starts', () => {
    const r = wirewho(['capture', '-i', 'lo', '-f', 'tcp port', '--count', '1', '--case', path.join(tmp, 'bad-filter')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/wirewho: error: invalid capture filter "tcp port": .*syntax error/);
    expect(existsSync(path.join(tmp, 'bad-filter', 'capture'))).toBe(false);
  });

  it('--duration and --count together are refused', () => {
    const r = wirewho(['capture', '-i', 'lo', '--count', '1', '--duration', '1', '--case', path.join(tmp, 'x')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('either --duration or --count');
  });

  it.runIf(isRoot && existsSync('/usr/bin/setpriv'))('without capture rights (user nobody) the message says what to do', () => {
    const dir = path.join(tmp, 'nobody');
    spawnSync('mkdir', ['-p', dir]);
    chmodSync(tmp, 0o777);
    chmodSync(dir, 0o777);
    const r = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all',
      path.join(repoRoot, 'node_modules/.bin/tsx'), path.join(repoRoot, 'apps/cli/src/main.ts'), 'capture', '-i', 'lo', '--count', '1', '--case', dir],
    { encoding: 'utf8', cwd: repoRoot, env: { ...process.env, HOME: dir, TMPDIR: dir } });
    expect(r.stderr).toMatch(/wirewho: error: .*lo: .*(permission|Operation not permitted).*CAP_NET_RAW.*setcap/is);
    expect(r.status).toBe(1);
  });
});

describe.skipIf(!isRoot)('wirewho capture (root)', () => {
  it('--count N: exact frames, kernel ns timestamps, process comments, indexed, clean exit', async () => {
    const port = 40000 + (process.pid % 20000);
    const caseDir = path.join(tmp, 'count');
    const stop = udpTicker(port);
    const cap = startWirewho(['capture', '-i', 'lo', '-f', `udp dst port ${port}`, '--count', '20', '--case', caseDir, '--json']);
    const code = await cap.exited;
    stop();
    expect(cap.stderr()).toContain('--count 20 reached: 20 frames written to 1 file(s)');
    expect(code).toBe(0);
    const summary = JSON.parse(cap.stdout()) as { files: string[]; evidence: { status: string; frames: number }[]; kernelHooks: { active: boolean; reason?: string } };
    // As root on Linux with cgroup v2 the helper attaches the kernel socket hooks, and says so;
    // without cgroup v2 it says why it falls back to /proc.
    if (readFileSync('/proc/self/mounts', 'utf8').includes(' cgroup2 ')) {
      expect(summary.kernelHooks).toEqual({ active: true });
      expect(cap.stderr()).toContain("capture: processes named by the kernel's socket hooks (eBPF)");
    } else {
      expect(cap.stderr()).toContain(`/proc lookups only (kernel socket hooks: ${summary.kernelHooks.reason}`);
    }
    const frames = framesOf(summary.files[0]);
    expect(frames).toHaveLength(20);
    // Every datagram was sent by this process: ptcpdump comment lines and epb_processid_threadid name it.
    for (const f of frames) {
      expect(parsePtcpdumpComments(f.comments)?.pid).toBe(process.pid);
      expect(f.processId).toBe(process.pid);
    }
    // Kernel timestamps at nanosecond precision (a µs clock would leave every value a multiple of 1000).
    expect(frames.some((g) => g.tsNs % 1000n !== 0n)).toBe(true);
    const sent = Date.now() * 1e6;
    expect(Math.abs(Number(frames[19].tsNs) - sent)).toBeLessThan(30e9);
    expect(summary.evidence[0].status).toBe('complete');
    const listed = wirewho(['frames', '--case', caseDir, '--json']);
    expect(listed.status).toBe(0);
    const rows = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.filter((r) => r['udp.dstport'] === port)).toHaveLength(20);
  }, 60_000);

  it('a helper that dies: the CLI says so, the file holds every frame received and is indexed', async () => {
    const port = 41000 + (process.pid % 20000);
    const caseDir = path.join(tmp, 'killed');
    const stop = udpTicker(port, 10);
    const cap = startWirewho(['capture', '-i', 'lo', '-f', `udp dst port ${port}`, '--case', caseDir, '--json']);
    await cap.waitFor(/helper pid \d+/, 60_000);
    await new Promise((r) => setTimeout(r, 800));
    const helperPid = Number(/helper pid (\d+)/.exec(cap.stderr())![1]);
    process.kill(helperPid, 'SIGKILL');
    const code = await cap.exited;
    stop();
    expect(code).toBe(3);
    expect(cap.stderr()).toMatch(/the capture helper died \(SIGKILL\); the capture files hold every frame received before that/);
    const summary = JSON.parse(cap.stdout()) as { frames: number; files: string[]; evidence: { status: string; frames: number }[] };
    expect(summary.frames).toBeGreaterThan(10);
    expect(framesOf(summary.files[0])).toHaveLength(summary.frames);
    expect(summary.evidence[0].status).toBe('complete');
  }, 60_000);
});

/** Root tools for the bad-input cases: a veth pair to delete, a tiny tmpfs to fill. */
function canRun(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

describe.skipIf(!isRoot)('wirewho capture: bad input (root)', () => {
  const veth = `wwv${process.pid % 10000}`;
  it.runIf(isRoot && canRun('ip', ['link', 'show', 'lo']))('an interface that disappears: exit 3, what happened, the file complete and indexed', async () => {
    execFileSync('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`]);
    try {
      execFileSync('ip', ['link', 'set', veth, 'up']);
      execFileSync('ip', ['link', 'set', `${veth}p`, 'up']);
      const cap = startWirewho(['capture', '-i', veth, '--case', path.join(tmp, 'gone'), '--json']);
      await cap.waitFor('capture: started', 60_000);
      execFileSync('ip', ['link', 'del', veth]);
      expect(await cap.exited).toBe(3);
      expect(cap.stderr()).toContain('stopped by an error');
      expect(cap.stderr()).toMatch(new RegExp(`wirewho: ${veth}: The interface (disappeared|went down)`));
      const summary = JSON.parse(cap.stdout()) as { frames: number; files: string[]; evidence: { status: string }[] };
      expect(framesOf(summary.files[0])).toHaveLength(summary.frames);
      expect(summary.evidence[0].status).toBe('complete');
    } finally {
      spawnSync('ip', ['link', 'del', veth], { stdio: 'ignore' });
    }
  }, 60_000);

  it('a full disk: exit 3, the file cut at its last whole block, everything in it indexed', async (ctx) => {
    const caseDir = path.join(tmp, 'full');
    const capDir = path.join(caseDir, 'capture');
    spawnSync('mkdir', ['-p', capDir]);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', capDir]).status !== 0) ctx.skip('cannot mount a tmpfs here');
    const port = 42000 + (process.pid % 20000);
    const stop = udpTicker(port, 2);
    try {
      const cap = startWirewho(['capture', '-i', 'lo', '-f', `udp dst port ${port}`, '--case', caseDir, '--json']);
      expect(await cap.exited).toBe(3);
      expect(cap.stderr()).toMatch(/the disk is full/);
      expect(cap.stderr()).toMatch(/disk full after \d+ frames \(\d+ bytes\); the file is complete up to there/);
      const summary = JSON.parse(cap.stdout()) as { frames: number; files: string[]; evidence: { status: string; frames: number }[] };
      expect(summary.frames).toBeGreaterThan(100);
      expect(framesOf(summary.files[0])).toHaveLength(summary.frames);
      expect(summary.evidence[0].status).toBe('complete');
    } finally {
      stop();
      spawnSync('umount', [capDir]);
    }
  }, 60_000);
});

describe('wirewho ingest - --live', () => {
  it('indexes a pcapng stream from stdin as it arrives; the copy is the evidence', async () => {
    const source = path.join(corpusRoot, 'captures/lo_mix.pcapng');
    const bytes = readFileSync(source);
    const caseDir = path.join(tmp, 'stdin');
    const run = startWirewho(['ingest', '-', '--case', caseDir, '--live'], 'pipe');
    // Three pieces cut mid-block, with pauses: the parser must carry the partial blocks.
    const cuts = [0, 1001, Math.floor(bytes.length / 2) + 3, bytes.length];
    for (let i = 0; i < 3; i++) {
      run.child.stdin!.write(bytes.subarray(cuts[i], cuts[i + 1]));
      await new Promise((r) => setTimeout(r, 300));
    }
    run.child.stdin!.end();
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toMatch(/668 frames from standard input in [\d.]+ s, sha256 [0-9a-f]{64}, complete/);
    const sha = /sha256 ([0-9a-f]{64})/.exec(run.stderr())![1];
    expect(sha).toBe(createHashHex(bytes));
    const listed = wirewho(['frames', '--case', caseDir, '--json', '--limit', '1000']);
    expect(listed.stdout.trim().split('\n')).toHaveLength(668);
  }, 60_000);
});

function createHashHex(b: Buffer): string {
  return spawnSync('sha256sum', { input: b, encoding: 'utf8' }).stdout.split(' ')[0];
}
