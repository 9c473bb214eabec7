/**
 * An in-memory WirewhoApi for component tests: N synthetic frames (UDP/DNS, TCP with flags, ARP, ...),
 * a detail tree with byte ranges for every frame, scriptable ingest jobs and recorded calls.
 */
import type {
  AnnotationDto, CaseFileDto, CaseSummary, OpenCaseFileResult, DetailNodeDto, EventName, EventPayloads, EvidenceDto, FollowItemDto, FollowPage, FrameDetail, FramePage, FrameRow,
  ProcessActivity, ProcessDto, ProcessPage, RequestArgs, StreamDto, StreamPage, WirewhoApi,
} from '@wirewho/contract';
import { fakeCaptureMethods } from './fake-capture.js';

export interface FakeApiOptions {
  frames?: number;
  transport?: 'electron' | 'websocket';
  evidence?: Partial<EvidenceDto>[];
  rowOverride?: (row: FrameRow) => FrameRow;
  detailFor?: (number: number) => FrameDetail;
  /** The preload's extras, for Electron-mode tests. */
  pickCaptureFile?: () => Promise<string | null>;
  pathForFile?: (file: File) => string;
  saveStreamBytes?: WirewhoApi['saveStreamBytes'];
  exportPacketsTo?: WirewhoApi['exportPacketsTo'];
  /** A case file already on screen (read-only). */
  caseFile?: CaseFileDto;
  /** What openCaseFile answers (default: opens it as `fakeCaseFile(path)`). */
  openCaseFile?: (path: string) => OpenCaseFileResult;
}

/** A verified case file's description as the engine gives it. */
export function fakeCaseFile(path: string): CaseFileDto {
  return {
    path, readOnlyReason: 'This is a case file, opened read-only.', verifiedAt: '2026-01-02T03:04:05.000Z', formatVersion: 1, tool: 'Wirewho 0.1.0',
    createdAt: '2026-01-01T00:00:00.000Z', analyst: 'Dana Analyst', operator: 'dana',
    evidence: [{ fileName: 'sample.pcapng', path: '/captures/sample.pcapng', size: 4096, sha256: 'cd'.repeat(32), frames: 10, verified: true }],
    selection: { filter: 'tcp' }, counts: { frames: 10, processes: 1 },
    members: [{ name: 'capture.pcapng', size: 2048, sha256: 'ef'.repeat(32) }], custody: { count: 5, sha256: '12'.repeat(32) },
  };
}

const SAMPLE_PROTOCOLS = ['DNS', 'TCP', 'TCP', 'HTTP', 'TLSv1.3', 'UDP', 'ARP', 'ICMP'] as const;

function syntheticRow(number: number): FrameRow {
  const protocol = SAMPLE_PROTOCOLS[(number - 1) % SAMPLE_PROTOCOLS.length];
  const info = protocol === 'TCP'
    ? (number % 16 === 2 ? '443 → 51000 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0' : '51000 → 443 [SYN] Seq=0 Win=65495 Len=0')
    : protocol === 'DNS' ? `Standard query 0x${number.toString(16)} A host${number}.corpus.test` : `${protocol} frame ${number}`;
  return {
    number,
    evidenceId: 1,
    tsNs: String(1_700_000_000_000_000_000n + BigInt(number) * 1_000_000n),
    relTime: ((number - 1) / 1000).toFixed(9),
    src: '127.0.0.1',
    dst: '127.0.0.53',
    srcPort: 40000 + (number % 1000),
    dstPort: 53,
    protocol,
    length: 60 + (number % 40),
    capLen: 60 + (number % 40),
    info,
    tcpStream: ['TCP', 'HTTP', 'TLSv1.3'].includes(protocol) ? number % 3 : null,
    udpStream: ['DNS', 'UDP'].includes(protocol) ? number % 2 : null,
  };
}

