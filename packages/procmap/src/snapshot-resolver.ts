/**
 * Flow → process from a whole-table snapshot source (macOS lsof, Windows netstat + tasklist),
 * where no targeted per-socket query exists without native code: the source runs when a flow
 * appears (a snapshot younger than `maxAgeMs` is reused), the flow is matched (socket-match.ts),
 * and answers are remembered so a flow whose socket is gone by a later lookup is "late".
 */
import { canonicalIp } from './ip.js';
import type { OwnedSocket } from './owned-socket.js';
import { matchSocket } from './socket-match.js';
import type { Attribution, FlowKey } from './types.js';

export interface SnapshotResolverOptions {
  /** Reuse a snapshot this young (default 0: run the source for every lookup). */
  maxAgeMs?: number;
  clockMs?: () => number;
}

export class SnapshotResolver {
  private snapshot: { at: number; rows: OwnedSocket[] } | undefined;
  private readonly memory = new Map<string, Attribution>();
  private readonly maxAgeMs: number;
  private readonly clockMs: () => number;
  runs = 0;

  constructor(private readonly source: () => OwnedSocket[], options: SnapshotResolverOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 0;
    this.clockMs = options.clockMs ?? (() => performance.now());
  }

  lookup(flow: FlowKey): Attribution {
    const localAddr = canonicalIp(flow.localAddr);
    const remoteAddr = canonicalIp(flow.remoteAddr);
    if (localAddr === undefined || remoteAddr === undefined) return { confidence: 'unknown' };
    const f: FlowKey = { ...flow, localAddr, remoteAddr };
    const key = `${f.proto} ${localAddr} ${f.localPort} ${remoteAddr} ${f.remotePort}`;
    const m = matchSocket(this.rows(), f);
    if (m !== undefined) {
      const a: Attribution = { confidence: 'exact', match: m.match, process: m.row.process };
      this.memory.set(key, a);
      return a;
    }
    const old = this.memory.get(key);
    return old === undefined ? { confidence: 'unknown' } : { ...old, confidence: 'late' };
  }

  private rows(): OwnedSocket[] {
    const now = this.clockMs();
    if (this.snapshot === undefined || now - this.snapshot.at > this.maxAgeMs) {
      this.runs++;
      this.snapshot = { at: now, rows: this.source() };
    }
    return this.snapshot.rows;
  }
}
