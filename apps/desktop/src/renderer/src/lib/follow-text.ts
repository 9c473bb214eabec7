/** How Follow Stream shows bytes: ASCII (Wireshark's dots), hex dump lines, or raw hex. */
import { hexByte } from './hex-dump.js';

/** Printable ASCII, line breaks and tabs as themselves; every other byte as a dot. */
export function followAscii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    s += c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0x20 && c < 0x7f) ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** Hex dump lines: stream offset, 16 bytes in two groups of 8, their ASCII. */
export function followHexLines(b: Uint8Array, offset: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length; i += 16) {
    let hex = '';
    let ascii = '';
    for (let j = 0; j < 16; j++) {
      if (i + j < b.length) {
        const c = b[i + j];
        hex += hexByte(c) + ' ';
        ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      } else hex += '   ';
      if (j === 7) hex += ' ';
    }
    out.push(`${(offset + i).toString(16).padStart(8, '0')}  ${hex} ${ascii}`);
  }
  return out;
}

/** Raw: the bytes as one hex string per chunk (what Wireshark's "Raw" shows). */
export function followRawHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += hexByte(b[i]);
  return s;
}

export function formatFollowBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

/** Why the reassembler gave up on a range (packages/reassembly GapReason), in the analyst's words. */
const GAP_REASONS: Record<string, string> = {
  'truncated': 'cut off by the capture snap length',
  'acked-unseen': 'acknowledged by the peer but never captured',
  'buffer-limit': 'skipped: the per-connection reassembly buffer was full',
  'memory-limit': 'skipped: the total reassembly memory cap was reached',
  'timeout': 'skipped: the hole stayed open past the idle timeout',
  'close': 'still open when the connection closed',
  'end': 'never filled before the capture ended',
  'evicted': 'skipped: the connection was evicted',
  'reused': 'still open when the port pair was reused',
};

export function gapReasonText(reason: string): string {
  return GAP_REASONS[reason] ?? reason;
}