/** Synthetic processes: bash (100) started curl (200); sshd (50) has no parent in the case. */
export function syntheticProcesses(): ProcessDto[] {
  const base = {
    evidenceId: 1, comm: null, startTsNs: null, confidence: 'exact', truncated: false, user: null, uid: 1000, source: 'ptcpdump',
    firstTsNs: '1700000000001000000', lastTsNs: '1700000000900000000', relFirst: '0.000000000', relLast: '0.899000000', container: null,
  };
  return [
    { ...base, id: 1, pid: 100, ppid: 1, name: 'bash', exe: '/usr/bin/bash', args: '-bash', firstFrame: 1, lastFrame: 9, frames: 4, streams: 1,
      framesSent: 2, framesReceived: 2, bytesSent: 300, bytesReceived: 400, parent: null },
    { ...base, id: 2, pid: 200, ppid: 100, name: 'curl', exe: '/usr/bin/curl', args: 'curl https://example.com', firstFrame: 2, lastFrame: 20,
      frames: 10, streams: 2, framesSent: 5, framesReceived: 5, bytesSent: 1200, bytesReceived: 54000, parent: { pid: 100, exe: '/usr/bin/bash', args: '-bash' } },
    { ...base, id: 3, pid: 50, ppid: null, name: 'sshd', exe: null, args: null, uid: 0, user: 'root', source: 'tcpshark', confidence: 'late',
      firstFrame: 3, lastFrame: 30, frames: 6, streams: 1, framesSent: 6, framesReceived: 0, bytesSent: 900, bytesReceived: 0, parent: null },
  ];
}

/** Synthetic conversations: TCP 0..2 and UDP 0..1. */
function syntheticStreams(): StreamDto[] {
  const out: StreamDto[] = [];
  for (const [proto, n] of [['tcp', 3], ['udp', 2]] as const) {
    for (let i = 0; i < n; i++) {
      out.push({
        evidenceId: 1, proto, stream: i, ipVersion: 4, addressA: '127.0.0.1', portA: 40000 + i, addressB: '127.0.0.53', portB: proto === 'tcp' ? 80 : 53,
        client: proto === 'tcp' ? 'A' : null, firstFrame: i + 1, lastFrame: 900 + i, relStart: `0.00${i}000000`, duration: '1.000000000',
        packetsAB: 10 + i, packetsBA: 20 - i, bytesAB: 1000 * (i + 1), bytesBA: 500 * (3 - i), dataAB: 100, dataBA: 200,
        gaps: i === 1 ? 1 : 0, gapBytes: i === 1 ? 1448 : 0, conflicts: 0, state: proto === 'tcp' ? 'closed' : '', app: proto === 'tcp' ? 'http' : 'dns',
      });
    }
  }
  return out;
}

const ascii = (text: string): string => btoa(text);

/** A tiny HTTP exchange with a gap in the server's bytes. */
function syntheticFollow(a: RequestArgs<'followStream'>): FollowPage {
  const all: FollowItemDto[] = [
    { kind: 'data', from: 'client', offset: 0, frame: 4, length: 18, dataBase64: ascii('GET / HTTP/1.1\r\n\r\n') },
    { kind: 'data', from: 'server', offset: 0, frame: 6, length: 19, dataBase64: ascii('HTTP/1.1 200 OK\r\n\r\n') },
    { kind: 'gap', from: 'server', offset: 19, length: 1448, reason: 'acked-unseen', frameAfter: 9 },
    { kind: 'data', from: 'server', offset: 1467, frame: 9, length: 5, dataBase64: ascii('tail\n') },
  ];
  const items = a.direction === 'both' ? all : all.filter((i) => i.from === a.direction);
  return {
    evidenceId: 1, proto: a.proto, stream: a.stream, direction: a.direction, client: { address: '127.0.0.1', port: 40000 },
    server: { address: '127.0.0.53', port: 80 }, clientBytes: 18, serverBytes: 24, gaps: 1, gapBytes: 1448, conflicts: 0,
    offset: a.offset, nextOffset: null, total: a.direction === 'both' ? 42 : a.direction === 'client' ? 18 : 1472,
    items: a.offset === 0 ? items : [],
  };
}

