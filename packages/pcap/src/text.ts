/** UTF-8 helpers for pcapng string options (not NUL-terminated on disk, but NUL ends them). */

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes bytes [start, end) as UTF-8, stopping at the first NUL (some writers add one). */
export function readString(buf: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && buf[stop] !== 0) stop++;
  return decoder.decode(buf.subarray(start, stop));
}

/** Splits [start, end) at NUL bytes; a trailing NUL does not add an empty item. */
export function readNulSeparated(buf: Uint8Array, start: number, end: number): string[] {
  const out: string[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0) {
      out.push(decoder.decode(buf.subarray(from, i)));
      from = i + 1;
    }
  }
  if (from < end) out.push(decoder.decode(buf.subarray(from, end)));
  return out;
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
