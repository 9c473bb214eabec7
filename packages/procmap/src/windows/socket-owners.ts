/** Windows sockets with owners: netstat -ano joined with tasklist by PID (image name as comm). */
import { execFileSync } from 'node:child_process';
import type { OwnedSocket } from '../owned-socket.js';
import { parseNetstatAno } from './netstat.js';
import { parseTasklistCsv } from './tasklist.js';

export function joinWindowsSockets(netstatText: string, tasklistText: string): OwnedSocket[] {
  const images = new Map(parseTasklistCsv(tasklistText).map((t) => [t.pid, t.image]));
  return parseNetstatAno(netstatText).map(({ pid, ...row }) => {
    const image = images.get(pid);
    return { ...row, process: image === undefined ? { pid } : { pid, comm: image } };
  });
}

/** Runs both tools (Windows only); netstat's -b would name executables but needs elevation. */
export function windowsSocketOwners(): OwnedSocket[] {
  const run = (file: string, args: string[]): string => execFileSync(file, args, { encoding: 'latin1', windowsHide: true, timeout: 10_000 });
  return joinWindowsSockets(run('netstat', ['-ano']), run('tasklist', ['/FO', 'CSV', '/NH']));
}
