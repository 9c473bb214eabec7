/**
 * Wireshark 4.0's TCP SEQ/ACK analysis (packet-tcp.c tcp_analyze_sequence_number), reproduced for one
 * TCP conversation in frame order. Wireshark uses its verdicts for more than the tcp.analysis.* labels:
 * a segment it calls a retransmission, spurious retransmission or out-of-order is never handed to a
 * subdissector (no "http", "data", ... in frame.protocols), so whoever wants Wireshark's layers must
 * judge segments by Wireshark's heuristics (time thresholds, duplicate ACK counts, last ACK seen),
 * not by what reassembly later learns about the bytes (@wirewho/reassembly's Analysis bits).
 *
 * Only the parts that decide those verdicts are kept: zero-window probes, keep-alives, duplicate ACKs
 * (they feed fast retransmission), lost segments, and the retransmission family.
 */

/** Wireshark's tcp.analysis flags this module can set (bit values are ours). */
export const WsTcpAnalysis = {
  RETRANSMISSION: 0x1,
  LOST_PACKET: 0x2,
  KEEP_ALIVE: 0x4,
  DUPLICATE_ACK: 0x8,
  ZERO_WINDOW_PROBE: 0x10,
  ZERO_WINDOW_PROBE_ACK: 0x20,
  KEEP_ALIVE_ACK: 0x40,
  OUT_OF_ORDER: 0x80,
  FAST_RETRANSMISSION: 0x100,
  SPURIOUS_RETRANSMISSION: 0x200,
} as const;

const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

/** One TCP segment as dissect_tcp sees it before the analysis runs. */
export interface WsSegment {
  frame: number;
  /** Which end sent it (0 or 1, consistent within the conversation). */
  dir: 0 | 1;
  tsNs: bigint;
  /** Raw 32-bit sequence / acknowledgment numbers, the 12 flag bits and the unscaled window. */
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /**
   * Reported TCP length minus the header length (tcp.len), or null when Wireshark runs no analysis
   * on the segment (an IP fragment, or shorter than its own header).
   */
  seglen: number | null;
  /** Header length in bytes (below 20: analysed, then dissection stops). */
  hlen: number;
}

interface Flow {
  nextseq: number;
  nextseqTime: bigint;
  lastack: number;
  lastackTime: bigint;
  dupacknum: number;
  window: number;
  lastsegmentflags: number;
}

const newFlow = (): Flow => ({ nextseq: 0, nextseqTime: 0n, lastack: 0, lastackTime: 0n, dupacknum: 0, window: 0xffffffff, lastsegmentflags: 0 });

/** Signed 32-bit difference a - b (Wireshark's LT_SEQ / GT_SEQ compare its sign). */
const diff = (a: number, b: number): number => ((a - b) | 0);
const u32 = (v: number): number => v >>> 0;

/** The default out-of-order threshold before a first RTT is known (3 ms). */
const DEFAULT_OOO_NS = 3_000_000n;
/** A retransmission within 20 ms of the second duplicate ACK is a fast retransmission. */
const FAST_RETRANS_NS = 20_000_000n;

/**
 * Runs the analysis over one conversation's segments (in frame order) and returns the flags of every
 * analysed segment by frame number (frames with no flag are absent).
 */
export function wiresharkSeqAnalysis(segments: readonly WsSegment[]): Map<number, number> {
  const out = new Map<number, number>();
  const flows: [Flow, Flow] = [newFlow(), newFlow()];
  let mruSyn = 0n;
  let firstRtt = 0n;
  for (const s of segments) {
    if (s.seglen === null) continue;
    const fwd = flows[s.dir], rev = flows[s.dir ^ 1];
    const f = analyse(s, s.seglen, fwd, rev, firstRtt);
    if (f) out.set(s.frame, f);
    // dissect_tcp goes on only with a usable header length: the SYN time and first RTT come after.
    if (s.hlen < 20) continue;
    if ((s.flags & (SYN | ACK)) === SYN) mruSyn = s.tsNs;
    if ((s.flags & (SYN | ACK)) === ACK && mruSyn !== 0n && firstRtt === 0n) firstRtt = s.tsNs - mruSyn;
  }
  return out;
}

