/**
 * Frame timestamps as the index stores them (seconds + nanoseconds, as the file had them) turned into
 * exact nanoseconds and into tshark's frame.time_epoch text.
 */
import { formatFrameTimeEpoch } from '@wirewho/pcap';

const NS = 1_000_000_000n;

export interface StoredTs { tsSec: number | null; tsNsec: number | null }

export function storedTsNs(r: StoredTs): bigint | null {
  if (r.tsSec === null || r.tsNsec === null) return null;
  return BigInt(r.tsSec) * NS + BigInt(r.tsNsec);
}

/** frame.time_epoch exactly as tshark prints it ("" when the record has no timestamp). */
export function epochText(r: StoredTs): string {
  const ns = storedTsNs(r);
  if (ns === null) return '';
  const normal = r.tsNsec! >= 0 && r.tsNsec! < 1e9;
  return formatFrameTimeEpoch({ hasTimestamp: true, tsNs: ns, tsRaw: normal ? undefined : { secs: r.tsSec!, nsecs: r.tsNsec! } });
}

/** Splits a frame's timestamp for storage, keeping an out-of-range stored fraction as stored. */
export function splitTimestamp(tsNs: bigint, raw?: { secs: number; nsecs: number }): { sec: number; nsec: number; ns: bigint } {
  if (raw) return { sec: raw.secs, nsec: raw.nsecs, ns: tsNs };
  let sec = tsNs / NS;
  let nsec = tsNs % NS;
  if (nsec < 0n) { nsec += NS; sec -= 1n; }
  return { sec: Number(sec), nsec: Number(nsec), ns: tsNs };
}
