/**
 * Live attribution on loopback (127.0.0.1 / ::1 only): short-lived clients — python3, node, curl —
 * connect or send one datagram and exit within ~50–200 ms; each flow is looked up the moment the
 * server sees it. One at a time — each client exiting the moment the server replies, which it does
 * right after its lookup, as curl does — every flow must come back "exact" with the client's PID,
 * comm and argv, the server end with this test's own PID.
 * In a burst of 50 ms clients on a busy machine a lookup can come after the client exited: then the
 * young-process watcher's answer ("late") must still name the right process, and none may be wrong.
 * Reading other processes' fds needs root: skipped otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CURL, PYTHON, curlSpec, launchClients, nodeSpec, pythonSpec, spawnClient, startLoopbackServers, type Client, type ClientSpec, type LoopbackServers,
} from '../../testing/loopback.js';
import type { Attribution, FlowKey } from '../types.js';
import { LinuxResolver } from './linux-resolver.js';
import { TcpsharkPoller } from './tcpshark-poller.js';

const isRoot = process.platform === 'linux' && process.getuid?.() === 0;

interface Seen {
  flow: FlowKey;
  local: Attribution;
  remote: Attribution | null;
  poller?: { pid: number } | undefined;
  payload?: string;
}

describe.skipIf(!isRoot)('LinuxResolver live on loopback (root)', () => {
  const resolver = new LinuxResolver();
  const poller = new TcpsharkPoller();
  let servers: LoopbackServers;
  const seen: Seen[] = [];
  const key = (f: FlowKey): string => `${f.proto}|${f.localAddr}|${f.localPort}`;
  const byKey = new Map<string, Seen>();

  let stopWatch: () => void = () => undefined;

  beforeAll(async () => {
    resolver.prime();
    stopWatch = resolver.watch();
    servers = await startLoopbackServers(
      (flow) => {
        // The engine's trigger: a new flow — look it up now, synchronously, before anything else.
        const { local, remote } = resolver.lookupBothEnds(flow);
        const s: Seen = { flow, local, remote, poller: poller.lookupPorts(flow.localPort, flow.remotePort) };
        seen.push(s);
        byKey.set(key(flow), s);
      },
      (flow, payload) => {
        const s = byKey.get(key(flow));
        if (s !== undefined) s.payload ??= payload;
      },
    );
  });
  afterAll(async () => {
    stopWatch();
    poller.stop();
    await servers?.close();
  });

  /** Runs one client and returns what was seen for its (single) flow. */
  async function one(c: Client): Promise<Seen> {
    const before = seen.length;
    await c.exited;
    await new Promise((r) => setTimeout(r, 20)); // let a late datagram's event run
    const mine = seen.slice(before);
    expect(mine.length).toBe(1);
    return mine[0];
  }

  function expectClient(s: Seen, c: Client): void {
    expect(s.local.confidence).toBe('exact');
    expect(s.local.process).toMatchObject({ pid: c.child.pid, comm: c.comm, argv: c.argv });
    expect(s.local.process?.startTimeNs).toBeGreaterThan(0n);
  }

  it.skipIf(PYTHON === undefined).each([
    ['tcp', '127.0.0.1'], ['tcp', '::1'], ['udp', '127.0.0.1'], ['udp', '::1'], ['udp-connected', '127.0.0.1'], ['udp-connected', '::1'],
  ] as const)('python3 %s to %s', async (kind, host) => {
    const port = kind === 'tcp' ? (host === '::1' ? servers.tcp6 : servers.tcp4) : host === '::1' ? servers.udp6 : servers.udp4;
    const c = spawnClient(pythonSpec(kind, host, port, 'reply'));
    const s = await one(c);
    expectClient(s, c);
    expect(s.local.match).toBe(kind === 'udp' ? 'wildcard' : 'tuple');
    expect(s.payload).toBe(String(c.child.pid));
    // Both ends are local: the server end is this process (the UDP server socket is unconnected).
    expect(s.remote?.confidence).toBe('exact');
    expect(s.remote?.process?.pid).toBe(process.pid);
    expect(s.remote?.match).toBe(kind === 'tcp' ? 'tuple' : 'local');
  });

  it.skipIf(PYTHON === undefined)('python3 IPv4 client of a dual-stack "::" server (v4-mapped in tcp6)', async () => {
    const c = spawnClient(pythonSpec('tcp', '127.0.0.1', servers.tcpDual, 'reply'));
    const s = await one(c);
    expectClient(s, c);
    expect(s.remote).toMatchObject({ confidence: 'exact', match: 'tuple', process: { pid: process.pid } });
  });

  it.each([['tcp', '127.0.0.1'], ['udp', '::1']] as const)('node %s to %s', async (kind, host) => {
    const port = kind === 'tcp' ? servers.tcp4 : servers.udp6;
    const c = spawnClient(nodeSpec(kind, host, port, 'reply'));
    const s = await one(c);
    expectClient(s, c);
    expect(s.payload).toBe(String(c.child.pid));
  });

  it.skipIf(CURL === undefined).each(['127.0.0.1', '::1'])('curl to %s (exits as soon as the reply lands)', async (host) => {
    const c = spawnClient(curlSpec(host, host === '::1' ? servers.tcp6 : servers.tcp4));
    const s = await one(c);
    expect(await c.exited).toBe(0);
    expectClient(s, c);
  });

  it.skipIf(PYTHON === undefined)('a burst of 60 concurrent 50 ms clients: none wrong; counts vs tcpshark mode', async () => {
    poller.pollOnce();
    poller.start();
    const before = seen.length;
    const kinds = ['tcp', 'udp', 'udp-connected'] as const;
    const specs: ClientSpec[] = [];
    for (let i = 0; i < 60; i++) {
      const kind = kinds[i % 3];
      const host = i % 2 === 1 ? '::1' : '127.0.0.1';
      const port = kind === 'tcp' ? (host === '::1' ? servers.tcp6 : servers.tcp4) : host === '::1' ? servers.udp6 : servers.udp4;
      specs.push(i % 5 === 4 ? nodeSpec(kind === 'tcp' ? 'tcp' : 'udp', host, port) : pythonSpec(kind, host, port));
    }
    const launched = await launchClients(specs, 40);
    // A busy event loop may still hold accepts and datagrams of clients that already exited.
    for (let waited = 0; waited < 3000 && seen.slice(before).filter((x) => x.payload !== undefined).length < specs.length; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    poller.stop();
    const mine = seen.slice(before);
    expect(mine.length).toBe(specs.length);
    const byPid = new Map(launched.map((c) => [c.pid, c]));
    let right = 0;
    let exact = 0;
    let wrong = 0;
    let pollerRight = 0;
    for (const s of mine) {
      const truth = byPid.get(Number(s.payload)); // each client sent its own PID
      expect(truth).toBeDefined();
      if (s.local.process !== undefined && s.local.process.pid !== truth!.pid) wrong++;
      if (s.local.process?.pid === truth!.pid && s.local.process?.argv?.join('\0') === truth!.argv.join('\0')) right++;
      if (s.local.confidence === 'exact') exact++;
      if (s.poller?.pid === truth!.pid) pollerRight++;
    }
    console.log(`live burst: resolver ${right}/${mine.length} right (${exact} exact, ${wrong} wrong); once-a-second port-pair poll (tcpshark) ${pollerRight}/${mine.length}`);
    // Never a wrong process. How many are right depends on how busy the machine is (a lookup that
    // runs after the client exited and after the watcher's last look is "unknown"), so the counts
    // are reported rather than asserted; the one-at-a-time tests above assert exactness.
    expect(wrong).toBe(0);
    expect(right).toBeGreaterThanOrEqual(pollerRight);
    expect(right).toBeGreaterThan(0);
  });
});
