/**
 * The transport layer of a reassembled IP datagram, as Wireshark shows it in the frame that
 * completed the reassembly: detail nodes over the reassembled bytes (offsets into `payload`, not
 * into the frame) and the frame.protocols tail that replaces the fragment's ":data".
 */
import { Cursor } from './cursor.js';
import { dissectIpPayload, summarizeIpPayload } from './ipproto.js';
import { blankSummary } from './summary.js';
import { DCursor, Truncated } from './tree.js';
import type { DetailNode } from './types.js';

export interface ReassembledLayers {
  /** Top-level layer nodes (tcp, udp, http, dns, ...) with ranges in the reassembled payload. */
  nodes: DetailNode[];
  /** frame.protocols of the payload, with a leading ':' (":tcp:http", ":udp:mdns"). */
  protocols: string;
}

/** `proto`: the IP protocol / IPv6 next header of the reassembled payload. Never throws. */
export function dissectReassembledPayload(payload: Uint8Array, proto: number): ReassembledLayers {
  const c = new DCursor(payload, payload.length);
  c.l3End = payload.length;
  try {
    dissectIpPayload(c, proto);
  } catch (e) {
    const layer = e instanceof Truncated ? e.layer : 'IP payload';
    c.out.push({ label: `[Malformed Packet: ${layer}]`, field: '_ws.malformed', start: Math.min(c.off, payload.length), length: 0 });
  }
  const s = blankSummary();
  const cur = new Cursor();
  cur.reset(payload, payload.length);
  try {
    summarizeIpPayload(s, cur, proto);
  } catch {
    // The summary decoders check bounds; a bug leaves the protocols found so far.
  }
  return { nodes: c.out, protocols: s.protocols };
}
