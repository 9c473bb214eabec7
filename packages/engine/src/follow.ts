/**
 * Follow Stream from the index: the reassembled bytes of a TCP or UDP stream, read back from the
 * evidence file by offset through the `segments` map (the capture is never re-read or re-parsed).
 *
 * Views:
 * - one direction (client -> server or server -> client): items in stream-offset order; positions are
 *   stream offsets of that direction (a gap occupies the offsets of the bytes it lacks);
 * - both: chunks of both directions interleaved in arrival (delivery) order, like Wireshark's Follow
 *   dialog; positions count data bytes in that order (gaps take no room).
 * A page covers [offset, offset + limit) of the view's positions.
 */
import { ApiError } from '@wirewho/contract';
import type { CaseIndex, GapRowDb, SegmentRowDb, StreamProto, StreamRowDb } from '@wirewho/index';
import type { EvidenceAccess } from './evidence-access.js';

export type FollowDirection = 'client' | 'server' | 'both';

export interface FollowData {
  kind: 'data';
  /** Stream node the bytes came from (0 or 1; tshark's Node 0 is the source of the first frame). */
  node: 0 | 1;
  fromClient: boolean;
  /** Stream offset (in that direction) of the first byte. */
  offset: number;
  frame: number;
  bytes: Uint8Array;
}

export interface FollowGap {
  kind: 'gap';
  node: 0 | 1;
  fromClient: boolean;
  offset: number;
  length: number;
  reason: string;
  frameAfter: number | null;
}

export type FollowItem = FollowData | FollowGap;

export interface FollowStreamInfo {
  row: StreamRowDb;
  /** Node that is the client: the SYN sender, else node 0 (the first frame's source). */
  clientNode: 0 | 1;
  /** End of each node's data in stream offsets (delivered bytes + gaps). */
  endOffset: [number, number];
  /** Data bytes per node. */
  dataBytes: [number, number];
}

/** Segments read per step, and evidence spans merged into one read. */
const SEGMENT_STEP = 4096;
const MAX_SPAN = 16 * 1024 * 1024;
const MAX_HOLE = 256 * 1024;

export class StreamFollower {
  constructor(private readonly index: CaseIndex, private readonly access: EvidenceAccess) {}

  /** Finds a stream (the lowest evidence holding that number when evidenceId is not given). */
  resolve(proto: StreamProto, stream: number, evidenceId?: number): FollowStreamInfo {
    const ev = evidenceId ?? this.index.streams.evidenceWith(proto, stream)[0];
    const row = ev === undefined ? undefined : this.index.streams.get(ev, proto, stream);
    if (!row) throw new ApiError('not-found', `${proto}.stream ${stream} is not in this case`);
    const clientNode: 0 | 1 = row.client === 1 ? 1 : 0;
    const data: [number, number] = proto === 'tcp' ? [row.delivered0, row.delivered1] : [row.payload0, row.payload1];
    return { row, clientNode, endOffset: [data[0] + row.gapBytes0, data[1] + row.gapBytes1], dataBytes: data };
  }

  /** Size of a view in its positions (see the module comment). */
  viewSize(info: FollowStreamInfo, direction: FollowDirection): number {
    if (direction === 'both') return info.dataBytes[0] + info.dataBytes[1];
    return info.endOffset[this.node(info, direction)];
  }

  private node(info: FollowStreamInfo, direction: 'client' | 'server'): 0 | 1 {
    return (direction === 'client' ? info.clientNode : 1 - info.clientNode) as 0 | 1;
  }

  /**
   * Items of the view from position `from`, stopping once `limit` positions are covered (the last
   * data item is cut at the limit). Yields batches so large streams are never held whole.
   */
  *items(info: FollowStreamInfo, direction: FollowDirection, from = 0, limit = Number.POSITIVE_INFINITY): IterableIterator<FollowItem> {
    const { row } = info;
    const gaps = this.index.streams.gaps(row.evidenceId, row.proto, row.id);
    const end = from + limit;
    if (direction === 'both') {
      yield* this.both(info, gaps, from, end);
      return;
    }
    const node = this.node(info, direction);
    const myGaps = gaps.filter((g) => g.direction === node && g.offset >= from).sort((a, b) => a.offset - b.offset);
    let gi = 0;
    const it = this.index.streams.directionSegments(row.evidenceId, row.proto, row.id, node, from);
    for (const page of this.pages(it, (s) => s.offset >= end)) {
      const bytes = this.read(row.evidenceId, page);
      for (let k = 0; k < page.length; k++) {
        const s = page[k];
        while (gi < myGaps.length && myGaps[gi].offset <= s.offset) {
          const g = myGaps[gi++];
          if (g.offset < end) yield this.gapItem(info, g);
        }
        const a = Math.max(0, from - s.offset);
        const b = Math.min(s.length, end - s.offset);
        if (b > a) yield this.dataItem(info, s, a, bytes[k].subarray(a, b));
      }
    }
    while (gi < myGaps.length && myGaps[gi].offset < end) yield this.gapItem(info, myGaps[gi++]);
  }