/** A 42-byte Ethernet/IPv4/UDP frame and the tree that describes it. */
export function syntheticDetail(number: number): FrameDetail {
  const bytes = new Uint8Array(42);
  bytes.set([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00], 0);
  bytes.set([0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 127, 0, 0, 1, 127, 0, 0, 53], 14);
  bytes.set([0x9c, 0x40, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00], 34);
  const tree: DetailNodeDto[] = [
    { label: `Frame ${number}: 42 bytes on wire, 42 bytes captured`, start: 0, length: 42 },
    {
      label: 'Ethernet II, Src: 66:77:88:99:aa:bb, Dst: 00:11:22:33:44:55', start: 0, length: 14,
      children: [
        { label: 'Destination: 00:11:22:33:44:55', field: 'eth.dst', value: '00:11:22:33:44:55', start: 0, length: 6 },
        { label: 'Source: 66:77:88:99:aa:bb', field: 'eth.src', value: '66:77:88:99:aa:bb', start: 6, length: 6 },
        { label: 'Type: IPv4 (0x0800)', field: 'eth.type', value: '0x0800', start: 12, length: 2 },
      ],
    },
    {
      label: 'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.53', field: 'ip', start: 14, length: 20,
      children: [
        { label: 'Source Address: 127.0.0.1', field: 'ip.src', value: '127.0.0.1', start: 26, length: 4 },
        { label: 'Destination Address: 127.0.0.53', field: 'ip.dst', value: '127.0.0.53', start: 30, length: 4 },
      ],
    },
    {
      label: 'User Datagram Protocol, Src Port: 40000, Dst Port: 53', field: 'udp', start: 34, length: 8,
      children: [
        { label: 'Source Port: 40000', field: 'udp.srcport', value: '40000', start: 34, length: 2 },
        { label: 'Destination Port: 53', field: 'udp.dstport', value: '53', start: 36, length: 2 },
        { label: 'Length: 8', field: 'udp.length', value: '8', start: 38, length: 2 },
      ],
    },
  ];
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { number, tree, bytesBase64: btoa(binary) };
}

