/**
 * `pnpm bench:follow [--runs N] [--mb 5] [--capture file --stream N]`: how long following a large TCP
 * stream takes once it is indexed (issue 3: a 5 MB stream in ≤ 200 ms). Builds a capture with a
 * ≥ 5 MB server→client stream (Ethernet, 1448-byte segments, ACKs, a few reordered pairs and
 * retransmissions), ingests it through the real engine, then times, as medians of N runs:
 * - the CLI path (`wirewho follow --format raw`): StreamFollower over the segments map, bytes read
 *   from the evidence by offset;
 * - the contract path (`followStream`): one 16 MiB window (what a browser "save" asks for) and the
 *   Follow view's 256 KiB windows paged to the end (both directions), base64 and all;
 * - once, `wirewho follow --format raw > /dev/null` as a process (tsx start-up included).
 * With --capture, the same timings run on stream N of that file too (e.g. the corpus's netem_client.pcap,
 * a real 5 MiB download with loss and reordering); with --loopback (root, tcpdump), also on a capture
 * made here: a local TCP server sends the bytes to a client while `tcpdump -i lo` records them.
 * Prints numbers; asserts only that the bytes are right.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAX_FOLLOW_WINDOW, type IngestFinished } from '@wirewho/contract';
import { openEngine, StreamFollower, type Engine } from '@wirewho/engine';
import { PcapWriter } from '@wirewho/pcap';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    mb: { type: 'string', default: '5' },
    capture: { type: 'string' },
    stream: { type: 'string', default: '0' },
    loopback: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-follow-bench-'));

// ---- a capture with one large TCP stream -------------------------------------------------------

const MSS = 1448;
const CLIENT = [10, 9, 0, 1], SERVER = [10, 9, 0, 2];

function frame(src: number[], dst: number[], sport: number, dport: number, seq: number, ack: number, flags: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + 20 + 20 + payload.length);
  const v = new DataView(out.buffer);
  out.set([2, 0, 0, 0, 0, dst[3], 2, 0, 0, 0, 0, src[3]], 0);
  v.setUint16(12, 0x0800);
  v.setUint8(14, 0x45);
  v.setUint16(16, 40 + payload.length);
  v.setUint8(22, 64);
  v.setUint8(23, 6);
  out.set(src, 26);
  out.set(dst, 30);
  v.setUint16(34, sport);
  v.setUint16(36, dport);
  v.setUint32(38, seq >>> 0);
  v.setUint32(42, ack >>> 0);
  v.setUint8(46, 0x50);
  v.setUint8(47, flags);
  v.setUint16(48, 65535);
  out.set(payload, 54);
  return out;
}

/** Writes the capture; returns the SHA-256 of the server's bytes and of the client's. */
function buildCapture(file: string, serverBytes: number): { server: string; client: string; frames: number } {
  const w = new PcapWriter({ nanosecond: false, linkType: 1, snapLen: 65535 });
  const fd = openSync(file, 'w');
  let ts = 1_700_000_000_000_000_000n;
  let frames = 0;
  const put = (bytes: Uint8Array) => { writeSync(fd, w.packet(ts, bytes)); ts += 20_000n; frames++; };
  writeSync(fd, w.header());
  const [cp, sp] = [40001, 8080];
  const cIsn = 1000, sIsn = 4_294_000_000; // the server's sequence numbers wrap past 2^32
  const request = new TextEncoder().encode('GET /big.bin HTTP/1.1\r\nHost: bench\r\n\r\n');
  const header = new TextEncoder().encode(`HTTP/1.1 200 OK\r\nContent-Length: ${serverBytes}\r\n\r\n`);
  const body = new Uint8Array(serverBytes);
  let x = 12345;
  for (let i = 0; i < body.length; i++) { x = (x * 1103515245 + 12345) >>> 0; body[i] = x >>> 24; }
  const response = new Uint8Array(header.length + body.length);
  response.set(header);
  response.set(body, header.length);

  put(frame(CLIENT, SERVER, cp, sp, cIsn, 0, 0x02, new Uint8Array(0)));
  put(frame(SERVER, CLIENT, sp, cp, sIsn, cIsn + 1, 0x12, new Uint8Array(0)));
  put(frame(CLIENT, SERVER, cp, sp, cIsn + 1, sIsn + 1, 0x10, new Uint8Array(0)));
  put(frame(CLIENT, SERVER, cp, sp, cIsn + 1, sIsn + 1, 0x18, request));
  const cEnd = cIsn + 1 + request.length;
  const segs: { off: number; len: number }[] = [];
  for (let off = 0; off < response.length; off += MSS) segs.push({ off, len: Math.min(MSS, response.length - off) });
  const seg = (s: { off: number; len: number }) =>
    frame(SERVER, CLIENT, sp, cp, sIsn + 1 + s.off, cEnd, 0x18, response.subarray(s.off, s.off + s.len));
  for (let i = 0; i < segs.length; i++) {
    // Every 400th pair arrives swapped, and every 700th segment is retransmitted: reassembly has work.
    if (i % 400 === 399 && i + 1 < segs.length) { put(seg(segs[i + 1])); put(seg(segs[i])); i++; } else put(seg(segs[i]));
    if (i % 700 === 699) put(seg(segs[i]));
    if (i % 2 === 1) put(frame(CLIENT, SERVER, cp, sp, cEnd, sIsn + 1 + segs[i].off + segs[i].len, 0x10, new Uint8Array(0)));
  }
  const sEnd = sIsn + 1 + response.length;
  put(frame(SERVER, CLIENT, sp, cp, sEnd, cEnd, 0x11, new Uint8Array(0)));
  put(frame(CLIENT, SERVER, cp, sp, cEnd, sEnd + 1, 0x11, new Uint8Array(0)));
  put(frame(SERVER, CLIENT, sp, cp, sEnd + 1, cEnd + 1, 0x10, new Uint8Array(0)));
  closeSync(fd);
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  return { server: sha(response), client: sha(request), frames };
}

