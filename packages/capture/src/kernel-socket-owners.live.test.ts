/**
 * The kernel socket hooks for real (root, Linux with cgroup v2 and eBPF): python3 and node clients
 * connect or send over loopback (TCP and UDP, IPv4 and IPv6) and exit; only after they are gone is
 * each flow looked up — the kernel's record must still name the client's PID and command.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FlowKey } from '@wirewho/procmap';
import { launchClients, nodeSpec, PYTHON, pythonSpec, startLoopbackServers, type ClientSpec } from '../../procmap/testing/loopback.js';
import { ADDON_PATH } from './native.js';
import { KernelSocketOwners } from './kernel-socket-owners.js';

// Root with the addon built and a cgroup v2 hierarchy to attach to (elsewhere open() says why not).
const isRoot = process.platform === 'linux' && process.getuid?.() === 0 && existsSync(ADDON_PATH)
  && readFileSync('/proc/self/mounts', 'utf8').includes(' cgroup2 ');

describe.skipIf(!isRoot)('kernel socket owners on loopback (root)', () => {
  it('names exited short-lived clients by PID and command, for TCP and UDP over IPv4 and IPv6', async () => {
    const opened = KernelSocketOwners.open();
    if (!('owners' in opened)) throw new Error(`the hooks should attach here as root: ${opened.reason}`);
    const { owners } = opened;
    const flows: { flow: FlowKey; pid: number }[] = [];
    const servers = await startLoopbackServers(() => undefined, (flow, payload) => flows.push({ flow, pid: Number(payload) }));
    try {
      const specs: ClientSpec[] = [];
      for (const host of ['127.0.0.1', '::1']) {
        const tcp = host === '::1' ? servers.tcp6 : servers.tcp4;
        const udp = host === '::1' ? servers.udp6 : servers.udp4;
        specs.push(nodeSpec('tcp', host, tcp, 'reply'), nodeSpec('udp', host, udp, 'reply'));
        if (PYTHON !== undefined) specs.push(pythonSpec('tcp', host, tcp, 'reply'), pythonSpec('udp', host, udp, 'reply'), pythonSpec('udp-connected', host, udp, 'reply'));
      }
      const launched = await launchClients(specs, 5);
      await new Promise((r) => setTimeout(r, 50));
      const byPid = new Map(launched.map((c) => [c.pid, c]));
      expect(flows.length).toBe(specs.length);
      for (const { flow, pid } of flows) {
        const owner = owners.lookup(flow);
        expect(owner, `${flow.proto} ${flow.localAddr}:${flow.localPort}`).toBeDefined();
        expect(owner!.pid).toBe(pid);
        expect(owner!.comm).toBe(byPid.get(pid)!.comm);
        expect(owner!.atNs).toBeGreaterThan(BigInt(byPid.get(pid)!.startedAt - 1000) * 1_000_000n);
        expect(owner!.atNs).toBeLessThan(BigInt(Date.now()) * 1_000_000n);
      }
      // The server's end of a UDP exchange is named too: this process, by its socket() and sendto().
      const udp4 = flows.find((f) => f.flow.proto === 'udp' && f.flow.localAddr === '127.0.0.1')!.flow;
      const serverEnd = owners.lookup({ proto: 'udp', localAddr: udp4.remoteAddr, localPort: udp4.remotePort, remoteAddr: udp4.localAddr, remotePort: udp4.localPort });
      expect(serverEnd?.pid).toBe(process.pid);
    } finally {
      owners.close();
      await servers.close();
    }
    // Closed means detached: the hooks attach again at once.
    const again = KernelSocketOwners.open();
    expect('owners' in again).toBe(true);
    if ('owners' in again) again.owners.close();
  }, 30_000);
});
