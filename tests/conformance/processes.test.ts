/**
 * Issue-5 acceptance ("From files"), through the real ingest and the index: the ptcpdump samples and
 * the synthetic tcpshark file yield exactly the processes and per-frame PIDs they carry. The truth is
 * what tshark shows of the files — frame.comment (ptcpdump's "PID: / Cmd: / Args:" lines) and
 * frame.packet_flags_direction, and for tcpshark the Ethernet trailer bytes (eth.trailer), decoded
 * here by hand from the layout in PROCESS-METADATA.md §1.3, independently of the codec.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';
import { compileFilter } from '@wirewho/filter';
import { corpusRoot } from '../helpers/corpus.js';
import { haveTshark } from '../helpers/tshark.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-processes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Layers = Record<string, string[] | undefined>;
function tsharkJson(file: string, fields: string[]): Layers[] {
  const out = execFileSync('tshark', ['-r', file, '-T', 'json', ...fields.flatMap((f) => ['-e', f])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(out) as { _source: { layers: Layers } }[]).map((p) => p._source.layers);
}

interface FrameProc {
  number: number; len: number; pid: number | null; name: string | null; exe: string | null; args: string | null;
  ppid: number | null; dir: number | null; derived: number | null; source: string | null; stream: number | null;
}

async function ingest(file: string): Promise<CaseIndex> {
  const index = CaseIndex.open(path.join(tmp, path.basename(file)));
  const r = await ingestEvidenceFile(index, file, { writer: 'inline' });
  await r.factIndex;
  expect(r.evidence.status).toBe('complete');
  return index;
}

function frameProcesses(index: CaseIndex): FrameProc[] {
  return index.db.prepare(`SELECT f.number, f.orig_len AS len, p.pid, p.name, p.exe, p.args, p.ppid, f.process_dir AS dir,
      f.process_derived AS derived, p.source, f.tcp_stream AS stream
    FROM frames f LEFT JOIN processes p ON p.id = f.process_id ORDER BY f.number`).all() as FrameProc[];
}

function matching(index: CaseIndex, filter: string): number[] {
  const c = compileFilter(filter);
  return (index.db.prepare(`SELECT number FROM frames f WHERE ${c.sql} ORDER BY number`).all(...(c.params as never[])) as { number: number }[])
    .map((r) => r.number);
}

/** A ptcpdump comment's "Key: value" line. */
const line = (comment: string, key: string): string | undefined => new RegExp(`^${key}: (.*)$`, 'm').exec(comment)?.[1];

const PTCPDUMP = ['ptcpdump_curl-thread.pcapng', 'ptcpdump_curl-user.pcapng', 'ptcpdump_dns.pcapng'];

describe.runIf(haveTshark())('ptcpdump samples: processes and per-frame PIDs as tshark shows the comments', () => {
  it.each(PTCPDUMP)('%s', async (name) => {
    const file = path.join(corpusRoot, 'public/ptcpdump', name);
    const truth = tsharkJson(file, ['frame.comment', 'frame.packet_flags_direction', 'frame.len']);
    const index = await ingest(file);
    try {
      const rows = frameProcesses(index);
      expect(rows).toHaveLength(truth.length);
      const expected = new Map<string, { pid: number; exe: string; args: string; ppid: number; sent: number; received: number; frames: number }>();
      truth.forEach((t, i) => {
        const comment = t['frame.comment']!.join('\n');
        const pid = Number(line(comment, 'PID'));
        const exe = line(comment, 'Cmd')!;
        const args = line(comment, 'Args')!;
        const ppid = Number(line(comment, 'ParentPID'));
        const dir = Number(t['frame.packet_flags_direction']![0]);
        const len = Number(t['frame.len']![0]);
        const r = rows[i];
        // Every frame carries its process: none is derived, each names the PID of its comment.
        expect({ pid: r.pid, exe: r.exe, args: r.args, ppid: r.ppid, dir: r.dir, derived: r.derived, source: r.source })
          .toEqual({ pid, exe, args, ppid, dir, derived: null, source: 'ptcpdump' });
        const key = `${pid} ${exe} ${args}`;
        const e = expected.get(key) ?? { pid, exe, args, ppid, sent: 0, received: 0, frames: 0 };
        e.frames++;
        if (dir === 2) e.sent += len; else e.received += len;
        expected.set(key, e);
      });
      // Exactly the processes the comments name, with the figures their frames add up to.
      const procs = index.processes.all();
      expect(procs.map((p) => ({ pid: p.pid, exe: p.exe, args: p.args, ppid: p.ppid, sent: p.bytesSent, received: p.bytesReceived, frames: p.frames })))
        .toEqual([...expected.values()]);
      for (const p of procs) {
        expect(p.source).toBe('ptcpdump');
        expect(p.confidence).toBe('exact');
        // curl-thread's comments name the thread (comm); the others only the executable.
        expect(p.name).toBe(p.exe!.slice(p.exe!.lastIndexOf('/') + 1));
        expect(p.streams).toBe(index.db.prepare('SELECT count(*) AS n FROM streams WHERE process_id = ?').pluck().get(p.id));
      }
      // Every conversation belongs to its process; the filter language finds the frames by PID.
      expect(index.db.prepare('SELECT count(*) FROM streams WHERE process_id IS NULL').pluck().get()).toBe(0);
      const pid = procs[0].pid;
      expect(matching(index, `pid == ${pid}`)).toEqual(rows.filter((r) => r.pid === pid).map((r) => r.number));
      expect(matching(index, `proc.cmd == "${procs[0].name}" && proc.ppid == ${procs[0].ppid}`)).toHaveLength(rows.length);
    } finally {
      index.close();
    }
  });
});

