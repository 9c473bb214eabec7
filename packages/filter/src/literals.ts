/**
 * Readers for unquoted literals: integers, decimal seconds, IPv4/IPv6 (with CIDR), MAC addresses,
 * byte strings and dates. They return null when the text is not of the form; the compiler turns that
 * into a positioned FilterError naming the expected type.
 */

/** Integer in decimal, hex (0x), octal (leading 0) or binary (0b), optionally signed. Null if not one. */
export function parseInteger(text: string): bigint | null | 'overflow' {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const body = m[2];
  // Anything this long is out of every integer type's range; don't feed megabytes to BigInt.
  if (body.length > 70) return 'overflow';
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (/^0[bB]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body[0] === '0') v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

/** Decimal seconds ("1", "1.5", "-0.25", ".5", "1e3") to integer nanoseconds. */
export function parseSecondsNs(text: string): bigint | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  if (m[2].length > 30) return null;
  const exp = m[4] ? Number(m[4]) : 0;
  const frac = m[3] ?? '';
  // value = int.frac * 10^exp, in ns = digits * 10^(9 + exp - frac.length)
  const digits = BigInt((m[2] || '0') + frac);
  const shift = 9 + exp - frac.length;
  let ns: bigint;
  if (shift >= 0) {
    if (shift > 40) return null;
    ns = digits * 10n ** BigInt(shift);
  } else {
    if (-shift > 60) ns = 0n;
    else ns = digits / 10n ** BigInt(-shift);
  }
  return m[1] === '-' ? -ns : ns;
}

/** Plain decimal floating-point number. */
export function parseDouble(text: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/** Dotted quad, four decimal octets. */
export function parseIPv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    v = v * 256 + o;
  }
  return v;
}