// ---- or a real one, over loopback ---------------------------------------------------------

/** A server sends `bytes` to one client over 127.0.0.1 while tcpdump records lo; returns the payload's SHA-256. */
async function captureLoopback(file: string, bytes: number): Promise<{ server: string }> {
  const payload = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) payload[i] = (i * 2654435761) >>> 24;
  const server = createServer((sock) => sock.end(payload));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '--immediate-mode', '-B', '65536', '-s', '0', '-w', file, 'tcp', 'port', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    tcpdump.stderr.on('data', (d: Buffer) => { if (d.toString().includes('listening on')) resolve(); });
    tcpdump.on('exit', (code) => reject(new Error(`tcpdump exited ${code} (needs root and tcpdump)`)));
  });
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    const c = connect(port, '127.0.0.1', () => c.write('GET /big.bin\r\n'));
    c.on('data', (d: Buffer) => { received += d.length; });
    c.on('end', () => { c.end(); resolve(); });
    c.on('error', reject);
  });
  server.close();
  // Let the last ACKs and FINs reach the capture before stopping it (our own tcpdump, by its pid).
  await new Promise((r) => setTimeout(r, 700));
  const exited = new Promise((r) => tcpdump.once('exit', r));
  tcpdump.kill('SIGINT');
  await exited;
  if (received !== bytes) throw new Error(`loopback client received ${received} of ${bytes} bytes`);
  return { server: createHash('sha256').update(payload).digest('hex') };
}

// ---- timing ----------------------------------------------------------------------------------

async function ingest(engine: Engine, file: string): Promise<IngestFinished> {
  const done = new Promise<IngestFinished>((resolve) => {
    const stop = engine.subscribe((event, payload) => {
      if (event === 'ingestFinished') { stop(); resolve(payload as IngestFinished); }
    });
  });
  await engine.service.openEvidence({ path: file });
  return done;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => Promise<number> | number): Promise<{ ms: number; all: number[]; bytes: number }> {
  await fn(); // warm-up: page cache and prepared statements, as for an analyst's second look
  const all: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    bytes = await fn();
    all.push(performance.now() - t0);
  }
  return { ms: median(all), all, bytes };
}

