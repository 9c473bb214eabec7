/**
 * `lsof -nP -i -F pcfPnTtuLR` (lsof(8), "OUTPUT FOR OTHER PROGRAMS"; PROCESS-METADATA.md §4.4):
 * one field per line (or NUL-terminated with -F0, sets then ending in a newline), the first
 * character naming the field. "p" starts a process set (c command, u uid, L login, R ppid), "f"
 * a file set (t IPv4/IPv6, P TCP/UDP, n "local->remote" or "local", T "TST=ESTABLISHED" …).
 * The same letters are printed by lsof on Linux, where the parser is checked live.
 */
import { parseEndpoint } from '../endpoint-text.js';
import type { OwnedSocket } from '../owned-socket.js';
import type { ProcessInfo } from '../types.js';

export const LSOF_ARGS = ['-nP', '-i', '-F', 'pcfPnTtuLR'];

interface FileSet {
  fd?: string;
  family?: 4 | 6;
  proto?: 'tcp' | 'udp';
  name?: string;
  state?: string;
}

export function parseLsof(text: string): OwnedSocket[] {
  const out: OwnedSocket[] = [];
  let proc: ProcessInfo | undefined;
  let file: FileSet | undefined;
  const flush = (): void => {
    if (proc !== undefined && file !== undefined) {
      const row = toRow(proc, file);
      if (row !== undefined) out.push(row);
    }
    file = undefined;
  };
  for (const field of text.split(/[\0\n]/)) {
    if (field === '') continue;
    const id = field[0];
    const v = field.slice(1);
    switch (id) {
      case 'p': {
        flush();
        const pid = Number(v);
        proc = Number.isInteger(pid) && pid >= 0 ? { pid } : undefined;
        break;
      }
      case 'c': if (proc !== undefined && file === undefined) proc.comm = v; break;
      case 'u': if (proc !== undefined && file === undefined && /^\d+$/.test(v)) proc.uid = Number(v); break;
      case 'L': if (proc !== undefined && file === undefined) proc.user = v; break;
      case 'R': if (proc !== undefined && file === undefined && /^\d+$/.test(v)) proc.ppid = Number(v); break;
      case 'f': flush(); file = { fd: v }; break;
      case 't': if (file !== undefined) file.family = v === 'IPv6' ? 6 : v === 'IPv4' ? 4 : undefined; break;
      case 'P': if (file !== undefined) file.proto = v === 'TCP' ? 'tcp' : v === 'UDP' ? 'udp' : undefined; break;
      case 'n': if (file !== undefined) file.name = v; break;
      case 'T': if (file !== undefined && v.startsWith('ST=')) file.state = v.slice(3); break;
      default: break;
    }
  }
  flush();
  return out;
}

function toRow(proc: ProcessInfo, f: FileSet): OwnedSocket | undefined {
  if (f.family === undefined || f.proto === undefined || f.name === undefined) return undefined;
  const name = f.name.replace(/\s+\(.*\)$/, ''); // a trailing "(LISTEN)" some builds add
  const [localText, remoteText] = name.split('->');
  const local = parseEndpoint(localText, f.family);
  const remote = remoteText === undefined ? { addr: f.family === 6 ? '::' : '0.0.0.0', port: 0 } : parseEndpoint(remoteText, f.family);
  if (local === undefined || remote === undefined) return undefined;
  const row: OwnedSocket = {
    proto: f.proto, localAddr: local.addr, localPort: local.port, remoteAddr: remote.addr, remotePort: remote.port,
    listening: f.proto === 'tcp' && (f.state === 'LISTEN' || (remoteText === undefined && f.state === undefined)),
    ipv6Socket: f.family === 6, process: { ...proc },
  };
  if (f.state !== undefined) row.state = f.state;
  return row;
}
