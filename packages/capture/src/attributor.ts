/**
 * Live attribution in the capture helper: the first frame of a flow triggers a targeted lookup of
 * each local end (procmap's LinuxResolver) at once — not a poll — so a client that lives 50 ms is
 * still caught; an end still unknown is retried on the flow's next frames. Each frame is then
 * tagged with the process of its sender when the sender is local, else of its local receiver.
 * Mode 'tcpshark' reproduces tcpshark's once-a-second port-pair poll instead, for comparison.
 */
import { LinuxResolver, TcpsharkPoller, type Attribution, type Confidence, type FlowKey, type KernelOwner, type ProcessInfo } from '@wirewho/procmap';
import { frameFlow, type FrameFlow } from './flow-key.js';

/**
 * targeted: the kernel socket hooks when the helper could attach them, else /proc lookups the moment
 * a flow appears; proc: /proc lookups only (no eBPF); tcpshark: its 1 s port-pair poll; off.
 */
export type AttributionMode = 'targeted' | 'proc' | 'tcpshark' | 'off';

/** One end of a flow as attributed (sent to the parent once per flow end). */
export interface FlowEnd {
  proto: 'tcp' | 'udp';
  addr: string;
  port: number;
  peerAddr: string;
  peerPort: number;
  firstTsNs: bigint;
  confidence: Confidence;
  match?: string;
  process?: ProcessInfo;
  /** What tcpshark's method (1 s port-pair poll) said for the same end, when compared. */
  tcpsharkPid?: number | null;
}

export interface FrameTag {
  process: ProcessInfo;
  confidence: Confidence;
}

interface End {
  addr: string;
  port: number;
  local: boolean;
  attribution: Attribution | undefined;
  tries: number;
  lastTryMs: number;
  tcpsharkPid?: number | null;
}

interface Flow {
  proto: 'tcp' | 'udp';
  a: End;
  b: End;
  lastNs: bigint;
  startNs: bigint;
}

/** Lookups of a local end still unknown: the first at once, then every RETRY_GAP_MS (InodeOwners resumes its scan). */
const MAX_TRIES = 5;
const RETRY_GAP_MS = 25;
const FLOW_LIMIT = 200_000;
/** A SYN on a tuple idle this long starts a new flow (port reuse). */
const TCP_REUSE_IDLE_NS = 1_000_000_000n;
/**
 * A UDP tuple idle this long is looked up afresh as a new flow: a client that exited frees its
 * ephemeral port for the next one, and UDP has no handshake to tell.
 */
const UDP_REUSE_IDLE_NS = 200_000_000n;

export interface AttributorOptions {
  mode: AttributionMode;
  /** Also run tcpshark's poll and record its answer per flow end (comparison runs). */
  compareTcpshark?: boolean;
  resolver?: LinuxResolver;
  /** The kernel socket hooks' answer for a flow's local end (kernel-socket-owners.ts), asked before /proc. */
  kernelOwner?: (flow: FlowKey) => KernelOwner | undefined;
  onFlowEnd?: (end: FlowEnd) => void;
}

export class LiveAttributor {
  private readonly flows = new Map<string, Flow>();
  private readonly resolver: LinuxResolver | undefined;
  private readonly poller: TcpsharkPoller | undefined;
  private stopWatch: () => void = () => undefined;
  readonly counts = { flows: 0, lookups: 0, exact: 0, late: 0, unknown: 0 };
  /** After frame(): the frame's flow has a local end still unknown that further lookups may find. */
  pending = false;

  constructor(private readonly options: AttributorOptions) {
    // Young processes are watched for 3 s, not 1: on a loaded machine an interpreter can take more
    // than a second to open its first socket, and a socket seen by the watcher survives its process.
    if (options.mode === 'targeted' || options.mode === 'proc') this.resolver = options.resolver ?? new LinuxResolver({ youngProcessMs: 3000, kernelOwner: options.kernelOwner });
    if (options.mode === 'tcpshark' || options.compareTcpshark === true) this.poller = new TcpsharkPoller();
  }

  start(): void {
    if (this.resolver !== undefined) {
      this.resolver.prime();
      this.stopWatch = this.resolver.watch();
    }
    // tcpshark fills its map only after the first second; so does this comparison.
    this.poller?.start();
  }

  stop(): void {
    this.stopWatch();
    this.poller?.stop();
    for (const f of this.flows.values()) this.report(f);
    this.flows.clear();
  }

