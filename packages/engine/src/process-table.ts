/**
 * Interns the processes an ingest meets into process instances (rows of the processes table). A
 * frame's attribution joins an instance of the same PID unless they disagree — a different start
 * time, UUID, executable, command name or command line means the PID was reused (or re-executed),
 * which is a new instance. Sources that tell only part of the story (tcpshark's -v 0/1/2 trailers,
 * ptcpdump's thread name on some frames) grow the instance; changed rows are handed out by drain().
 */
import { mayCarryProcess, processFromFrame, type FrameRecord, type ProcessAttribution, type ProcessContext, type ProcessSource } from '@wirewho/pcap';
import { processNameOf, type FrameRowInput, type ProcessRowValues } from '@wirewho/index';

/** How far a source's word goes (procmap's vocabulary): capture-time kernel facts are exact; tcpshark polls socket tables. */
const CONFIDENCE: Record<ProcessSource, string> = {
  ptcpdump: 'exact', 'pcapng-standard': 'exact', 'apple-pib': 'exact', pktap: 'exact', tcpshark: 'late',
};

interface Instance {
  id: number;
  pid: number;
  startNs: bigint | undefined;
  ppid: number | undefined;
  uid: number | undefined;
  user: string | undefined;
  comm: string | undefined;
  exe: string | undefined;
  args: string | undefined;
  argv: string[] | undefined;
  uuid: string | undefined;
  details: Record<string, unknown> | undefined;
  truncated: boolean;
  source: ProcessSource;
  dirty: boolean;
}

const differ = <T>(a: T | undefined, b: T | undefined): boolean => a !== undefined && b !== undefined && a !== b;
const same = <T>(a: T | undefined, b: T | undefined): number => (a !== undefined && a === b ? 1 : 0);

export class ProcessTable {
  private readonly byPid = new Map<number, Instance[]>();
  private readonly changed: Instance[] = [];
  private count = 0;
  /** The last instance matched, and the attribution object it matched (consecutive frames often share one). */
  private last: Instance | null = null;

  constructor(private readonly evidenceId: number, private nextId: number) {}

  /** Process instances interned so far. */
  get size(): number {
    return this.count;
  }

  /** The process id (processes.id) for a frame's attribution; creates or grows an instance. */
  intern(a: ProcessAttribution): number {
    const list = this.byPid.get(a.pid);
    if (list !== undefined) {
      const last = this.last;
      if (list.length === 1 && last === list[0] && this.compatible(last, a)) return this.grow(last, a);
      if (a.startTimeNs !== undefined) {
        // A start time is the identity: its instance, else the PID's current holder if it has none yet.
        for (const p of list) if (p.startNs === a.startTimeNs && this.compatible(p, a)) return this.grow(p, a);
        const newest = list[list.length - 1];
        if (newest.startNs === undefined && this.compatible(newest, a)) return this.grow(newest, a);
      } else {
        // The compatible instance that agrees on most of what both name; the newest on a tie.
        let best: Instance | null = null;
        let bestScore = -1;
        for (let i = list.length - 1; i >= 0; i--) {
          const p = list[i];
          if (!this.compatible(p, a)) continue;
          const score = same(p.exe, a.exe) + same(p.args, a.args) + same(p.comm, a.comm) + same(p.uuid, a.uuid);
          if (score > bestScore) { best = p; bestScore = score; }
        }
        if (best !== null) return this.grow(best, a);
      }
    }
    const inst: Instance = {
      id: this.nextId++, pid: a.pid, startNs: a.startTimeNs, ppid: a.ppid ?? a.parent?.pid, uid: a.uid, user: a.user, comm: a.comm,
      exe: a.exe, args: a.args, argv: a.argv, uuid: a.uuid, details: detailsOf(a), truncated: a.truncated === true, source: a.source,
      dirty: true,
    };
    if (list === undefined) this.byPid.set(a.pid, [inst]);
    else list.push(inst);
    this.changed.push(inst);
    this.count++;
    this.last = inst;
    return inst.id;
  }