async function benchStream(label: string, file: string, stream: number, want?: { server: string }): Promise<Record<string, unknown>> {
  const caseDir = path.join(tmp, `case-${label}`);
  const engine = await openEngine({ caseDir });
  try {
    const t0 = performance.now();
    const result = await ingest(engine, file);
    const ingestMs = performance.now() - t0;
    if (result.status !== 'complete') throw new Error(`ingest of ${file}: ${result.status} ${result.error ?? ''}`);
    const follower = new StreamFollower(engine.index, engine.access);
    const info = follower.resolve('tcp', stream);
    const serverBytes = info.dataBytes[1 - info.clientNode];

    // Correctness first (outside the timings): the server's bytes hash to what was sent.
    const hash = createHash('sha256');
    for (const it of follower.items(info, 'server')) if (it.kind === 'data') hash.update(it.bytes);
    const sha = hash.digest('hex');
    if (want && sha !== want.server) throw new Error(`${label}: reassembled server bytes differ from what was sent`);

    const cli = await time(() => {
      let n = 0;
      for (const it of new StreamFollower(engine.index, engine.access).items(follower.resolve('tcp', stream), 'server')) if (it.kind === 'data') n += it.bytes.length;
      return n;
    });
    const contractOne = await time(async () => {
      const page = await engine.service.followStream({ proto: 'tcp', stream, direction: 'server', offset: 0, limit: MAX_FOLLOW_WINDOW });
      return page.items.reduce((n, it) => n + (it.kind === 'data' ? it.length : 0), 0);
    });
    const WINDOW = 256 * 1024;
    const firstWindow = await time(async () => {
      const page = await engine.service.followStream({ proto: 'tcp', stream, direction: 'both', offset: 0, limit: WINDOW });
      return page.items.length;
    });
    const contractPaged = await time(async () => {
      let n = 0;
      for (let offset: number | null = 0; offset !== null;) {
        const page = await engine.service.followStream({ proto: 'tcp', stream, direction: 'both', offset, limit: WINDOW });
        for (const it of page.items) if (it.kind === 'data') n += it.length;
        offset = page.nextOffset;
      }
      return n;
    });

    // The CLI as a process, once (start-up of tsx and the engine included).
    const p0 = performance.now();
    const proc = spawnSync(path.join(repoRoot, 'node_modules/.bin/tsx'),
      [path.join(repoRoot, 'apps/cli/src/main.ts'), 'follow', '--case', caseDir, '--stream', String(stream), '--format', 'raw', '--direction', 'server'],
      { cwd: repoRoot, maxBuffer: 1024 * 1024 * 1024 });
    const processMs = performance.now() - p0;
    const processSha = createHash('sha256').update(proc.stdout).digest('hex');
    if (proc.status !== 0 || processSha !== sha) throw new Error(`${label}: wirewho follow exited ${proc.status} or wrote other bytes: ${proc.stderr.toString()}`);

    const segments = (engine.index.db.prepare("SELECT count(*) AS n FROM segments WHERE proto = 'tcp' AND stream = ?").get(stream) as { n: number }).n;
    const r = {
      label, file, stream, frames: result.frames, ingestMs: Math.round(ingestMs), serverBytes, segments, runs,
      cliFollowMs: Number(cli.ms.toFixed(1)),
      contractFollowOneWindowMs: Number(contractOne.ms.toFixed(1)),
      contractFirst256KiBMs: Number(firstWindow.ms.toFixed(1)),
      contractAll256KiBWindowsMs: Number(contractPaged.ms.toFixed(1)),
      cliProcessMs: Math.round(processMs),
      targetMs: 200,
      withinTarget: cli.ms <= 200 && contractOne.ms <= 200,
    };
    console.log(`${label}: ${(serverBytes / 1e6).toFixed(2)} MB server→client in ${segments} segments (${result.frames} frames, ingest ${r.ingestMs} ms)`);
    console.log(`  CLI path (StreamFollower, raw):        median ${r.cliFollowMs} ms  [${cli.all.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  followStream, one 16 MiB window:       median ${r.contractFollowOneWindowMs} ms  [${contractOne.all.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  followStream, first 256 KiB (both):    median ${r.contractFirst256KiBMs} ms`);
    console.log(`  followStream, all 256 KiB windows:     median ${r.contractAll256KiBWindowsMs} ms  (${Math.ceil((info.dataBytes[0] + info.dataBytes[1]) / WINDOW)} requests)`);
    console.log(`  wirewho follow --format raw (process): ${r.cliProcessMs} ms including start-up`);
    return r;
  } finally {
    await engine.close();
  }
}

try {
  const synthetic = path.join(tmp, 'follow-bench.pcap');
  const sent = buildCapture(synthetic, Math.round(Number(values.mb) * 1024 * 1024));
  const results = [await benchStream('synthetic', synthetic, 0, sent)];
  if (values.loopback) {
    const lo = path.join(tmp, 'loopback.pcap');
    const sent = await captureLoopback(lo, Math.round(Number(values.mb) * 1024 * 1024));
    results.push(await benchStream('loopback', lo, 0, sent));
  }
  if (values.capture) {
    if (!existsSync(values.capture)) throw new Error(`no such capture: ${values.capture}`);
    results.push(await benchStream(path.basename(values.capture), values.capture, Number(values.stream)));
  }
  console.log(JSON.stringify(results));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
