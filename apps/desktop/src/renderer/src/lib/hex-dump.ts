/** Pieces of the bytes pane: 16 bytes a row, offset column, hex and ASCII. */

export const BYTES_PER_ROW = 16;

export function hexRowCount(byteLength: number): number {
  return Math.ceil(byteLength / BYTES_PER_ROW);
}

export function formatOffset(offset: number, totalLength: number): string {
  const width = totalLength > 0xffff ? 6 : 4;
  return offset.toString(16).padStart(width, '0');
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function hexByte(byte: number): string {
  return HEX[byte & 0xff];
}

/** Printable ASCII as itself, everything else as a dot (what Wireshark shows). */
export function asciiChar(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

export interface ByteRange {
  start: number;
  length: number;
}

export function inRange(range: ByteRange | null, offset: number): boolean {
  return range !== null && offset >= range.start && offset < range.start + range.length;
}
