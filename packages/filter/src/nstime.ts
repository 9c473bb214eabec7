/**
 * Wireshark's nstime arithmetic (wsutil/nstime.c), which frame.time_relative / frame.time_delta
 * and their comparisons follow in tshark, quirks included:
 *  - nstime_delta subtracts seconds and nanoseconds separately in a 32-bit int, so a stored
 *    fraction outside 0..999999999 (pcap files can hold one) wraps around;
 *  - nstime_cmp compares the seconds through `(int)(a.secs - b.secs)`, so two times more than
 *    2^31 s apart can compare the "wrong" way (a garbage timestamp decades away).
 * Values travel through SQL as one number: seconds * 1e9 + nanoseconds (an INTEGER, or a REAL
 * when it does not fit in 64 bits).
 */

const NS = 1_000_000_000n;
const INT64_MAX = (1n << 63n) - 1n;

/** C's (int32_t) conversion. */
function int32(v: bigint): bigint {
  return BigInt.asIntN(32, v);
}

type Num = number | bigint;

function big(v: Num): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
}

/** s * 1e9 + n as SQLite will store it: an INTEGER when it fits, else a REAL. */
function toSql(total: bigint): number | bigint {
  return total > INT64_MAX || total < -INT64_MAX ? Number(total) : total;
}

/** nstime_delta(b - a) of two stored (seconds, nanoseconds) pairs; null when either is missing. */
export function nstimeDelta(bs: Num | null, bn: Num | null, as: Num | null, an: Num | null): number | bigint | null {
  if (bs === null || bn === null || as === null || an === null) return null;
  const [bS, bN, aS, aN] = [big(bs), big(bn), big(as), big(an)];
  let secs = bS - aS;
  let nsecs = int32(bN - aN);
  if (bS === aS) {
    secs = 0n;
  } else if (bS < aS) {
    if (nsecs > 0n) { nsecs = int32(nsecs - NS); secs++; }
  } else if (nsecs < 0n) {
    nsecs = int32(nsecs + NS); secs--;
  }
  return toSql(secs * NS + nsecs);
}

/** Splits a time offset in nanoseconds like an nstime: both parts carry the sign. */
function split(v: bigint): [bigint, bigint] {
  const secs = v / NS; // BigInt division truncates toward zero
  return [secs, v - secs * NS];
}

/** nstime_cmp(a, b) as -1 / 0 / 1 for two offsets in nanoseconds; null when either is missing. */
export function nstimeCmp(a: Num | null, b: Num | null): number | null {
  if (a === null || b === null || a === undefined || b === undefined) return null;
  const [aS, aN] = split(big(a));
  const [bS, bN] = split(big(b));
  const d = aS === bS ? int32(aN - bN) : int32(aS - bS);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Within this distance of a literal the seconds differ by less than 2^31, where nstime_cmp agrees
 * with plain numeric comparison (the compiler calls nstimeCmp only outside it).
 */
export const NSTIME_PLAIN_WINDOW_NS = 2_147_483_647n * NS;
