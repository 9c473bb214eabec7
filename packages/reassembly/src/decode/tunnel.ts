/** Encapsulations whose inner packets tshark dissects by default: GRE, VXLAN, ICMP error quotes. */
import { u16 } from '../bytes.js';

/** VXLAN's IANA port (tshark's default registration). */
export const VXLAN_PORT = 4789;

/**
 * GRE header at `o`: returns the offset of the payload and its protocol type in `out`, or false.
 * Checksum, key and sequence fields are skipped according to the flags (RFC 2784/2890).
 */
export function decodeGre(d: Uint8Array, o: number, avail: number, out: { offset: number; type: number }): boolean {
  if (avail < 4) return false;
  const flags = u16(d, o);
  if ((flags & 7) !== 0) return false; // version 0 only (1 is PPTP's enhanced GRE)
  let len = 4;
  if (flags & 0x8000) len += 4;
  if (flags & 0x2000) len += 4;
  if (flags & 0x1000) len += 4;
  if (avail < len) return false;
  out.type = u16(d, o + 2);
  out.offset = o + len;
  return true;
}

/** ICMP (v4) error types that quote the offending IP header. */
export function isIcmpError(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

/** ICMPv6 error types that quote the offending packet. */
export function isIcmpv6Error(type: number): boolean {
  return type >= 1 && type <= 4;
}
