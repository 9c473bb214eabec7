/**
 * `wirewho capture -i <iface> [-i …] [-f '<bpf>'] [--duration S | --count N] --case <dir>
 * [--ring-size MB] [--ring-files N] [--ring-duration S]`: live capture through the privileged helper
 * into a pcapng ring under <case>/capture/, indexed as it arrives. Ctrl-C stops cleanly: the helper
 * is told to stop, the files are finalised and fully indexed before the command exits.
 */
import { CaptureFilterError, CaptureStartError, CaptureUnavailableError, validateCaptureFilter } from '@wirewho/capture';
import { Engine, LiveCapture, recordImport, type LiveCaptureResult } from '@wirewho/engine';
import { CliError } from '../errors.js';

export interface CaptureCommandOptions {
  interface: string[];
  filter?: string;
  duration?: string;
  count?: string;
  case: string;
  ringSize?: string;
  ringFiles?: string;
  ringDuration?: string;
  snaplen?: string;
  promisc: boolean;
  attribution: string;
  compareTcpshark?: boolean;
  json?: boolean;
}

function positive(name: string, v: string | undefined, integer = true): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new CliError(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${v}"`);
  return n;
}

const EXIT_PARTIAL = 3;

export async function runCapture(opts: CaptureCommandOptions): Promise<number> {
  if (opts.duration !== undefined && opts.count !== undefined) throw new CliError('give either --duration or --count, not both');
  const attribution = opts.attribution;
  if (attribution !== 'targeted' && attribution !== 'proc' && attribution !== 'tcpshark' && attribution !== 'off') {
    throw new CliError(`--attribution must be targeted, proc, tcpshark or off, got "${attribution}"`);
  }
  const durationSeconds = positive('--duration', opts.duration, false);
  const count = positive('--count', opts.count);
  const ringMb = positive('--ring-size', opts.ringSize, false);
  const ringFiles = positive('--ring-files', opts.ringFiles);
  const ringSeconds = positive('--ring-duration', opts.ringDuration, false);
  const snaplen = positive('--snaplen', opts.snaplen);
  if (ringFiles !== undefined && ringMb === undefined && ringSeconds === undefined) throw new CliError('--ring-files needs --ring-size or --ring-duration');
  try {
    if (opts.filter !== undefined) validateCaptureFilter(opts.filter);
  } catch (err) {
    if (err instanceof CaptureFilterError || err instanceof CaptureUnavailableError) throw new CliError(err.message);
    throw err;
  }

  const engine = new Engine({ caseDir: opts.case });
  let live: LiveCapture;
  let indexed = 0;
  let status = '';
  const tty = process.stderr.isTTY;
  const say = (line: string) => process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  try {
    live = await LiveCapture.start(engine.index, {
      interfaces: opts.interface, filter: opts.filter, snaplen, promisc: opts.promisc, durationSeconds, count,
      ringFileBytes: ringMb === undefined ? undefined : Math.round(ringMb * 1_000_000), ringFiles, ringFileSeconds: ringSeconds,
      attribution, compareTcpshark: opts.compareTcpshark,
    }, {
      fileOpened: (f) => { if (!tty) process.stderr.write(`capture: writing ${f}\n`); },
      fileRemoved: (f) => process.stderr.write(`${tty ? '\n' : ''}capture: ring buffer removed ${f}\n`),
      warning: (w) => process.stderr.write(`${tty ? '\n' : ''}wirewho: warning: ${w.message}\n`),
      indexError: (f, m) => process.stderr.write(`${tty ? '\n' : ''}wirewho: warning: ${f} not indexed: ${m}\n`),
      indexed: (_f, p) => { indexed = p.frames; },
      stats: (s) => {
        const ifs = s.interfaces.map((i) => `${i.name} ${i.frames} frames, ${i.drop + i.ifdrop} dropped`).join('; ');
        const a = s.attribution;
        status = `capture: ${ifs}; flows ${a.flows}`;
        if (tty) say(status);
      },
    });
  } catch (err) {
    await engine.close();
    if (err instanceof CaptureStartError || err instanceof CaptureUnavailableError || err instanceof CaptureFilterError) throw new CliError(err.message);
    throw err;
  }
  const iface = live.session.hello?.interfaces.map((i) => `${i.name} (link type ${i.linkType}, ${i.nanosecond ? 'ns' : 'µs'} timestamps)`).join(', ');
  process.stderr.write(`capture: started on ${iface}${opts.filter ? ` with filter "${opts.filter}"` : ''} (helper pid ${live.session.helperPid}); Ctrl-C stops\n`);
  const hooks = live.session.hello?.kernelHooks;
  if (attribution === 'targeted' || attribution === 'proc') {
    process.stderr.write(hooks?.active === true
      ? 'capture: processes named by the kernel\'s socket hooks (eBPF), details from /proc\n'
      : `capture: processes found by /proc lookups only (kernel socket hooks: ${hooks?.reason ?? 'unavailable'}); very short-lived processes may be missed\n`);
  }

  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(`${tty ? '\n' : ''}capture: stopping (finalising files)...\n`);
      live.stop();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: LiveCaptureResult;
  try {
    result = await live.done;
    for (const r of result.ingests) recordImport(engine.index, r.evidence);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
  if (tty) process.stderr.write('\n');
  const c = result.capture;
  const frames = result.ingests.reduce((n, r) => n + r.frames, 0);
  indexed = Math.max(indexed, frames);
  const why = {
    count: `--count ${count} reached`, duration: `--duration ${durationSeconds} s elapsed`, stopped: 'stopped', 'parent-gone': 'stopped',
    error: 'stopped by an error', 'helper-died': 'the capture helper died', 'disk-full': 'the disk is full',
  }[c.reason];
  process.stderr.write(`capture: ${why}: ${c.frames} frames written to ${c.files.length} file(s), ${indexed} records indexed, ${c.drops} dropped by the kernel\n`);
  if (c.message !== undefined) process.stderr.write(`wirewho: ${c.message}\n`);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({
      reason: c.reason, message: c.message ?? null, frames: c.frames, bytes: c.bytes, drops: c.drops, files: c.files,
      attributionLog: live.session.attributionLog, evidence: result.ingests.map((r) => ({ id: r.evidence.id, path: r.evidence.path, sha256: r.evidence.sha256, status: r.evidence.status, frames: r.frames })),
      attribution: c.stats?.attribution ?? null,
      kernelHooks: hooks ?? null,
    })}\n`);
  }
  return c.reason === 'stopped' || c.reason === 'count' || c.reason === 'duration' ? 0 : EXIT_PARTIAL;
}