export function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** IPv6 text (with "::" and an optional trailing dotted quad) to 16 bytes. */
export function parseIPv6(text: string): Uint8Array | null {
  if (text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const words: number[] = [];
  let tail = text;
  let v4: number | null = null;
  const lastColon = text.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (text.indexOf('.', lastColon) >= 0) {
    v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    // "::1.2.3.4" -> "::"; "::ffff:1.2.3.4" -> "::ffff" (the colon before the quad goes unless it is part of "::")
    tail = text.slice(0, lastColon + 1);
    if (tail.endsWith(':') && !tail.endsWith('::')) tail = tail.slice(0, -1);
  }
  const dbl = tail.indexOf('::');
  if (dbl >= 0 && tail.indexOf('::', dbl + 1) >= 0) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const need = v4 === null ? 8 : 6;
  if (dbl >= 0) {
    const head = groups(tail.slice(0, dbl));
    const rest = groups(tail.slice(dbl + 2));
    if (!head || !rest || head.length + rest.length > need - 1) return null;
    words.push(...head, ...new Array<number>(need - head.length - rest.length).fill(0), ...rest);
  } else {
    const all = groups(tail);
    if (!all || all.length !== need) return null;
    words.push(...all);
  }
  const b = new Uint8Array(16);
  for (let i = 0; i < need; i++) {
    b[2 * i] = words[i] >> 8;
    b[2 * i + 1] = words[i] & 255;
  }
  if (v4 !== null) {
    b[12] = v4 >>> 24; b[13] = (v4 >>> 16) & 255; b[14] = (v4 >>> 8) & 255; b[15] = v4 & 255;
  }
  return b;
}

/**
 * RFC 5952 text as glibc inet_ntop (and so Wireshark, and the index) prints it: lowercase, no leading
 * zeros, longest run of >= 2 zero words as "::" (first on a tie), IPv4-mapped/compatible as a dotted quad.
 */
export function formatIPv6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[2 * i] << 8) | b[2 * i + 1]);
  let bestBase = -1, bestLen = 0, curBase = -1, curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) { curBase = i; curLen = 1; } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) { bestBase = curBase; bestLen = curLen; }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      return s + `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    }
    s += w[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/** Splits "addr/bits"; bits null when there is no slash. */
export function splitCidr(text: string): { addr: string; bits: number | null; bad: boolean } {
  const i = text.indexOf('/');
  if (i < 0) return { addr: text, bits: null, bad: false };
  const b = text.slice(i + 1);
  if (!/^\d{1,3}$/.test(b)) return { addr: text.slice(0, i), bits: null, bad: true };
  return { addr: text.slice(0, i), bits: Number(b), bad: false };
}

/** Network range [lo, hi] of addr/bits as big-endian byte arrays. */
export function cidrRange(addr: Uint8Array, bits: number): { lo: Uint8Array; hi: Uint8Array } {
  const lo = new Uint8Array(addr.length);
  const hi = new Uint8Array(addr.length);
  for (let i = 0; i < addr.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - 8 * i));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    lo[i] = addr[i] & mask;
    hi[i] = (addr[i] & mask) | (~mask & 0xff);
  }
  return { lo, hi };
}

export function ipv4Bytes(v: number): Uint8Array {
  return Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
}

/** MAC address: 6 bytes as aa:bb:cc:dd:ee:ff, aa-bb-..., aabb.ccdd.eeff or 12 hex digits. */
export function parseMac(text: string): Uint8Array | null {
  let m = /^([0-9a-fA-F]{1,2})([:.-])([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})$/.exec(text);
  if (m) return Uint8Array.from([m[1], m[3], m[4], m[5], m[6], m[7]].map((h) => parseInt(h, 16)));
  m = /^([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})\.([0-9a-fA-F]{4})$/.exec(text);
  if (m) return hexBytes(m[1] + m[2] + m[3]);
  if (/^[0-9a-fA-F]{12}$/.test(text)) return hexBytes(text);
  return null;
}

/** Byte string: hex bytes separated by ':', '-' or '.' (1-2 digits each), or an even run of hex digits. */
export function parseByteString(text: string): Uint8Array | null {
  if (/^[0-9a-fA-F]{1,2}([:.-][0-9a-fA-F]{1,2})*$/.test(text)) {
    const parts = text.split(/[:.-]/);
    return Uint8Array.from(parts.map((h) => parseInt(h, 16)));
  }
  if (/^([0-9a-fA-F]{2})+$/.test(text)) return hexBytes(text);
  return null;
}

function hexBytes(h: string): Uint8Array {
  const b = new Uint8Array(h.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return b;
}

export function bytesToBigInt(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function daysInMonth(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export interface TimeOptions {
  /** Interpret times without a zone as UTC instead of local time (Wireshark uses local time). */
  utc?: boolean;
}

/**
 * Absolute time to nanoseconds since the epoch: ISO 8601 ("2026-11-23 09:03:00.36", "T" optional,
 * seconds optional, "Z"/"UTC"/"+01:00" zones) or Wireshark's legacy "Nov 23, 2026 09:03:00.36 [UTC]".
 * Without a zone the time is local, like Wireshark.
 */
export function parseAbsoluteTime(text: string, opts: TimeOptions = {}): bigint | null {
  const s = text.trim();
  let y: number, mo: number, d: number, h = 0, mi = 0, sec = 0, frac = '';
  let zone: string | undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    y = +m[1]; mo = +m[2]; d = +m[3];
    if (m[4] !== undefined) { h = +m[4]; mi = +m[5]; sec = m[6] ? +m[6] : 0; frac = m[7] ?? ''; }
    zone = m[8];
  } else {
    m = /^([A-Za-z]{3})\s+(\d{1,2}),\s*(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:\s+(UTC))?$/.exec(s);
    if (!m) return null;
    mo = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    if (mo === 0) return null;
    d = +m[2]; y = +m[3];
    if (m[4] !== undefined) { h = +m[4]; mi = +m[5]; sec = m[6] ? +m[6] : 0; frac = m[7] ?? ''; }
    zone = m[8];
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return null;
  let epochMs: number;
  if (zone !== undefined || opts.utc) {
    epochMs = Date.UTC(y, mo - 1, d, h, mi, sec);
    // Date.UTC maps years 0-99 to 1900+; fix them explicitly.
    if (y < 100) { const dt = new Date(epochMs); dt.setUTCFullYear(y); epochMs = dt.getTime(); }
    if (zone && /^[+-]/.test(zone)) {
      const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
      const off = (+z[2] * 60 + +z[3]) * 60_000;
      if (+z[2] > 23 || +z[3] > 59) return null;
      epochMs -= z[1] === '+' ? off : -off;
    }
  } else {
    const dt = new Date(2000, 0, 1, 0, 0, 0, 0);
    dt.setFullYear(y, mo - 1, d);
    dt.setHours(h, mi, sec, 0);
    epochMs = dt.getTime();
  }
  if (!Number.isFinite(epochMs)) return null;
  return BigInt(epochMs) * 1_000_000n + BigInt((frac + '000000000').slice(0, 9));
}
