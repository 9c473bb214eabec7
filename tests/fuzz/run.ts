/**
 * `pnpm fuzz [--cases N] [--seed S] [--timeout MS]`: the long fuzz run. Cases run in a child process;
 * a case that throws anything but a typed CaptureFormatError is a crash, one that runs past the time
 * limit is a hang (the child is killed and restarted after it). Failing inputs are saved under
 * tests/.artifacts/fuzz/ for replay; the summary line reports cases, faults, PDUs, Lua files switched
 * off by limit hits, crashes, hangs, max ms per case and peak RSS.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeCase } from './cases.js';

const { values } = parseArgs({ options: {
  cases: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, timeout: { type: 'string', default: '5000' },
} });
const total = Number(values.cases);
const seed = Number(values.seed);
const timeoutMs = Number(values.timeout);
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../.artifacts/fuzz');

const stats = { done: 0, faults: 0, pdus: 0, luaSwitchedOff: 0, crashes: 0, hangs: 0, maxMs: 0, peakRssMiB: 0 };
const findings: string[] = [];

function save(i: number, kind: string, detail: string): void {
  mkdirSync(outDir, { recursive: true });
  const c = makeCase(seed, i);
  const file = path.join(outDir, `${kind}-seed${seed}-case${i}.bin`);
  writeFileSync(file, c.bytes);
  findings.push(`${kind}: ${c.label} -> ${file}\n  ${detail.split('\n').slice(0, 4).join('\n  ')}`);
}

function runFrom(from: number): Promise<number> {
  return new Promise((resolve) => {
    const child: ChildProcess = fork(path.join(here, 'child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let current = from;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stats.hangs++;
        save(current, 'hang', `no result after ${timeoutMs} ms`);
        child.kill('SIGKILL');
        resolve(current + 1);
      }, timeoutMs);
    };
    child.on('message', (m: { type: string; i: number; ms?: number; fault?: string | null; pdus?: number; rss?: number; luaOff?: string | null; message?: string }) => {
      // The child loads the dissectors (Lua VM) before it takes work.
      if (m.type === 'ready') { child.send({ seed, from, to: total }); return; }
      if (m.type === 'begin') { current = m.i; arm(); return; }
      if (m.type === 'end') {
        stats.done++;
        if (m.fault) stats.faults++;
        stats.pdus += m.pdus ?? 0;
        if (m.luaOff) { stats.luaSwitchedOff++; findings.push(`lua switched off (CPU/memory limit hits): ${m.luaOff}`); }
        stats.maxMs = Math.max(stats.maxMs, m.ms ?? 0);
        stats.peakRssMiB = Math.max(stats.peakRssMiB, (m.rss ?? 0) / 1048576);
        if (stats.done % 5000 === 0) process.stderr.write(`${stats.done} cases…\n`);
        return;
      }
      if (m.type === 'crash') { stats.done++; stats.crashes++; save(m.i, 'crash', m.message ?? ''); return; }
      if (m.type === 'done') { clearTimeout(timer); child.kill(); resolve(total); }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return;
      if (code !== 0 && code !== null) { stats.crashes++; save(current, 'process-crash', `exit ${code}`); resolve(current + 1); }
    });
  });
}

const started = performance.now();
let next = 0;
while (next < total) next = await runFrom(next);
const seconds = (performance.now() - started) / 1000;
for (const f of findings) console.log(f);
console.log(JSON.stringify({ seed, cases: total, ...stats, maxMs: Number(stats.maxMs.toFixed(1)), peakRssMiB: Number(stats.peakRssMiB.toFixed(1)), seconds: Number(seconds.toFixed(1)) }));
process.exitCode = stats.crashes + stats.hangs > 0 ? 1 : 0;