/** tcpshark's trailer (PROCESS-METADATA.md §1.3): magic A1BFF3D4, PID u32, CmdLen u8, Cmd, ArgsLen u16, Args, big-endian. */
function decodeTrailer(hex: string): { pid: number; cmd: string; args: string } | null {
  const b = Buffer.from(hex.replace(/:/g, ''), 'hex');
  if (b.length < 11 || b.readUInt32BE(0) !== 0xa1bff3d4) return null;
  const cmdLen = b[8];
  const argsLen = b.readUInt16BE(9 + cmdLen);
  return { pid: b.readUInt32BE(4), cmd: b.subarray(9, 9 + cmdLen).toString('utf8'), args: b.subarray(11 + cmdLen, 11 + cmdLen + argsLen).toString('utf8') };
}

describe.runIf(haveTshark())('tcpshark_layout_synthetic.pcapng', () => {
  const file = path.join(corpusRoot, 'synthetic/tcpshark_layout_synthetic.pcapng');
  let index: CaseIndex;
  let truth: Layers[];
  beforeAll(async () => {
    truth = tsharkJson(file, ['eth.trailer', 'tcp.len', 'tcp.srcport', 'frame.len']);
    index = await ingest(file);
  });
  afterAll(() => index?.close());

  it('tagged frames carry the trailer\'s PID; the untagged inbound frame takes its stream\'s process', () => {
    const trailers = truth.map((t) => (t['eth.trailer'] ? decodeTrailer(t['eth.trailer'][0]) : null));
    expect(trailers.map((t) => t?.pid ?? 0)).toEqual([4242, 4242, 0, 4242, 4242, 0]);
    const rows = frameProcesses(index);
    rows.forEach((r, i) => {
      const t = trailers[i];
      if (t !== null && t.pid !== 0) {
        expect({ pid: r.pid, dir: r.dir, derived: r.derived }).toEqual({ pid: t.pid, dir: 2, derived: null });
      }
    });
    // Frame 3 (inbound, PID 0 in its trailer) is the same TCP stream: received by 4242, derived.
    expect({ pid: rows[2].pid, dir: rows[2].dir, derived: rows[2].derived }).toEqual({ pid: 4242, dir: 1, derived: 1 });
    // The ICMP frame (all-zero trailer) is nobody's.
    expect(rows[5].pid).toBeNull();
  });

  it('one process, grown from the -v 0/1/2 trailers', () => {
    const procs = index.processes.all();
    expect(procs).toHaveLength(1);
    const withArgs = truth.map((t) => (t['eth.trailer'] ? decodeTrailer(t['eth.trailer'][0]) : null)).find((t) => t?.args);
    const lens = truth.map((t) => Number(t['frame.len']![0]));
    expect(procs[0]).toMatchObject({
      pid: 4242, comm: 'curl', name: 'curl', args: withArgs!.args, exe: null, source: 'tcpshark', confidence: 'late',
      frames: 5, streams: 1, framesSent: 4, framesReceived: 1,
      bytesSent: lens[0] + lens[1] + lens[3] + lens[4], bytesReceived: lens[2], firstFrame: 1, lastFrame: 5,
    });
    const stream = index.streams.get(procs[0].evidenceId!, 'tcp', 0)!;
    expect(stream.processId).toBe(procs[0].id);
    expect(stream.node0Port).toBe(40000);
    expect(stream.processNode).toBe(0);
    expect(matching(index, 'tcpshark.pid == 4242')).toEqual([1, 2, 3, 4, 5]);
    expect(matching(index, 'args contains "-H a b"')).toEqual([1, 2, 3, 4, 5]);
  });

  it('the trailer is never payload: per-frame TCP payload and stream byte counts equal tshark\'s tcp.len', () => {
    const segs = index.db.prepare('SELECT frame, length FROM segments WHERE proto = \'tcp\' AND stream = 0 ORDER BY ord').all() as { frame: number; length: number }[];
    const tcpLen = (n: number) => Number(truth[n - 1]['tcp.len']![0]);
    // Frames whose bytes are new data: their segment is exactly tcp.len long (the trailer's 15+ bytes are not in it).
    expect(segs.find((s) => s.frame === 1)!.length).toBe(tcpLen(1));
    expect(segs.find((s) => s.frame === 3)!.length).toBe(tcpLen(3));
    const stream = index.streams.get(1, 'tcp', 0)!;
    // Reassembled bytes: client 1..30 (frames 1, 4, 5 overlap from seq 1), server 19.
    expect(stream.delivered0).toBe(Math.max(tcpLen(1), tcpLen(4), tcpLen(5)));
    expect(stream.delivered1).toBe(tcpLen(3));
    expect(stream.payload1).toBe(tcpLen(3));
    for (const s of segs) expect(s.length).toBeLessThanOrEqual(tcpLen(s.frame));
  });
});