export function createFakeApi(options: FakeApiOptions = {}) {
  let frameCount = options.frames ?? 1000;
  const calls: Array<{ method: string; args: unknown }> = [];
  const annotations: AnnotationDto[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const makeRow = (n: number): FrameRow => (options.rowOverride ?? ((r) => r))(syntheticRow(n));
  let nextJob = 1;
  let caseFile: CaseFileDto | null = options.caseFile ?? null;

  const evidence = (): EvidenceDto[] => (options.evidence ?? [{}]).map((e, i) => ({
    id: i + 1,
    path: `/captures/sample-${i + 1}.pcapng`,
    size: 123_456,
    sha256: 'ab'.repeat(32),
    format: 'pcapng',
    status: 'complete',
    frameCount,
    firstTsNs: '1700000000001000000',
    lastTsNs: '1700000001000000000',
    error: null,
    importedAt: '2025-11-23T10:00:00Z',
    ...e,
  }));

  const api = {
    transport: options.transport ?? 'websocket',
    async caseSummary(args: RequestArgs<'caseSummary'>): Promise<CaseSummary> {
      calls.push({ method: 'caseSummary', args });
      return {
        caseDir: '/cases/test',
        evidence: frameCount > 0 || options.evidence ? evidence() : [],
        frameCount,
        firstTsNs: frameCount > 0 ? '1700000000001000000' : null,
        lastTsNs: frameCount > 0 ? '1700000001000000000' : null,
        ...(caseFile ? { caseFile } : {}),
      };
    },
    async framesPage(args: { offset: number; limit: number }): Promise<FramePage> {
      calls.push({ method: 'framesPage', args });
      const rows: FrameRow[] = [];
      for (let i = args.offset; i < Math.min(frameCount, args.offset + args.limit); i++) rows.push(makeRow(i + 1));
      return { offset: args.offset, total: frameCount, rows };
    },
    async frameDetail(args: { number: number }): Promise<FrameDetail> {
      calls.push({ method: 'frameDetail', args });
      if (args.number < 1 || args.number > frameCount) throw new Error(`frame ${args.number} not found`);
      return (options.detailFor ?? syntheticDetail)(args.number);
    },
    async openEvidence(args: { path: string }) {
      calls.push({ method: 'openEvidence', args });
      return { jobId: `job-${nextJob++}`, path: args.path };
    },
    async cancelIngest(args: { jobId: string }) {
      calls.push({ method: 'cancelIngest', args });
      return { cancelled: true };
    },
    async streamsPage(args: RequestArgs<'streamsPage'>): Promise<StreamPage> {
      calls.push({ method: 'streamsPage', args });
      let rows = syntheticStreams().filter((r) => !args.proto || r.proto === args.proto);
      if (args.sort === 'bytes') rows = [...rows].sort((x, y) => (x.bytesAB + x.bytesBA) - (y.bytesAB + y.bytesBA));
      if (args.descending) rows.reverse();
      return { offset: args.offset, total: rows.length, rows: rows.slice(args.offset, args.offset + args.limit) };
    },
    async followStream(args: RequestArgs<'followStream'>): Promise<FollowPage> {
      calls.push({ method: 'followStream', args });
      return syntheticFollow(args);
    },
    // Display filters: the fake accepts any text without "!!" (a stand-in for a syntax error).
    async checkFilter(args: RequestArgs<'checkFilter'>) {
      calls.push({ method: 'checkFilter', args });
      const at = args.filter.indexOf('!!');
      if (at < 0) return { ok: true as const, empty: args.filter.trim() === '', fields: [] };
      return { ok: false as const, code: 'syntax', message: 'Unexpected "!!".', position: at, length: 2, rendered: `Unexpected "!!".\n    ${args.filter}` };
    },
    async completeField(args: RequestArgs<'completeField'>) {
      calls.push({ method: 'completeField', args });
      return ['tcp.port', 'tcp.stream', 'udp.port'].filter((n) => n.startsWith(args.prefix))
        .map((name) => ({ name, type: 'FT_UINT16', typeLabel: 'Unsigned integer (2 bytes)', description: name }));
    },
    async filterFields() {
      calls.push({ method: 'filterFields', args: {} });
      return [{ name: 'tcp.port', type: 'FT_UINT16', typeLabel: 'Unsigned integer (2 bytes)', description: 'Source or destination port', aliases: [], protocol: 'tcp', source: 'frames' }];
    },
    async findFrame(args: RequestArgs<'findFrame'>) {
      calls.push({ method: 'findFrame', args });
      const n = args.direction === 'next' ? args.from + 1 : args.from - 1;
      return { number: n >= 1 && n <= frameCount ? n : null };
    },
    async framePosition(args: RequestArgs<'framePosition'>) {
      calls.push({ method: 'framePosition', args });
      return { position: args.number - 1 };
    },
    async processesPage(args: RequestArgs<'processesPage'>): Promise<ProcessPage> {
      calls.push({ method: 'processesPage', args });
      const rows = syntheticProcesses();
      return { offset: args.offset, total: rows.length, rows: rows.slice(args.offset, args.offset + args.limit) };
    },
    async processActivity(args: RequestArgs<'processActivity'>): Promise<ProcessActivity> {
      calls.push({ method: 'processActivity', args });
      return {
        startNs: '1700000000001000000', bucketNs: '10000000', buckets: args.buckets,
        series: syntheticProcesses().map((p, i) => ({ processId: p.id, buckets: [i, i + 2], bytes: [100 * (i + 1), 50], frames: [2, 1] })),
      };
    },
    // Casework: annotations kept in memory; the preview counts the selection the way the engine would.
    async exportPreview(args: RequestArgs<'exportPreview'>) {
      calls.push({ method: 'exportPreview', args });
      const frames = args.selection.frames?.length ?? frameCount;
      return {
        frames, dependents: 0, estimatedBytes: (args.format === 'pcap' ? 24 : 148) + frames * 100, attributedFrames: 0, processes: 0,
        notes: annotations.filter((x) => x.kind === 'note').length,
        notices: args.format === 'pcap' ? ['pcap cannot carry process metadata or comments'] : [],
      };
    },
    async exportPackets(args: RequestArgs<'exportPackets'>) {
      calls.push({ method: 'exportPackets', args });
      return { path: args.path, format: args.format, frames: args.selection.frames?.length ?? frameCount, bytes: 1000, sha256: 'ab'.repeat(32), notices: [] };
    },
    async exportCaseFile(args: RequestArgs<'exportCaseFile'>) {
      calls.push({ method: 'exportCaseFile', args });
      return { path: args.path, format: 'wwcase' as const, frames: args.selection.frames?.length ?? frameCount, bytes: 5000, sha256: 'cd'.repeat(32), notices: ['manifest SHA-256 ee'] };
    },
    async annotations(args: RequestArgs<'annotations'>) {
      calls.push({ method: 'annotations', args });
      return annotations.filter((x) => args.frame === undefined || x.frame === args.frame);
    },
    async addAnnotation(args: RequestArgs<'addAnnotation'>) {
      calls.push({ method: 'addAnnotation', args });
      const on = args.on;
      const row = {
        id: annotations.length + 1, kind: args.kind, target: on.target, text: args.text, author: 'tester', createdAt: '2026-01-01T00:00:00.000Z',
        frame: on.target === 'frame' ? on.frame : null, evidenceId: on.target === 'stream' ? on.evidenceId : null,
        proto: on.target === 'stream' ? on.proto : null, stream: on.target === 'stream' ? on.stream : null,
        processId: on.target === 'process' ? on.processId : null,
      };
      annotations.push(row);
      return row;
    },
    async removeAnnotation(args: RequestArgs<'removeAnnotation'>) {
      calls.push({ method: 'removeAnnotation', args });
      const at = annotations.findIndex((x) => x.id === args.id);
      if (at >= 0) annotations.splice(at, 1);
      return { removed: at >= 0 };
    },
    async custodyLog() {
      calls.push({ method: 'custodyLog', args: {} });
      return { entries: [], problems: [] };
    },
    async dissectors() {
      calls.push({ method: 'dissectors', args: {} });
      return { folder: null, files: [], loadedAt: null };
    },
    async setDissectorFolder(args: RequestArgs<'setDissectorFolder'>) {
      calls.push({ method: 'setDissectorFolder', args });
      return { folder: args.folder, files: [], loadedAt: null };
    },
    async setDissectorEnabled(args: RequestArgs<'setDissectorEnabled'>) {
      calls.push({ method: 'setDissectorEnabled', args });
      return { folder: null, files: [], loadedAt: null };
    },
    async reloadDissectors() {
      calls.push({ method: 'reloadDissectors', args: {} });
      return { folder: null, files: [], loadedAt: null };
    },
    async openCaseFile(args: RequestArgs<'openCaseFile'>): Promise<OpenCaseFileResult> {
      calls.push({ method: 'openCaseFile', args });
      const r = options.openCaseFile?.(args.path) ?? { opened: true, path: args.path, problems: [], caseFile: fakeCaseFile(args.path) };
      if (r.opened) {
        caseFile = r.caseFile;
        emit('caseSwitched', { caseDir: '/cache/open/case', caseFile });
      }
      return r;
    },
    async closeCaseFile() {
      calls.push({ method: 'closeCaseFile', args: {} });
      const closed = caseFile !== null;
      caseFile = null;
      if (closed) emit('caseSwitched', { caseDir: '/cases/test', caseFile: null });
      return { closed };
    },
    ...fakeCaptureMethods(calls, (event, payload) => emit(event, payload)),
    on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
  } satisfies WirewhoApi;

  const extras: Partial<WirewhoApi> = {};
  if (options.pickCaptureFile) extras.pickCaptureFile = options.pickCaptureFile;
  if (options.pathForFile) extras.pathForFile = options.pathForFile;
  if (options.saveStreamBytes) extras.saveStreamBytes = options.saveStreamBytes;
  if (options.exportPacketsTo) extras.exportPacketsTo = options.exportPacketsTo;
  function emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  }

  return {
    api: { ...api, ...extras } as WirewhoApi,
    calls,
    callsOf: (method: string) => calls.filter((c) => c.method === method).map((c) => c.args),
    emit,
    setFrameCount(n: number): void {
      frameCount = n;
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
