/**
 * Which listed socket carries a flow, most specific first, the way the kernel delivers:
 * 1. tuple: local and remote endpoints equal (TCP connections, connected UDP);
 * 2. local: an unconnected UDP socket bound to the local address and port;
 * 3. wildcard: an unconnected UDP socket bound to 0.0.0.0 / :: on the port (a dual-stack "::"
 *    socket also takes IPv4);
 * 4. listener: a TCP listener on the local endpoint (or wildcard), for connections not yet
 *    accepted (their socket has no owner yet; the listener's process is the one that accepts).
 */
import { isIPv6, isWildcard } from './ip.js';
import type { FlowKey, SocketMatch, SocketRow } from './types.js';

export interface Matched<R extends SocketRow> {
  row: R;
  match: SocketMatch;
}

function unconnected(r: SocketRow): boolean {
  return r.remotePort === 0 && isWildcard(r.remoteAddr);
}

/** A wildcard-bound socket of the right family: IPv4 flows also reach "::" sockets. */
function wildcardFits(r: SocketRow, flowV6: boolean): boolean {
  if (!isWildcard(r.localAddr)) return false;
  return flowV6 ? r.localAddr === '::' : r.localAddr === '0.0.0.0' || r.ipv6Socket;
}

/**
 * `rows` must hold canonical addresses; `flow` too (canonicalIp). `usable` filters candidates
 * (e.g. Linux rows whose inode is 0 have no owner) while still preferring the most specific kind.
 */
export function matchSocket<R extends SocketRow>(rows: readonly R[], flow: FlowKey, usable: (r: R) => boolean = () => true): Matched<R> | undefined {
  const v6 = isIPv6(flow.localAddr);
  let local: R | undefined;
  let wildcard: R | undefined;
  let listener: R | undefined;
  let listenerWild: R | undefined;
  for (const r of rows) {
    if (r.proto !== flow.proto || r.localPort !== flow.localPort || !usable(r)) continue;
    const sameLocal = r.localAddr === flow.localAddr;
    if (sameLocal && r.remotePort === flow.remotePort && r.remoteAddr === flow.remoteAddr && !r.listening) return { row: r, match: 'tuple' };
    if (flow.proto === 'udp') {
      if (!unconnected(r)) continue;
      if (sameLocal) local ??= r;
      else if (wildcardFits(r, v6)) wildcard ??= r;
    } else if (r.listening) {
      if (sameLocal) listener ??= r;
      else if (wildcardFits(r, v6)) listenerWild ??= r;
    }
  }
  if (local !== undefined) return { row: local, match: 'local' };
  if (wildcard !== undefined) return { row: wildcard, match: 'wildcard' };
  if (listener !== undefined) return { row: listener, match: 'listener' };
  if (listenerWild !== undefined) return { row: listenerWild, match: 'listener' };
  return undefined;
}
