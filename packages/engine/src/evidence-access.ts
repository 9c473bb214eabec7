/**
 * Everything needed to get back to a frame's original bytes: the evidence file of a frame, the link
 * type of its interface, and the bytes read by offset. Caches the small per-evidence lookups.
 */
import { ApiError } from '@wirewho/contract';
import type { CaseIndex, EvidenceRow, FrameRowDb, InterfaceRowDb } from '@wirewho/index';
import { EvidenceBytes } from './evidence-bytes.js';
import { EvidenceIntegrity } from './evidence-integrity.js';

/** A contiguous read covering several frames is used when the span is at most this large. */
const MAX_SPAN_READ = 16 * 1024 * 1024;

export class EvidenceAccess {
  /** Every read is checked against the file that was imported (evidence-integrity.ts). */
  readonly integrity = new EvidenceIntegrity((e, stamp) => {
    this.index.setEvidenceFileStamp(e.id, stamp);
    this.evidenceCache.delete(e.id);
  });
  private readonly bytes = new EvidenceBytes((filePath, fd) => this.integrity.check(fd, this.evidenceAt(filePath)));
  private readonly evidenceCache = new Map<number, EvidenceRow>();
  private readonly interfaceCache = new Map<number, InterfaceRowDb[]>();

  constructor(private readonly index: CaseIndex) {}

  /** The evidence row of a file path (the latest import of it); the path comes from the index, never from a caller. */
  private evidenceAt(filePath: string): EvidenceRow {
    for (const e of this.evidenceCache.values()) if (e.path === filePath && e.status !== 'ingesting') return e;
    const rows = this.index.listEvidence().filter((e) => e.path === filePath);
    const e = rows[rows.length - 1];
    if (!e) throw new ApiError('not-found', `${filePath} is not evidence of this case`);
    if (e.status !== 'ingesting') this.evidenceCache.set(e.id, e);
    return e;
  }

  evidence(id: number): EvidenceRow {
    let e = this.evidenceCache.get(id);
    if (!e || e.status === 'ingesting') {
      e = this.index.evidence(id);
      if (!e) throw new ApiError('not-found', `evidence ${id} is not in this case`);
      this.evidenceCache.set(id, e);
    }
    return e;
  }

  iface(evidenceId: number, ifaceId: number): InterfaceRowDb | undefined {
    let list = this.interfaceCache.get(evidenceId);
    if (!list || !list.some((i) => i.ifaceId === ifaceId)) {
      list = this.index.interfaces(evidenceId);
      this.interfaceCache.set(evidenceId, list);
    }
    return list.find((i) => i.ifaceId === ifaceId);
  }

  linkType(row: FrameRowDb): number {
    return this.iface(row.evidenceId, row.ifaceId)?.linkType ?? -1;
  }

  /** `length` bytes of an evidence file at `offset`. */
  readEvidence(filePath: string, offset: number, length: number): Uint8Array {
    return this.bytes.read(filePath, offset, length);
  }

  frameBytes(row: FrameRowDb): Uint8Array {
    return this.bytes.read(this.evidence(row.evidenceId).path, row.fileOffset, row.capLen);
  }

  /**
   * The bytes of many frames (in number order, e.g. a page of the packet list): frames that sit close
   * together in one evidence file are read with a single read.
   */
  framesBytes(rows: readonly FrameRowDb[]): Uint8Array[] {
    const out = new Array<Uint8Array>(rows.length);
    let i = 0;
    while (i < rows.length) {
      const first = rows[i];
      let j = i + 1;
      let end = first.fileOffset + first.capLen;
      while (j < rows.length) {
        const r = rows[j];
        if (r.evidenceId !== first.evidenceId || r.fileOffset < first.fileOffset) break;
        const newEnd = Math.max(end, r.fileOffset + r.capLen);
        if (newEnd - first.fileOffset > MAX_SPAN_READ) break;
        end = newEnd;
        j++;
      }
      if (j - i === 1) {
        out[i] = this.frameBytes(first);
      } else {
        const span = this.bytes.read(this.evidence(first.evidenceId).path, first.fileOffset, end - first.fileOffset);
        for (let k = i; k < j; k++) {
          const r = rows[k];
          out[k] = span.subarray(r.fileOffset - first.fileOffset, r.fileOffset - first.fileOffset + r.capLen);
        }
      }
      i = j;
    }
    return out;
  }

  close(): void {
    this.bytes.closeAll();
  }
}
