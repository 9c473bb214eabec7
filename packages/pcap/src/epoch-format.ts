/**
 * Renders timestamps exactly as tshark 4.0 prints frame.time_epoch: seconds, a dot and
 * 9 fraction digits for every file (µs files too: "1795424582.830228000").
 */
import type { FrameRecord } from './types.js';

const NS = 1_000_000_000n;

/**
 * Formats ns since the epoch as "<sec>.<fraction>" with `decimals` digits (0-9; extra digits are
 * truncated). Seconds are floored, so negative times print like tshark's (secs<0, positive fraction).
 */
export function formatEpochNs(tsNs: bigint, decimals = 9): string {
  let sec = tsNs / NS;
  let frac = tsNs % NS;
  if (frac < 0n) {
    sec -= 1n;
    frac += NS;
  }
  if (decimals <= 0) return sec.toString();
  const digits = frac.toString().padStart(9, '0').slice(0, Math.min(decimals, 9));
  return `${sec}.${digits}`;
}

/**
 * frame.time_epoch of a record as tshark shows it: "" without a timestamp (Simple Packet Block),
 * and tshark's rendering of out-of-range pcap fractions ("…70.1000000000", "-…70.2147483648").
 */
export function formatFrameTimeEpoch(frame: Pick<FrameRecord, 'tsNs' | 'hasTimestamp' | 'tsRaw'>): string {
  if (!frame.hasTimestamp) return '';
  const raw = frame.tsRaw;
  if (raw === undefined) return formatEpochNs(frame.tsNs);
  // wiretap's display_signed_time: a negative fraction prints as "-" + secs + "." + |nsecs|.
  let nsecs = raw.nsecs;
  let sign = '';
  if (nsecs < 0) {
    nsecs = -nsecs;
    if (raw.secs >= 0) sign = '-';
  }
  return `${sign}${raw.secs}.${String(nsecs).padStart(9, '0')}`;
}
