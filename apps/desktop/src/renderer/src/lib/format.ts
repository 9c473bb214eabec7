/** Text formatting for evidence values: nanosecond UTC times, sizes, rates, hashes. */

const NS_PER_SECOND = 1_000_000_000n;

/** "2025-11-23 10:53:01.123456789" (UTC) from nanoseconds since the epoch as a decimal string. */
export function formatUtcNs(tsNs: string): string {
  let ns: bigint;
  try {
    ns = BigInt(tsNs);
  } catch {
    return tsNs;
  }
  let seconds = ns / NS_PER_SECOND;
  let fraction = ns % NS_PER_SECOND;
  if (fraction < 0n) {
    fraction += NS_PER_SECOND;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return tsNs;
  const iso = date.toISOString(); // 2025-11-23T10:53:01.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.toString().padStart(9, '0')}`;
}

/** "first → last UTC"; the second date is left out when both fall on the same day. */
export function formatTimeSpan(firstNs: string | null, lastNs: string | null): string {
  if (!firstNs || !lastNs) return '—';
  const first = formatUtcNs(firstNs);
  const last = formatUtcNs(lastNs);
  const lastShown = first.slice(0, 10) === last.slice(0, 10) ? last.slice(11) : last;
  return `${first} → ${lastShown} UTC`;
}

/** Duration between two ns timestamps as seconds with 9 decimals. */
export function formatDurationNs(firstNs: string | null, lastNs: string | null): string {
  if (!firstNs || !lastNs) return '';
  try {
    const d = BigInt(lastNs) - BigInt(firstNs);
    const sign = d < 0n ? '-' : '';
    const abs = d < 0n ? -d : d;
    return `${sign}${abs / NS_PER_SECOND}.${(abs % NS_PER_SECOND).toString().padStart(9, '0')} s`;
  } catch {
    return '';
  }
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

export function formatRate(framesPerSecond: number): string {
  return `${integer.format(Math.round(framesPerSecond))} frames/s`;
}

export function shortHash(sha256: string, length = 12): string {
  return sha256.length > length ? `${sha256.slice(0, length)}…` : sha256;
}

/** Last path component, for both / and \ separators. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
