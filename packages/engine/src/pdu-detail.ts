/**
 * Detail tree entries of user dissectors' PDUs (issue 7): a PDU's tree (stored with it at ingest,
 * ranges relative to the PDU) is shown in the frame it was reassembled in, as Wireshark does. A PDU
 * lying inside that frame's payload gets frame offsets (the hex pane highlights them); one reassembled
 * from several frames points into a data source of its reassembled bytes, read back from the evidence
 * through the stream's segments ("Reassembled CRAP over TCP (N bytes)"). A message reassembled from UDP
 * application fragments gets a source rebuilt from its fragments' datagrams ("Reassembled FRAG (N bytes)").
 */
import type { DataSourceDto, DetailNodeDto } from '@wirewho/contract';
import type { CaseIndex, FrameRowDb } from '@wirewho/index';
import type { PduTreeNode } from '@wirewho/dissectors';
import type { StreamFollower } from './follow.js';

interface PduTreeRow {
  proto: 'tcp' | 'udp';
  stream: number;
  direction: 0 | 1;
  protocol: string;
  offset: number;
  length: number;
  frames: string;
  tree: string;
}

/** Larger reassembled PDUs are shown without a data source (the contract's replies stay bounded). */
const MAX_SOURCE_BYTES = 1 << 20;

function shift(nodes: readonly PduTreeNode[], base: number | null, source: number | undefined): DetailNodeDto[] {
  return nodes.map((n) => {
    const out: DetailNodeDto = { label: n.label, start: base === null ? 0 : base + n.start, length: base === null ? 0 : n.length };
    if (n.field !== undefined) out.field = n.field;
    if (n.value !== undefined) out.value = n.value;
    if (source !== undefined && base !== null) out.source = source;
    if (n.children?.length) out.children = shift(n.children, base, source);
    return out;
  });
}

export class PduDetail {
  constructor(private readonly index: CaseIndex, private readonly follower: StreamFollower) {}

  /** Tree nodes (and extra data sources, numbered from `sources.length`) of the PDUs completed in `row`. */
  forFrame(row: FrameRowDb, sources: DataSourceDto[]): DetailNodeDto[] {
    let pdus: PduTreeRow[];
    try {
      pdus = this.index.db.prepare(`SELECT proto, stream, direction, protocol, offset, length, frames, tree FROM pdus
        WHERE reassembled_in = ? AND tree IS NOT NULL AND evidence_id = ? ORDER BY id`).all(row.number, row.evidenceId) as PduTreeRow[];
    } catch {
      return []; // a case index older than the pdus.tree column
    }
    const out: DetailNodeDto[] = [];
    for (const p of pdus) {
      const tree = JSON.parse(p.tree) as PduTreeNode[];
      if (p.proto === 'udp' && tree[0]?.inMessage) { out.push(...this.udpMessage(row, p, tree, sources)); continue; }
      const inFrame = this.frameOffset(row, p);
      if (inFrame !== null) { out.push(...shift(tree, inFrame, undefined)); continue; }
      const bytes = p.proto === 'udp' || p.length > MAX_SOURCE_BYTES ? null : this.reassembled(row, p);
      if (bytes === null) { out.push(...shift(tree, null, undefined)); continue; }
      sources.push({ label: `Reassembled ${p.protocol.toUpperCase()} over ${p.proto.toUpperCase()} (${p.length} bytes)`, bytesBase64: Buffer.from(bytes).toString('base64') });
      out.push(...shift(tree, 0, sources.length - 1));
    }
    return out;
  }