  private compatible(p: Instance, a: ProcessAttribution): boolean {
    return !(differ(p.startNs, a.startTimeNs) || differ(p.uuid, a.uuid) || differ(p.exe, a.exe) || differ(p.comm, a.comm)
      || differ(p.args, a.args));
  }

  /** Fills what the instance lacks from `a`. */
  private grow(p: Instance, a: ProcessAttribution): number {
    this.last = p;
    let grew = false;
    if (p.startNs === undefined && a.startTimeNs !== undefined) { p.startNs = a.startTimeNs; grew = true; }
    const ppid = a.ppid ?? a.parent?.pid;
    if (p.ppid === undefined && ppid !== undefined) { p.ppid = ppid; grew = true; }
    if (p.uid === undefined && a.uid !== undefined) { p.uid = a.uid; grew = true; }
    if (p.user === undefined && a.user !== undefined) { p.user = a.user; grew = true; }
    if (p.comm === undefined && a.comm !== undefined) { p.comm = a.comm; grew = true; }
    if (p.exe === undefined && a.exe !== undefined) { p.exe = a.exe; grew = true; }
    if (p.args === undefined && a.args !== undefined) { p.args = a.args; grew = true; }
    if (p.argv === undefined && a.argv !== undefined) { p.argv = a.argv; grew = true; }
    if (p.uuid === undefined && a.uuid !== undefined) { p.uuid = a.uuid; grew = true; }
    if (p.details === undefined) {
      const d = detailsOf(a);
      if (d !== undefined) { p.details = d; grew = true; }
    }
    if (grew && !p.dirty) {
      p.dirty = true;
      this.changed.push(p);
    }
    return p.id;
  }

  /** Rows created or grown since the last call, in PROCESS_ROW_COLUMNS order. */
  drain(): ProcessRowValues[] {
    if (this.changed.length === 0) return [];
    const rows = this.changed.map((p) => {
      p.dirty = false;
      return [
        p.id, this.evidenceId, p.pid, p.startNs === undefined ? null : p.startNs.toString(), p.ppid ?? null, p.uid ?? null, p.user ?? null,
        p.comm ?? null, processNameOf(p.comm, p.exe), p.exe ?? null, p.args ?? null, p.argv === undefined ? null : JSON.stringify(p.argv), p.uuid ?? null,
        p.details === undefined ? null : JSON.stringify(p.details), p.truncated ? 1 : 0, p.source, CONFIDENCE[p.source],
      ];
    });
    this.changed.length = 0;
    return rows;
  }
}

/**
 * Stamps a frame row with its process, if the frame names one. The common frame (no metadata) costs
 * mayCarryProcess's few reads and nothing else. tcpshark tags the local sender's frames only, so its
 * frames are sent by the process.
 */
export function attributeFrame(table: ProcessTable, context: ProcessContext, f: FrameRecord, row: FrameRowInput): void {
  if (!mayCarryProcess(f)) return;
  const a = processFromFrame(f, context);
  if (a === null) return;
  row.processId = table.intern(a);
  const dir = a.direction === 'outbound' ? 2 : a.direction === 'inbound' ? 1 : a.source === 'tcpshark' ? 2 : 0;
  if (dir !== 0) row.processDir = dir;
}

/** What the source said beyond the table's columns (parent's command line, effective process, container, pod). */
function detailsOf(a: ProcessAttribution): Record<string, unknown> | undefined {
  if (a.parent === undefined && a.effective === undefined && a.container === undefined && a.pod === undefined) return undefined;
  const d: Record<string, unknown> = {};
  if (a.parent !== undefined) d.parent = a.parent;
  if (a.effective !== undefined) d.effective = a.effective;
  if (a.container !== undefined) d.container = a.container;
  if (a.pod !== undefined) d.pod = a.pod;
  return d;
}
