/**
 * Conformance helpers: build a frames table the way the case index fills it, from tshark's own field
 * values (outermost IP layer only; ports only where tshark shows the transport header), and ask
 * tshark which frames a display filter selects.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { createTestDb, insertFrames, mac, type FrameInput } from './db.js';

const run = promisify(execFile);

export const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/corpus/captures');
export const TSHARK = '/usr/bin/tshark';

export function haveTshark(): boolean {
  return existsSync(TSHARK);
}

const FIELDS = [
  'frame.number', 'frame.len', 'frame.cap_len', 'frame.time_epoch', 'eth.src', 'eth.dst', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
  'ip.proto', 'ipv6.nxt', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'tcp.flags', '_ws.col.Protocol', 'icmp.type',
  'icmpv6.type',
] as const;

/** An in-memory case index holding one capture, as the index would store it. */
export function frameDbFromTshark(capture: string): Database.Database {
  const out = execFileSync(TSHARK, ['-r', capture, '-n', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=f', ...FIELDS.flatMap((f) => ['-e', f])], {
    encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const frames: FrameInput[] = [];
  for (const line of out.split('\n')) {
    if (!line) continue;
    const v = Object.fromEntries(line.split('\t').map((x, i) => [FIELDS[i], x])) as Record<(typeof FIELDS)[number], string>;
    const num = (s: string) => (s === '' ? null : Number(s));
    const [sec, frac = '0'] = v['frame.time_epoch'].split('.');
    const tcp = v['tcp.srcport'] !== '';
    const udp = v['udp.srcport'] !== '';
    const ipVersion = v['ip.src'] ? 4 : v['ipv6.src'] ? 6 : 0;
    // The index keeps the first transport protocol (after IPv6 extension headers).
    const ipProto = tcp ? 6 : udp ? 17 : v['icmpv6.type'] !== '' ? 58 : v['icmp.type'] !== '' ? 1 : num(v['ip.proto'] || v['ipv6.nxt']);
    frames.push({
      number: Number(v['frame.number']),
      orig_len: Number(v['frame.len']), cap_len: Number(v['frame.cap_len']),
      ts_sec: Number(sec), ts_nsec: Number((frac + '000000000').slice(0, 9)),
      eth_src: v['eth.src'] ? mac(v['eth.src']) : null, eth_dst: v['eth.dst'] ? mac(v['eth.dst']) : null,
      ip_version: ipVersion,
      ip_src: ipVersion === 4 ? v['ip.src'] : ipVersion === 6 ? v['ipv6.src'] : null,
      ip_dst: ipVersion === 4 ? v['ip.dst'] : ipVersion === 6 ? v['ipv6.dst'] : null,
      ip_proto: ipVersion ? ipProto : null,
      src_port: tcp ? num(v['tcp.srcport']) : udp ? num(v['udp.srcport']) : null,
      dst_port: tcp ? num(v['tcp.dstport']) : udp ? num(v['udp.dstport']) : null,
      tcp_flags: tcp && v['tcp.flags'] ? parseInt(v['tcp.flags'], 16) : null,
      protocol: v['_ws.col.Protocol'] || 'UNKNOWN',
    });
  }
  const db = createTestDb({ format: capture.endsWith('.pcapng') ? 'pcapng' : 'pcap' });
  insertFrames(db, frames);
  return db;
}

/** Frame numbers tshark selects with `-Y filter`. */
export async function tsharkMatches(capture: string, filter: string): Promise<number[]> {
  const { stdout } = await run(TSHARK, ['-r', capture, '-n', '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { maxBuffer: 1 << 26 });
  return stdout.split('\n').filter(Boolean).map(Number);
}

/**
 * Frame numbers each filter selects, from ONE tshark pass: testing/multi-filter.lua registers a tap
 * (Listener) per filter, which evaluates it exactly as -Y does. Throws if tshark rejects a filter.
 */
export async function tsharkMatchesMany(capture: string, filters: readonly string[]): Promise<number[][]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ww-filter-'));
  try {
    const list = path.join(dir, 'filters.txt');
    const out = path.join(dir, 'out.txt');
    writeFileSync(list, filters.join('\n') + '\n');
    await run(TSHARK, ['-r', capture, '-n', '-q', '-X', `lua_script:${path.join(import.meta.dirname, 'multi-filter.lua')}`], {
      maxBuffer: 1 << 26, env: { ...process.env, WW_FILTERS: list, WW_OUT: out },
    });
    const result: number[][] = filters.map(() => []);
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      if (!line) continue;
      const [a, b, msg] = line.split('\t');
      if (a === 'E') throw new Error(`tshark rejects ${filters[Number(b) - 1]}: ${msg}`);
      result[Number(a) - 1].push(Number(b));
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs async jobs with bounded concurrency. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
