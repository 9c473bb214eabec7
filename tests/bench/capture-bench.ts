/**
 * Live capture throughput on loopback (root): UDP senders flood 127.0.0.1 at a target rate while a
 * CaptureSession (helper + pcapng writer) captures with attribution on, then off. Prints packets/s
 * sustained, kernel drops, and the CPU seconds of the helper and of the writer (this process), so
 * the cost of attribution is the difference between the two runs. Asserts nothing.
 * Senders: `c` (compiled here with cc: paced sendmmsg batches, the least CPU per datagram, so the
 * two CPUs go to the capture), `python` (a paced sendto loop, ~3 µs a datagram) or `node` (dgram,
 * ~10 µs a datagram: sender-bound below ~70k/s on 2 CPUs). Default: c where cc exists, else python.
 *   pnpm bench:capture [--seconds 30] [--pps 100000] [--senders 1] [--flows 64] [--sender c|python|node]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaptureSession } from '@wirewho/capture';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' }, pps: { type: 'string', default: '100000' }, senders: { type: 'string', default: '1' },
    flows: { type: 'string', default: '64' },
    sender: { type: 'string', default: existsSync('/usr/bin/cc') ? 'c' : existsSync('/usr/bin/python3') ? 'python' : 'node' },
  },
});
const seconds = Number(values.seconds);
const pps = Number(values.pps);
const senders = Number(values.senders);
const flows = Number(values.flows);

const SENDER = `
const dgram = require('node:dgram');
const [port, rate, flows, ms] = process.argv.slice(1).map(Number);
const socks = Array.from({ length: flows }, () => dgram.createSocket('udp4'));
const msg = Buffer.alloc(64, 1);
const end = Date.now() + ms;
let sent = 0;
const t0 = Date.now();
(function tick() {
  if (Date.now() >= end) { process.stdout.write(String(sent), () => process.exit(0)); return; }
  const due = Math.floor(((Date.now() - t0) / 1000) * rate);
  for (; sent < due; sent++) socks[sent % flows].send(msg, port, '127.0.0.1');
  setImmediate(tick);
})();`;

const PY_SENDER = `
import socket, sys, time
port, rate, flows, ms = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(flows)]
msg, addr = b'\\x01' * 64, ('127.0.0.1', port)
t0 = time.monotonic(); end = t0 + ms / 1000; sent = 0
while True:
    now = time.monotonic()
    if now >= end: break
    due = int((now - t0) * rate)
    if sent >= due: time.sleep(0.0005); continue
    while sent < due:
        socks[sent % flows].sendto(msg, addr); sent += 1
sys.stdout.write(str(sent))`;

const C_SENDER = `
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
  int port = atoi(argv[1]), flows = atoi(argv[3]); double rate = atof(argv[2]), secs = atof(argv[4]) / 1000;
  int *socks = calloc(flows, sizeof(int));
  for (int i = 0; i < flows; i++) socks[i] = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  char msg[64]; memset(msg, 1, sizeof msg);
  enum { BATCH = 32 };
  struct iovec iov = { msg, sizeof msg };
  struct mmsghdr m[BATCH]; memset(m, 0, sizeof m);
  for (int i = 0; i < BATCH; i++) { m[i].msg_hdr.msg_name = &to; m[i].msg_hdr.msg_namelen = sizeof to; m[i].msg_hdr.msg_iov = &iov; m[i].msg_hdr.msg_iovlen = 1; }
  double t0 = now(); long sent = 0; int f = 0;
  for (;;) {
    double t = now() - t0;
    if (t >= secs) break;
    long due = (long)(t * rate);
    if (sent >= due) { usleep(200); continue; }
    int n = due - sent > BATCH ? BATCH : (int)(due - sent);
    int r = sendmmsg(socks[f], m, n, 0);
    if (r > 0) sent += r;
    f = (f + 1) % flows;
  }
  printf("%ld", sent);
  return 0;
}`;

let compiledSender: string | undefined;
function senderCommand(port: number, rate: number, flowCount: number, ms: number): [string, string[]] {
  const args = [String(port), String(rate), String(flowCount), String(ms)];
  if (values.sender === 'c') {
    if (compiledSender === undefined) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-sender-'));
      writeFileSync(path.join(dir, 'sender.c'), C_SENDER);
      execFileSync('cc', ['-O2', '-o', path.join(dir, 'sender'), path.join(dir, 'sender.c')]);
      compiledSender = path.join(dir, 'sender');
    }
    return [compiledSender, args];
  }
  return values.sender === 'python' ? ['/usr/bin/python3', ['-c', PY_SENDER, ...args]] : [process.execPath, ['-e', SENDER, ...args]];
}

function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime in ticks (CLK_TCK 100)
}

async function run(attribution: 'targeted' | 'off'): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirewho-capture-bench-'));
  const port = 45000 + (process.pid % 10000);
  const session = await CaptureSession.start({ interfaces: ['lo'], filter: `udp dst port ${port}`, dir, attribution, snaplen: 128 });
  const helper = session.helperPid!;
  const helperCpu0 = cpuSeconds(helper);
  const selfCpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sent = await Promise.all(Array.from({ length: senders }, () => new Promise<number>((resolve) => {
    const [file, args] = senderCommand(port, pps / senders, Math.ceil(flows / senders), seconds * 1000);
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', () => resolve(Number(out)));
  })));
  await new Promise((r) => setTimeout(r, 300));
  const helperCpu = cpuSeconds(helper) - helperCpu0;
  session.stop();
  const s = await session.done;
  const wall = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(selfCpu0);
  const total = sent.reduce((a, b) => a + b, 0);
  console.log(
    `attribution ${attribution}: sent ${total} in ${seconds} s (${Math.round(total / seconds)}/s), captured ${s.frames} ` +
    `(${Math.round(s.frames / seconds)} packets/s), kernel drops ${s.drops}, ${s.files.length} file(s) ${(s.bytes / 1e6).toFixed(1)} MB; ` +
    `CPU: helper ${helperCpu.toFixed(1)} s (${((100 * helperCpu) / wall).toFixed(0)}%), writer ${((self.user + self.system) / 1e6).toFixed(1)} s; ` +
    `helper read ${s.stats?.interfaces[0]?.frames}, pcap recv ${s.stats?.interfaces[0]?.recv}; flows ${s.stats?.attribution.flows ?? 0}, lookups ${s.stats?.attribution.lookups ?? 0}`,
  );
  rmSync(dir, { recursive: true, force: true });
}

if (process.getuid?.() !== 0) {
  console.error('capture-bench: live capture needs root');
  process.exit(1);
}
console.log(`capture-bench: ${pps} packets/s target, ${senders} ${values.sender} sender(s), ${flows} flows, ${seconds} s, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
await run('targeted');
await run('off');
