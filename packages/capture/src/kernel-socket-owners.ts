/**
 * The kernel's own record of who uses each socket (native/socket_tracer.cc: eBPF cgroup hooks run
 * in the process's context at socket(), connect() and sendto(), and per packet key its 5-tuple to
 * that owner). A flow is looked up here first: the answer survives the process, so a client that
 * lived 5 ms is still named with its PID and command — no /proc race. Linux with CAP_BPF (the
 * capture helper runs privileged); elsewhere, or when the kernel refuses, open() says why and the
 * /proc method alone answers.
 */
import { readFileSync } from 'node:fs';
import { parseIPv4, parseIPv6, type FlowKey, type KernelOwner } from '@wirewho/procmap';
import { pcapAddon, type SocketTracerHandle } from './native.js';

export const KEY_BYTES = 40;

/** The cgroup v2 mount point (the hooks attach at its root, so every process is covered). */
export function cgroup2Root(mounts: string): string | undefined {
  for (const line of mounts.split('\n')) {
    const [, mountPoint, type] = line.split(' ');
    if (type === 'cgroup2' && mountPoint !== undefined) return mountPoint.replace(/\\040/g, ' ');
  }
  return undefined;
}

/** The tracer's map key for a flow seen from its local end (layout: socket_tracer.cc). */
export function encodeFlowKey(flow: FlowKey): Buffer | undefined {
  const local = parseIPv4(flow.localAddr) ?? parseIPv6(flow.localAddr);
  const remote = parseIPv4(flow.remoteAddr) ?? parseIPv6(flow.remoteAddr);
  if (local === undefined || remote === undefined || local.length !== remote.length) return undefined;
  const key = Buffer.alloc(KEY_BYTES);
  key[0] = flow.proto === 'tcp' ? 6 : 17;
  key[1] = local.length === 4 ? 4 : 6;
  key.writeUInt16BE(flow.localPort, 4);
  key.writeUInt16BE(flow.remotePort, 6);
  key.set(local, 8);
  key.set(remote, 24);
  return key;
}

/** The tracer's map value: pid_tgid, comm, and (filled in by lookup) the wall-clock time of the socket call. */
export function decodeOwner(value: Uint8Array): KernelOwner {
  const v = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const comm = v.subarray(8, 24);
  const end = comm.indexOf(0);
  return { pid: v.readUInt32LE(4), tid: v.readUInt32LE(0), comm: comm.subarray(0, end < 0 ? 16 : end).toString('utf8'), atNs: v.readBigUInt64LE(32) };
}

export class KernelSocketOwners {
  private constructor(private tracer: SocketTracerHandle | undefined) {}

  /** Attaches the hooks, or says why they cannot be used here. */
  static open(): { owners: KernelSocketOwners } | { reason: string } {
    if (process.platform !== 'linux') return { reason: 'kernel socket hooks need Linux' };
    let root: string | undefined;
    try {
      root = cgroup2Root(readFileSync('/proc/self/mounts', 'utf8'));
    } catch (err) {
      return { reason: `cannot read /proc/self/mounts: ${(err as Error).message}` };
    }
    if (root === undefined) return { reason: 'no cgroup v2 hierarchy is mounted' };
    try {
      return { owners: new KernelSocketOwners(new (pcapAddon().SocketTracer)(root)) };
    } catch (err) {
      return { reason: (err as Error).message };
    }
  }

  /** The process whose socket carried this flow's packets at its local end, if the hooks saw it. */
  lookup(flow: FlowKey): KernelOwner | undefined {
    const key = this.tracer === undefined ? undefined : encodeFlowKey(flow);
    if (key === undefined) return undefined;
    const value = this.tracer!.lookup(key);
    return value === null ? undefined : decodeOwner(value);
  }

  close(): void {
    this.tracer?.close();
    this.tracer = undefined;
  }
}
