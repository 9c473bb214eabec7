/**
 * summarizeFrame: the per-frame ingest decoder. One pass over the headers, no closures and no
 * temporary arrays; the only allocations are the result object and its strings (addresses come from
 * small caches, numbers from tables where they repeat).
 */
import { Cursor } from './cursor.js';
import { summarizeEthernet } from './link/ethernet.js';
import { summarizeNflog } from './link/nflog.js';
import { summarizeNull } from './link/null.js';
import { summarizePpp } from './link/ppp.js';
import { summarizeRaw, summarizeRawFixed } from './link/raw.js';
import { summarizeSll } from './link/sll.js';
import { summarizeSll2 } from './link/sll2.js';
import { LinkType, linkTypeName } from './linktype.js';
import type { FrameSummary } from './types.js';

/** Reused for every frame: summarizeFrame is synchronous and never re-entered. */
const cursor = new Cursor();

/** A summary with every property unset (one hidden class for all). */
export function blankSummary(): FrameSummary {
  // Every property is created up front, in one order, so all summaries share one hidden class.
  return {
    protocol: '',
    info: '',
    protocols: '',
    ethSrc: undefined,
    ethDst: undefined,
    vlanIds: undefined,
    pktType: undefined,
    ipVersion: 0,
    ipSrc: undefined,
    ipDst: undefined,
    ipProto: undefined,
    ipId: undefined,
    ipTtl: undefined,
    ipFragment: undefined,
    srcPort: undefined,
    dstPort: undefined,
    tcpFlags: undefined,
    tcpSeq: undefined,
    tcpAck: undefined,
    tcpWindow: undefined,
    l4PayloadLen: undefined,
    l4PayloadOffset: undefined,
    tcpOffset: undefined,
    tcpEnd: undefined,
    icmpType: undefined,
    icmpCode: undefined,
    malformed: undefined,
  };
}

/**
 * Decode the headers of one captured frame into the facts the index stores and the Protocol/Info
 * columns. `data` is the captured bytes (FCS already removed), `origLen` the length on the wire.
 * Never throws: a malformed or truncated frame returns what was decoded with `malformed` set.
 */
export function summarizeFrame(linkType: number, data: Uint8Array, origLen: number): FrameSummary {
  const s = blankSummary();
  const c = cursor;
  c.reset(data, origLen);
  try {
    switch (linkType) {
      case LinkType.EN10MB:
        summarizeEthernet(s, c);
        break;
      case LinkType.LINUX_SLL:
        summarizeSll(s, c);
        break;
      case LinkType.LINUX_SLL2:
        summarizeSll2(s, c);
        break;
      case LinkType.RAW:
      case LinkType.RAW_12:
      case LinkType.RAW_14:
        summarizeRaw(s, c);
        break;
      case LinkType.IPV4:
        summarizeRawFixed(s, c, 4);
        // No link layer: the stack starts with the IP layer, not with ":ip".
        s.protocols = s.protocols.slice(1);
        break;
      case LinkType.IPV6:
        summarizeRawFixed(s, c, 6);
        s.protocols = s.protocols.slice(1);
        break;
      case LinkType.NULL:
        summarizeNull(s, c, false);
        break;
      case LinkType.LOOP:
        summarizeNull(s, c, true);
        break;
      case LinkType.NFLOG:
        summarizeNflog(s, c);
        break;
      case LinkType.PPP:
        summarizePpp(s, c);
        break;
      case LinkType.PKTAP:
        s.protocol = 'PKTAP';
        s.info = 'Apple PKTAP header (not decoded)';
        s.protocols = 'pktap';
        break;
      default:
        s.protocol = 'UNKNOWN';
        s.info = `Unsupported link type ${linkType} (${linkTypeName(linkType)})`;
        s.protocols = 'data';
    }
  } catch (e) {
    // Defence in depth: the decoders check bounds themselves, but a bug must not stop an ingest.
    s.malformed = `decoder error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return s;
}
