/** IPv4 header: addresses, protocol, fragment fields and the payload bounds from Total Length. */
import { u16 } from '../bytes.js';
import type { IpHeader } from './ip-header.js';

/**
 * Decodes the IPv4 header at `o`. `reported` is the on-wire length available from `o` (frame
 * original length minus what precedes), used for TSO frames whose Total Length is 0, as tshark does.
 * Returns false (with `h.error`) when the header is unusable.
 */
export function decodeIpv4(d: Uint8Array, o: number, reported: number, h: IpHeader): boolean {
  h.family = 4;
  h.offset = o;
  if (o + 20 > d.length) { h.error = 'truncated'; return false; }
  const vihl = d[o];
  if (vihl >> 4 !== 4) { h.error = 'version'; return false; }
  const hl = (vihl & 15) * 4;
  if (hl < 20) { h.error = 'header-length'; return false; }
  if (o + hl > d.length) { h.error = 'truncated'; return false; }
  let total = u16(d, o + 2);
  if (total === 0) total = reported; // TSO / BIG TCP super-segment
  if (total < hl) { h.error = 'total-length'; return false; }
  // A Total Length beyond the frame is clamped (tshark flags it but still dissects what is there).
  h.lengthExceedsFrame = total > reported;
  if (total > reported) total = reported;
  const frag = u16(d, o + 6);
  h.id = u16(d, o + 4);
  h.protocol = d[o + 9]!;
  h.srcOffset = o + 12;
  h.dstOffset = o + 16;
  h.moreFragments = (frag & 0x2000) !== 0;
  h.fragmentOffset = (frag & 0x1fff) * 8;
  h.isFragment = h.moreFragments || h.fragmentOffset !== 0;
  h.payloadOffset = o + hl;
  h.payloadLength = total - hl;
  h.payloadCaptured = Math.max(0, Math.min(d.length, o + total) - (o + hl));
  h.error = '';
  return true;
}
