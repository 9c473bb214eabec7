/**
 * `netstat -ano` (PROCESS-METADATA.md §4.5): after the "Active Connections" header, rows
 * "Proto  Local Address  Foreign Address  State  PID"; IPv6 in brackets; UDP rows have no State
 * column (foreign "*:*"), so the PID is always the last token. State words are localized on
 * non-English Windows, so nothing keys on them: a TCP row listens when its foreign port is 0.
 */
import { parseEndpoint } from '../endpoint-text.js';
import type { SocketRow } from '../types.js';

export interface NetstatRow extends SocketRow {
  pid: number;
  state?: string;
}

export function parseNetstatAno(text: string): NetstatRow[] {
  const out: NetstatRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim().split(/\s+/);
    const proto = t[0] === 'TCP' ? 'tcp' : t[0] === 'UDP' ? 'udp' : undefined;
    if (proto === undefined || (t.length !== 4 && t.length !== 5)) continue;
    const family = t[1].startsWith('[') ? 6 : 4;
    const local = parseEndpoint(t[1], family);
    const remote = parseEndpoint(t[2], family);
    const pid = Number(t[t.length - 1]);
    if (local === undefined || remote === undefined || !/^\d+$/.test(t[t.length - 1])) continue;
    const row: NetstatRow = {
      proto, localAddr: local.addr, localPort: local.port, remoteAddr: remote.addr, remotePort: remote.port,
      listening: proto === 'tcp' && remote.port === 0, ipv6Socket: family === 6, pid,
    };
    if (t.length === 5) row.state = t[3];
    out.push(row);
  }
  return out;
}
