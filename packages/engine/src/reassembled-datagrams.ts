/**
 * The IP datagrams ingest reassembled from fragments, rebuilt on demand for the frame that completed
 * each one (Wireshark dissects the reassembled TCP/UDP there): the ip_reassemblies row names the
 * fragment frames, whose bytes are read back from the evidence and run through the same pipeline
 * ingest used, so overlaps resolve exactly as they did then.
 */
import type { CaseIndex } from '@wirewho/index';
import { decodeIpv4, decodeIpv6, FramePipeline, locateNetwork, newIpHeader, type ReassembledDatagram } from '@wirewho/reassembly';
import type { EvidenceAccess } from './evidence-access.js';
import { storedTsNs } from './timestamps.js';

interface Reassembly { evidenceId: number; fragments: number[] }

/** One fragment's share of the datagram (offset and length null when its IP header could not be read). */
export interface FragmentExtent { frame: number; offset: number | null; length: number | null }

export interface RebuiltDatagram {
  protocol: number;
  family: 4 | 6;
  payload: Uint8Array;
  /** In fragment-offset order, as ip.fragment lists them. */
  fragments: FragmentExtent[];
  overlap: boolean;
  conflict: boolean;
}

export class ReassembledDatagrams {
  /** reassembled_in -> fragments, loaded incrementally (rows only ever get added). */
  private readonly byFrame = new Map<number, Reassembly>();
  /** Every frame whose fragment went into a reassembly, complete or not → the frame that completed it (or null). */
  private readonly members = new Map<number, number | null>();
  private loadedId = 0;
  private readonly newRows;

  constructor(private readonly index: CaseIndex, private readonly access: EvidenceAccess) {
    this.newRows = index.db.prepare(`SELECT id, evidence_id AS e, fragments AS f, reassembled_in AS r, status AS s FROM ip_reassemblies
      WHERE id > ? ORDER BY id`);
  }

  /** Whether `frame`'s IP fragment went into a reassembly (Wireshark then shows its payload as data). */
  isMember(frame: number): boolean {
    if (!this.members.has(frame)) this.load();
    return this.members.has(frame);
  }

  /** The frame that completed the reassembly `frame`'s fragment went into (ip.reassembled_in), or null. */
  reassembledIn(frame: number): number | null {
    return this.isMember(frame) ? this.members.get(frame) ?? null : null;
  }

  /** The datagram completed by `frame`, or null when it completed none (or cannot be rebuilt). */
  completedIn(frame: number): RebuiltDatagram | null {
    if (!this.isMember(frame)) return null;
    const r = this.byFrame.get(frame);
    if (!r) return null;
    const pipeline = new FramePipeline({ ipReassembled: (d) => { if (d.completedIn === frame) found = d; } });
    let found: ReassembledDatagram | null = null;
    const extents = new Map<number, FragmentExtent>();
    for (const n of r.fragments) {
      const row = this.index.frame(n);
      if (!row || row.evidenceId !== r.evidenceId) return null;
      const data = this.access.frameBytes(row);
      extents.set(n, fragmentExtent(n, this.access.linkType(row), data, row.origLen));
      pipeline.push({ number: n, tsNs: storedTsNs(row) ?? 0n, linkType: this.access.linkType(row), data, origLen: row.origLen });
    }
    const d = found as ReassembledDatagram | null;
    if (!d) return null;
    return {
      protocol: d.protocol, family: d.family, payload: d.payload.slice(), overlap: d.overlap, conflict: d.conflict,
      fragments: d.fragmentFrames.map((n) => extents.get(n) ?? { frame: n, offset: null, length: null }),
    };
  }

  private load(): void {
    const rows = this.newRows.all(this.loadedId) as { id: number; e: number; f: string; r: number | null; s: string }[];
    for (const x of rows) {
      this.loadedId = x.id;
      // In frame order, as ingest met them.
      const fragments = [...new Set(x.f.split(',').map(Number))].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
      const completedIn = x.s === 'complete' ? x.r : null;
      for (const n of fragments) this.members.set(n, completedIn);
      if (x.s === 'complete' && x.r !== null) this.byFrame.set(x.r, { evidenceId: x.e, fragments });
    }
  }
}

/** Where a fragment frame's data lies in its datagram, from its (outermost) IP header. */
function fragmentExtent(frame: number, linkType: number, data: Uint8Array, origLen: number): FragmentExtent {
  const at = locateNetwork(linkType, data, { family: 0, offset: 0 });
  const h = newIpHeader();
  const reported = origLen - at.offset;
  const ok = at.family === 4 ? decodeIpv4(data, at.offset, reported, h) : at.family === 6 ? decodeIpv6(data, at.offset, reported, h) : false;
  return ok && h.isFragment ? { frame, offset: h.fragmentOffset, length: h.payloadLength } : { frame, offset: null, length: null };
}
