/**
 * The protocols Wireshark dissects above TCP in each frame, which depend on the whole conversation
 * (its SEQ analysis and desegmentation, see @wirewho/protocols tcpPayloadLayers), not on the frame's
 * own bytes: a frame carrying the first part of an HTTP message is plain "tcp", the frame that
 * completes it "tcp:http...", a retransmission never reaches a subdissector.
 *
 * The stream's frames are read back from the evidence in frame order when one of its frames is asked
 * about; the answer is kept per stream and recomputed when the stream has grown (a live capture).
 */
import type { CaseIndex, FrameRowDb } from '@wirewho/index';
import { summarizeFrame, tcpPayloadLayers, withTcpPayloadLayers, type DetailNode, type PayloadSegment } from '@wirewho/protocols';
import type { EvidenceAccess } from './evidence-access.js';
import { storedTsNs } from './timestamps.js';

/** Streams whose answers are kept (least recently used dropped first). */
const CACHE_STREAMS = 256;

interface StreamLayers { lastFrame: number; tails: Map<number, string> }

export class TcpStreamLayers {
  private readonly cache = new Map<string, StreamLayers>();
  private readonly lastFrameStmt;
  private readonly framesStmt;

  constructor(private readonly index: CaseIndex, private readonly access: EvidenceAccess) {
    this.lastFrameStmt = index.db.prepare('SELECT max(number) FROM frames WHERE tcp_stream = ? AND evidence_id = ?').pluck();
    this.framesStmt = index.db.prepare('SELECT number FROM frames WHERE tcp_stream = ? AND evidence_id = ? ORDER BY number').pluck();
  }

  /**
   * What follows "tcp" in frame.protocols for this frame ("", ":http", ":data", ...), or undefined
   * when the frame's own bytes decide (no TCP payload Wireshark would judge differently).
   */
  tail(row: FrameRowDb): string | undefined {
    if (row.tcpStream === null) return undefined;
    const key = `${row.evidenceId}:${row.tcpStream}`;
    const last = this.lastFrameStmt.get(row.tcpStream, row.evidenceId) as number | null;
    let s = this.cache.get(key);
    if (s && s.lastFrame === last) {
      this.cache.delete(key);
    } else {
      s = { lastFrame: last ?? 0, tails: tcpPayloadLayers(this.segments(row.evidenceId, row.tcpStream)) };
      if (this.cache.size >= CACHE_STREAMS) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, s);
    return s.tails.get(row.number);
  }

  /** frame.protocols of `protocols` (a frame's own view) as Wireshark shows it for this frame. */
  protocols(row: FrameRowDb, protocols: string): string {
    const t = this.tail(row);
    return t === undefined ? protocols : withTcpPayloadLayers(protocols, t);
  }

  /** The detail tree with the frame node's "[Protocols in frame: ...]" line made Wireshark's. */
  patchTree(row: FrameRowDb, tree: DetailNode[]): DetailNode[] {
    const t = this.tail(row);
    if (t === undefined) return tree;
    return tree.map((n) => {
      if (n.field !== 'frame' || !n.children) return n;
      const children = n.children.map((c) => {
        if (c.field !== 'frame.protocols' || c.value === undefined) return c;
        const v = withTcpPayloadLayers(c.value, t);
        return { ...c, value: v, label: `[Protocols in frame: ${v}]` };
      });
      return { ...n, children };
    });
  }

  clear(): void {
    this.cache.clear();
  }

  private segments(evidenceId: number, stream: number): PayloadSegment[] {
    const rows: FrameRowDb[] = [];
    for (const n of this.framesStmt.all(stream, evidenceId) as number[]) {
      const r = this.index.frame(n);
      if (r) rows.push(r);
    }
    const bytes = this.access.framesBytes(rows);
    const out: PayloadSegment[] = [];
    let first: { addr: string | undefined; port: number } | null = null;
    rows.forEach((row, i) => {
      const d = bytes[i];
      const s = summarizeFrame(this.access.linkType(row), d, row.origLen);
      const o = s.tcpOffset, end = s.tcpEnd;
      // A fragment that carries no TCP header, or a header the capture cut: nothing to analyse.
      if (o === undefined || end === undefined || o + 20 > d.length) return;
      const sp = (d[o] << 8) | d[o + 1], dp = (d[o + 2] << 8) | d[o + 3];
      first ??= { addr: s.ipSrc, port: sp };
      const dir = row.direction === 0 || row.direction === 1 ? row.direction : first.addr === s.ipSrc && first.port === sp ? 0 : 1;
      const hlen = (d[o + 12] >> 4) << 2;
      const reported = end - o;
      const fragment = s.ipFragment === true;
      out.push({
        frame: row.number, dir, tsNs: storedTsNs(row) ?? 0n,
        seq: ((d[o + 4] << 24) | (d[o + 5] << 16) | (d[o + 6] << 8) | d[o + 7]) >>> 0,
        ack: ((d[o + 8] << 24) | (d[o + 9] << 16) | (d[o + 10] << 8) | d[o + 11]) >>> 0,
        flags: ((d[o + 12] << 8) | d[o + 13]) & 0x0fff,
        window: (d[o + 14] << 8) | d[o + 15],
        hlen, seglen: fragment || reported < hlen ? null : reported - hlen,
        srcPort: sp, dstPort: dp,
        payload: hlen >= 20 ? d.subarray(Math.min(d.length, o + hlen), Math.min(d.length, end)) : new Uint8Array(0),
        canDesegment: !fragment && d.length >= end,
      });
    });
    return out;
  }
}