function analyse(s: WsSegment, seglen: number, fwd: Flow, rev: Flow, firstRtt: bigint): number {
  const { seq, ack, flags, window } = s;
  let ta = 0;
  zwp: {
    if (seglen === 1 && seq === fwd.nextseq && rev.window === 0) {
      ta |= WsTcpAnalysis.ZERO_WINDOW_PROBE;
      break zwp;
    }
    if (fwd.nextseq !== 0 && diff(seq, fwd.nextseq) > 0 && (flags & RST) === 0) ta |= WsTcpAnalysis.LOST_PACKET;
    if ((seglen === 0 || seglen === 1) && seq === u32(fwd.nextseq - 1) && (flags & (SYN | FIN | RST)) === 0) ta |= WsTcpAnalysis.KEEP_ALIVE;
    const sameAck = seglen === 0 && seq === fwd.nextseq && ack === fwd.lastack && (flags & (SYN | FIN | RST)) === 0;
    if (sameAck && window !== 0 && window === fwd.window && (rev.lastsegmentflags & WsTcpAnalysis.KEEP_ALIVE)) {
      ta |= WsTcpAnalysis.KEEP_ALIVE_ACK;
      break zwp;
    }
    if (sameAck && window === 0 && window === fwd.window && (rev.lastsegmentflags & WsTcpAnalysis.ZERO_WINDOW_PROBE)) {
      ta |= WsTcpAnalysis.ZERO_WINDOW_PROBE_ACK;
      break zwp;
    }
    if (sameAck && window !== 0 && window === fwd.window) {
      fwd.dupacknum++;
      ta |= WsTcpAnalysis.DUPLICATE_ACK;
    }
  }
  // finished_fwd: a new ACK number resets the duplicate count.
  if (ack !== fwd.lastack) fwd.dupacknum = 0;

  retrans: if (seglen > 0 || (flags & (SYN | FIN))) {
    if (ta & WsTcpAnalysis.KEEP_ALIVE) break retrans;
    let notAdvanced = fwd.nextseq !== 0 && diff(seq, fwd.nextseq) < 0;
    // One byte below nextseq with new data: the previous segment was probably a zero-window probe.
    if (seglen > 1 && u32(fwd.nextseq - 1) === seq) notAdvanced = false;
    if (notAdvanced && rev.dupacknum >= 2 && rev.lastack === seq && s.tsNs - rev.lastackTime < FAST_RETRANS_NS) {
      ta |= WsTcpAnalysis.FAST_RETRANSMISSION;
      break retrans;
    }
    const oooThreshold = firstRtt !== 0n ? firstRtt : DEFAULT_OOO_NS;
    if (notAdvanced && s.tsNs - fwd.nextseqTime < oooThreshold && fwd.nextseq !== u32(seq + seglen)) {
      ta |= WsTcpAnalysis.OUT_OF_ORDER;
      break retrans;
    }
    if (seglen > 0 && rev.lastack !== 0 && diff(u32(seq + seglen), rev.lastack) <= 0) {
      ta |= WsTcpAnalysis.SPURIOUS_RETRANSMISSION;
      break retrans;
    }
    if (notAdvanced) ta |= WsTcpAnalysis.RETRANSMISSION;
  }

  let nextseq = u32(seq + seglen);
  if ((seglen || (flags & (SYN | FIN))) && (flags & (SYN | FIN))) nextseq = u32(nextseq + 1);
  if ((diff(nextseq, fwd.nextseq) > 0 || fwd.nextseq === 0) && !(ta & WsTcpAnalysis.ZERO_WINDOW_PROBE)) {
    fwd.nextseq = nextseq;
    fwd.nextseqTime = s.tsNs;
  }
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastackTime = s.tsNs;
  fwd.lastsegmentflags = ta;
  return ta;
}