  private *both(info: FollowStreamInfo, gaps: GapRowDb[], from: number, end: number): IterableIterator<FollowItem> {
    const { row } = info;
    const ordered = [...gaps].sort((a, b) => a.ord - b.ord);
    let gi = 0;
    let pos = 0;
    let started = false;
    let skippedOrd = -1;
    // Gaps take no room: one belongs to the window holding the position of the data after it; gaps
    // after the last byte belong to the window that reaches the end of the view.
    const size = info.dataBytes[0] + info.dataBytes[1];
    const inWindow = () => pos >= from && (pos < end || (pos === size && end >= size));
    // A window further in starts at the segment holding `from`, found by SQLite (rows before it are
    // neither handed over nor read); past the end of the data, every row is passed over as before.
    const index = this.index;
    const sqlSkip = from > 0;
    const it: Iterable<SegmentRowDb & { pos?: number; prevOrd?: number }> = sqlSkip
      ? index.streams.allSegmentsFrom(row.evidenceId, row.proto, row.id, from)
      : index.streams.allSegments(row.evidenceId, row.proto, row.id);
    // Nothing at or past `end` is queued: a page would otherwise read bytes the window does not show.
    let queued = 0;
    const skipping = (function* skip(): IterableIterator<SegmentRowDb> {
      for (const s of it) {
        if (!started && s.pos !== undefined) { queued = pos = s.pos; skippedOrd = s.prevOrd ?? -1; }
        const at = queued;
        queued += s.length;
        if (!started && at + s.length <= from) { pos += s.length; skippedOrd = s.ord; continue; }
        started = true;
        if (at >= end) return;
        yield s;
      }
      if (sqlSkip && !started) {
        for (const s of index.streams.allSegments(row.evidenceId, row.proto, row.id)) { pos += s.length; skippedOrd = s.ord; }
      }
    })();
    for (const page of this.pages(skipping, () => false)) {
      const bytes = this.read(row.evidenceId, page);
      for (let k = 0; k < page.length; k++) {
        const s = page[k];
        while (gi < ordered.length && ordered[gi].ord < s.ord) {
          const g = ordered[gi++];
          if (g.ord > skippedOrd && inWindow()) yield this.gapItem(info, g);
        }
        const a = Math.max(0, from - pos);
        const b = Math.min(s.length, end - pos);
        if (b > a) yield this.dataItem(info, s, a, bytes[k].subarray(a, b));
        pos += s.length;
        if (pos >= end && pos < size) return;
      }
    }
    while (gi < ordered.length) {
      const g = ordered[gi++];
      if (g.ord > skippedOrd && inWindow()) yield this.gapItem(info, g);
    }
  }

  /** Groups segments into pages; `stop(s)` ends the iteration before segment s. */
  private *pages(it: Iterator<SegmentRowDb> | Iterable<SegmentRowDb>, stop: (s: SegmentRowDb) => boolean): IterableIterator<SegmentRowDb[]> {
    let page: SegmentRowDb[] = [];
    let bytes = 0;
    const iter = Symbol.iterator in it ? (it)[Symbol.iterator]() : (it);
    try {
      for (let r = iter.next(); !r.done; r = iter.next()) {
        const s = r.value;
        if (stop(s)) break;
        page.push(s);
        bytes += s.length;
        if (page.length >= SEGMENT_STEP || bytes >= MAX_SPAN) {
          yield page;
          page = [];
          bytes = 0;
        }
      }
      if (page.length) yield page;
    } finally {
      iter.return?.();
    }
  }

  /** The bytes of a page of segments: evidence reads merged where segments sit close together. */
  private read(evidenceId: number, page: SegmentRowDb[]): Uint8Array[] {
    const out = new Array<Uint8Array>(page.length);
    const inFile: number[] = [];
    for (let k = 0; k < page.length; k++) {
      const s = page[k];
      if (s.fileOffset === null) out[k] = s.data ? new Uint8Array(s.data.buffer, s.data.byteOffset, s.data.length) : new Uint8Array(0);
      else inFile.push(k);
    }
    inFile.sort((x, y) => page[x].fileOffset! - page[y].fileOffset!);
    const path = this.access.evidence(evidenceId).path;
    let i = 0;
    while (i < inFile.length) {
      const first = page[inFile[i]];
      let end = first.fileOffset! + first.length;
      let j = i + 1;
      while (j < inFile.length) {
        const s = page[inFile[j]];
        const e = Math.max(end, s.fileOffset! + s.length);
        if (s.fileOffset! - end > MAX_HOLE || e - first.fileOffset! > MAX_SPAN) break;
        end = e;
        j++;
      }
      const span = this.access.readEvidence(path, first.fileOffset!, end - first.fileOffset!);
      for (let k = i; k < j; k++) {
        const s = page[inFile[k]];
        const o = s.fileOffset! - first.fileOffset!;
        out[inFile[k]] = span.subarray(o, o + s.length);
      }
      i = j;
    }
    return out;
  }

  private dataItem(info: FollowStreamInfo, s: SegmentRowDb, skip: number, bytes: Uint8Array): FollowData {
    const node = s.direction as 0 | 1;
    return { kind: 'data', node, fromClient: node === info.clientNode, offset: s.offset + skip, frame: s.frame, bytes };
  }

  private gapItem(info: FollowStreamInfo, g: GapRowDb): FollowGap {
    const node = g.direction as 0 | 1;
    return {
      kind: 'gap', node, fromClient: node === info.clientNode, offset: g.offset, length: g.length, reason: g.reason, frameAfter: g.frameAfter,
    };
  }
}
