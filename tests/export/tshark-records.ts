/** tshark's view of a capture's records (bytes, time, lengths, interface, comments) via `-T json -x`. */
import { execFileSync } from 'node:child_process';

export interface TsharkRecord {
  number: number;
  /** Hex of the captured bytes. */
  raw: string;
  epoch: string;
  len: number;
  capLen: number;
  /** Absent for records that are not packets (pcapng custom blocks in tshark 4.0). */
  interfaceId: number | null;
  comments: string[];
}

type Layers = Record<string, unknown> & { frame?: Record<string, unknown>; frame_raw?: unknown[]; pkt_comment?: unknown };

const one = (v: unknown): string | undefined => (Array.isArray(v) ? (v[0] as string | undefined) : (v as string | undefined));

export function tsharkRecords(file: string, extra: string[] = []): TsharkRecord[] {
  const out = execFileSync('tshark', ['-r', file, '-T', 'json', '-x', '--no-duplicate-keys', ...extra], {
    encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const packets = JSON.parse(out) as { _source: { layers: Layers } }[];
  return packets.map((p) => {
    const l = p._source.layers;
    const f = l.frame ?? {};
    const iface = one(f['frame.interface_id']);
    const comments: string[] = [];
    const pc = l.pkt_comment as Record<string, unknown> | Record<string, unknown>[] | undefined;
    for (const c of pc === undefined ? [] : Array.isArray(pc) ? pc : [pc]) {
      const v = c['frame.comment'];
      if (Array.isArray(v)) comments.push(...(v as string[])); else if (typeof v === 'string') comments.push(v);
    }
    return {
      number: Number(one(f['frame.number'])),
      raw: one(l.frame_raw) ?? '',
      epoch: one(f['frame.time_epoch']) ?? '',
      len: Number(one(f['frame.len'])),
      capLen: Number(one(f['frame.cap_len'])),
      interfaceId: iface === undefined ? null : Number(iface),
      comments,
    };
  });
}

/** Frame numbers tshark selects with a display filter (optionally with a Lua script loaded). */
export function tsharkSelect(file: string, filter: string, lua?: string): number[] {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'];
  if (lua !== undefined) args.unshift('-X', `lua_script:${lua}`);
  const out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean).map(Number);
}