  /**
   * A message rebuilt from UDP fragments: its fields point into a "Reassembled FRAG (N bytes)" source
   * rebuilt from the fragments' datagrams; the header fields into this frame's own datagram.
   */
  private udpMessage(row: FrameRowDb, p: PduTreeRow, tree: PduTreeNode[], sources: DataSourceDto[]): DetailNodeDto[] {
    const pieces = tree[0]?.pieces;
    let source: number | undefined;
    if (pieces && p.length <= MAX_SOURCE_BYTES) {
      const total = pieces.reduce((n, [, , len, at]) => Math.max(n, at + len), 0);
      const bytes = new Uint8Array(total);
      let ok = true;
      for (const [frame, off, len, at] of pieces) {
        const piece = this.datagramBytes(row.evidenceId, p, frame, off, len);
        if (piece === null) { ok = false; break; }
        bytes.set(piece, at);
      }
      if (ok) {
        sources.push({ label: `Reassembled ${p.protocol.toUpperCase()} (${total} bytes)`, bytesBase64: Buffer.from(bytes).toString('base64') });
        source = sources.length - 1;
      }
    }
    const own = this.index.db.prepare(`SELECT file_offset AS fileOffset FROM segments
      WHERE evidence_id = ? AND proto = 'udp' AND stream = ? AND frame = ? AND file_offset IS NOT NULL`).get(row.evidenceId, p.stream, row.number) as { fileOffset: number } | undefined;
    const payloadAt = own ? own.fileOffset - row.fileOffset : null;
    const place = (nodes: readonly PduTreeNode[]): DetailNodeDto[] => nodes.map((n) => {
      const out: DetailNodeDto = { label: n.label, start: 0, length: 0 };
      if (n.inMessage && source !== undefined) Object.assign(out, { start: n.start, length: n.length, source });
      else if (n.inFrame === row.number && payloadAt !== null) Object.assign(out, { start: payloadAt + n.start, length: n.length });
      if (n.field !== undefined) out.field = n.field;
      if (n.value !== undefined) out.value = n.value;
      if (n.children?.length) out.children = place(n.children);
      return out;
    });
    return place(tree);
  }

  /** `length` bytes at `offset` of the UDP payload `frame` carried in the PDU's stream, or null. */
  private datagramBytes(evidenceId: number, p: PduTreeRow, frame: number, offset: number, length: number): Uint8Array | null {
    const seg = this.index.db.prepare(`SELECT direction, offset, length FROM segments WHERE evidence_id = ? AND proto = 'udp' AND stream = ? AND frame = ?`)
      .get(evidenceId, p.stream, frame) as { direction: number; offset: number; length: number } | undefined;
    if (!seg || offset + length > seg.length) return null;
    const info = this.follower.resolve('udp', p.stream, evidenceId);
    const out = new Uint8Array(length);
    const start = seg.offset + offset;
    for (const it of this.follower.items(info, seg.direction === info.clientNode ? 'client' : 'server', start, length)) {
      if (it.kind !== 'data') continue;
      const at = it.offset - start;
      if (at < 0 || at >= length) continue;
      out.set(it.bytes.subarray(0, length - at), at);
    }
    return out;
  }

  /** Frame offset of the PDU's first byte when all of it is in this frame's captured payload. */
  private frameOffset(row: FrameRowDb, p: PduTreeRow): number | null {
    const segs = this.index.db.prepare(`SELECT offset, length, file_offset AS fileOffset FROM segments
      WHERE evidence_id = ? AND proto = ? AND stream = ? AND direction = ? AND frame = ? AND file_offset IS NOT NULL`)
      .all(row.evidenceId, p.proto, p.stream, p.direction, row.number) as { offset: number; length: number; fileOffset: number }[];
    for (const s of segs) {
      if (p.offset >= s.offset && p.offset + p.length <= s.offset + s.length) return s.fileOffset - row.fileOffset + (p.offset - s.offset);
    }
    return null;
  }

  /** The PDU's bytes from the stream (holes the capture lacks stay zero). */
  private reassembled(row: FrameRowDb, p: PduTreeRow): Uint8Array | null {
    const info = this.follower.resolve(p.proto, p.stream, row.evidenceId);
    const out = new Uint8Array(p.length);
    const direction = p.direction === info.clientNode ? 'client' : 'server';
    for (const it of this.follower.items(info, direction, p.offset, p.length)) {
      if (it.kind !== 'data') continue;
      const at = it.offset - p.offset;
      if (at < 0 || at >= p.length) continue;
      out.set(it.bytes.subarray(0, p.length - at), at);
    }
    return out;
  }
}
