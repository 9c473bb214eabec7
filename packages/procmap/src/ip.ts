/**
 * IP address text in one canonical form, so socket tables, packets and OS tools compare equal:
 * IPv4 dotted quad; IPv6 per RFC 5952 (lowercase, longest zero run as "::"); IPv4-mapped IPv6
 * (::ffff:a.b.c.d, how dual-stack sockets show IPv4 peers) as the plain IPv4 address.
 */

export function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Accepts "::", embedded IPv4 tails and a "%zone" suffix (dropped). */
export function parseIPv6(s: string): Uint8Array | undefined {
  const text = s.replace(/%.*$/, '');
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (v4 === undefined) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

export function formatIPv4(b: Uint8Array, at = 0): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** 4 or 16 bytes → canonical text (IPv4-mapped IPv6 → IPv4). */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return formatIPv4(b);
  if (isV4Mapped(b)) return formatIPv4(b, 12);
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i] << 8) | b[i + 1]);
  let bestAt = -1;
  let bestLen = 1; // RFC 5952: a single zero group is not compressed
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}

/** Canonical text of any IPv4/IPv6 address text; undefined when it is not one. */
export function canonicalIp(s: string): string | undefined {
  const b = s.includes(':') ? parseIPv6(s) : parseIPv4(s);
  return b === undefined ? undefined : formatIp(b);
}

export function isWildcard(canonical: string): boolean {
  return canonical === '0.0.0.0' || canonical === '::';
}

export function isLoopback(canonical: string): boolean {
  return canonical === '::1' || canonical.startsWith('127.');
}

export function isIPv6(canonical: string): boolean {
  return canonical.includes(':');
}
