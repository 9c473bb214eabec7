/** UTF-8 helpers without TextEncoder/TextDecoder, so the package needs no host globals. */

export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    pushCodePoint(out, c);
  }
  return Uint8Array.from(out);
}

export function pushCodePoint(out: number[], c: number): void {
  if (c < 0x80) out.push(c);
  else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
  else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
}

/** Strict decode: null when the bytes are not well-formed UTF-8 (overlongs, surrogates, truncation). */
export function decodeUtf8Strict(b: Uint8Array): string | null {
  let s = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let cp: number;
    let n: number;
    if (c < 0x80) { cp = c; n = 0; } else if (c >= 0xc2 && c <= 0xdf) { cp = c & 0x1f; n = 1; } else if (c >= 0xe0 && c <= 0xef) { cp = c & 0x0f; n = 2; } else if (c >= 0xf0 && c <= 0xf4) { cp = c & 0x07; n = 3; } else return null;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff))) return null;
    s += String.fromCodePoint(cp);
    i += n + 1;
  }
  return s;
}

/** Lenient decode for display: each invalid byte becomes U+FFFD. */
export function decodeUtf8Lenient(b: Uint8Array): string {
  const strict = decodeUtf8Strict(b);
  if (strict !== null) return strict;
  let s = '';
  for (const c of b) s += c < 0x80 ? String.fromCharCode(c) : '\ufffd';
  return s;
}
