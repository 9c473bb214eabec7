/**
 * ptcpdump writes container/pod labels with Go's json.Marshal of a map[string]string
 * (PROCESS-METADATA.md §2.2): keys sorted bytewise, no spaces, HTML-safe escaping. Reproduced
 * exactly so that comments we write are byte-identical to ptcpdump's.
 */

const HEX = '0123456789abcdef';

/** Go encoding/json string encoding (Go ≥ 1.22: \b and \f short forms; <, >, & and U+2028/9 escaped). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (c) {
      case 0x22: out += '\\"'; continue;
      case 0x5c: out += '\\\\'; continue;
      case 0x08: out += '\\b'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      default: break;
    }
    if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) {
      out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    } else if (c === 0x2028 || c === 0x2029) {
      out += c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8 in Go, which writes U+FFFD
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** Bytewise (UTF-8) order, which is code-point order — not JS's UTF-16 order. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done === true) return y.done === true ? 0 : -1;
    if (y.done === true) return 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** json.Marshal(map[string]string); ptcpdump writes "{}" for an empty or missing map. */
export function goJsonStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return '{}';
  const keys = Object.keys(m).sort(compareCodePoints);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(m[k])}`).join(',')}}`;
}

/**
 * json.Unmarshal into map[string]string as ptcpdump does it: errors are ignored, so bad JSON gives
 * an empty map and non-string values are skipped.
 */
export function parseGoJsonStringMap(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return out;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    // defineProperty: a "__proto__" key must stay data, not replace the prototype.
    if (typeof x === 'string') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