  /** The process to tag a frame with, or undefined. */
  frame(linkType: number, data: Uint8Array, tsNs: bigint): FrameTag | undefined {
    this.pending = false;
    if (this.options.mode === 'off') return undefined;
    const ff = frameFlow(linkType, data);
    if (ff === undefined) return undefined;
    const now = performance.now();
    const forward = ff.srcAddr < ff.dstAddr || (ff.srcAddr === ff.dstAddr && ff.srcPort <= ff.dstPort);
    const key = forward
      ? `${ff.proto} ${ff.srcAddr} ${ff.srcPort} ${ff.dstAddr} ${ff.dstPort}`
      : `${ff.proto} ${ff.dstAddr} ${ff.dstPort} ${ff.srcAddr} ${ff.srcPort}`;
    let flow = this.flows.get(key);
    const idle = flow === undefined ? 0n : tsNs - flow.lastNs;
    if (flow !== undefined && ((ff.syn && idle > TCP_REUSE_IDLE_NS) || (ff.proto === 'udp' && idle > UDP_REUSE_IDLE_NS && this.udpReused(flow, ff)))) {
      this.report(flow);
      flow = undefined;
    }
    if (flow === undefined) {
      flow = this.newFlow(ff, tsNs);
      this.flows.set(key, flow);
      if (this.flows.size > FLOW_LIMIT) {
        const [oldKey, old] = this.flows.entries().next().value!;
        this.report(old);
        this.flows.delete(oldKey);
      }
    }
    if (tsNs > flow.lastNs) flow.lastNs = tsNs;
    const sender = flow.a.addr === ff.srcAddr && flow.a.port === ff.srcPort ? flow.a : flow.b;
    const receiver = sender === flow.a ? flow.b : flow.a;
    if (this.poller !== undefined && sender.tcpsharkPid === undefined && sender.local) {
      sender.tcpsharkPid = this.poller.lookupPorts(sender.port, receiver.port)?.pid ?? null;
    }
    // Look up the end this frame needs: its sender when local (a new flow's initiator first — the
    // short-lived side), else its receiver. A listening server is looked up when it first answers.
    const needed = sender.local ? sender : receiver.local ? receiver : undefined;
    if (needed !== undefined) this.retry(flow, needed, now);
    this.pending = needed !== undefined && needed.attribution?.process === undefined && needed.tries < MAX_TRIES;
    // The local process that sent the frame; for an inbound frame, the one that receives it. (On
    // loopback both are local: each frame names its sender, never the peer in its place.)
    const a = needed?.attribution;
    return a?.process === undefined ? undefined : { process: a.process, confidence: a.confidence };
  }

  /** A UDP tuple that went quiet: does its local sender now belong to another process instance? */
  private udpReused(flow: Flow, ff: FrameFlow): boolean {
    const sender = flow.a.addr === ff.srcAddr && flow.a.port === ff.srcPort ? flow.a : flow.b;
    const old = sender.attribution?.process;
    if (!sender.local || old === undefined || this.resolver === undefined) return false;
    this.counts.lookups++;
    const fresh = this.resolver.lookup({ proto: 'udp', localAddr: ff.srcAddr, localPort: ff.srcPort, remoteAddr: ff.dstAddr, remotePort: ff.dstPort });
    const p = fresh.process;
    return fresh.confidence === 'exact' && p !== undefined && (p.pid !== old.pid || p.startTicks !== old.startTicks);
  }

  private newFlow(ff: FrameFlow, tsNs: bigint): Flow {
    this.counts.flows++;
    const end = (addr: string, port: number): End => ({
      addr, port, local: this.isLocal(addr), attribution: undefined, tries: 0, lastTryMs: -Infinity,
    });
    return { proto: ff.proto, a: end(ff.srcAddr, ff.srcPort), b: end(ff.dstAddr, ff.dstPort), lastNs: tsNs, startNs: tsNs };
  }

  private isLocal(addr: string): boolean {
    if (this.resolver !== undefined) return this.resolver.isLocalAddress(addr);
    return addr === '::1' || addr.startsWith('127.');
  }

  private retry(flow: Flow, end: End, now: number): void {
    if (!end.local || end.attribution?.process !== undefined || end.tries >= MAX_TRIES || now - end.lastTryMs < RETRY_GAP_MS) return;
    this.lookup(flow, end, now);
  }

  /** Lookups deferred by frame(): ends that never sent (one-way flows) are looked up when the flow is reported. */
  private settle(flow: Flow): void {
    for (const e of [flow.a, flow.b]) if (e.local && e.tries === 0) this.lookup(flow, e, performance.now());
  }

  private lookup(flow: Flow, end: End, now: number): void {
    if (!end.local) return;
    const other = end === flow.a ? flow.b : flow.a;
    const key: FlowKey = { proto: flow.proto, localAddr: end.addr, localPort: end.port, remoteAddr: other.addr, remotePort: other.port };
    end.tries++;
    end.lastTryMs = now;
    this.counts.lookups++;
    end.attribution = this.resolver !== undefined
      ? this.resolver.lookup(key, { flowStartNs: flow.startNs })
      : this.poller!.lookup(key);
  }

  /** Reports both local ends of a flow (once, when it ends or the capture stops). */
  private report(f: Flow): void {
    if (this.options.mode !== 'off') this.settle(f);
    for (const [end, peer] of [[f.a, f.b], [f.b, f.a]] as const) {
      if (!end.local) continue;
      const a = end.attribution ?? { confidence: 'unknown' as const };
      this.counts[a.confidence]++;
      this.options.onFlowEnd?.({
        proto: f.proto, addr: end.addr, port: end.port, peerAddr: peer.addr, peerPort: peer.port, firstTsNs: f.startNs,
        confidence: a.confidence, match: a.match, process: a.process,
        ...(this.poller !== undefined && this.options.mode !== 'tcpshark' ? { tcpsharkPid: end.tcpsharkPid ?? null } : {}),
      });
    }
  }
}
