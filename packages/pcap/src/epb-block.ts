/**
 * One Enhanced Packet Block read back by itself (an export copies a frame's block from the evidence:
 * its exact timestamp units and its options, which the index does not all keep). Pure: the caller
 * reads the bytes. A frame's data offset minus 28 is where its EPB starts.
 */
import { BT_EPB, OPT_COMMENT, OPT_ENDOFOPT } from './pcapng-constants.js';
import { readString } from './text.js';

/** Bytes from the block start to the first data byte. */
export const EPB_HEADER_BYTES = 28;

export interface EpbHead {
  /** Section byte order (told by the block type's bytes: 06 00 00 00 is little-endian). */
  le: boolean;
  totalLength: number;
}

export interface EpbBlock extends EpbHead {
  localInterfaceId: number;
  /** The 64-bit timestamp in the interface's if_tsresol units, as stored. */
  tsUnits: bigint;
  capLen: number;
  origLen: number;
  /** [start, end) of the option list inside the block (before the trailing length). */
  optionsStart: number;
  optionsEnd: number;
}

/** The block type and length at the start of `head` (≥ 8 bytes), or null when it is not an EPB. */
export function readEpbHead(head: Uint8Array): EpbHead | null {
  if (head.length < 8) return null;
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let le: boolean;
  if (dv.getUint32(0, true) === BT_EPB) le = true;
  else if (dv.getUint32(0, false) === BT_EPB) le = false;
  else return null;
  const totalLength = dv.getUint32(4, le);
  if (totalLength < EPB_HEADER_BYTES + 4 || totalLength % 4 !== 0) return null;
  return { le, totalLength };
}

/** A whole EPB (`block.length` ≥ its total length), or null when it is not a well-formed one. */
export function readEpbBlock(block: Uint8Array): EpbBlock | null {
  const head = readEpbHead(block);
  if (head === null || block.length < head.totalLength) return null;
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const le = head.le;
  const capLen = dv.getUint32(20, le);
  const optionsStart = EPB_HEADER_BYTES + ((capLen + 3) & ~3);
  const optionsEnd = head.totalLength - 4;
  if (optionsStart > optionsEnd) return null;
  return {
    ...head,
    localInterfaceId: dv.getUint32(8, le),
    tsUnits: (BigInt(dv.getUint32(12, le)) << 32n) | BigInt(dv.getUint32(16, le)),
    capLen,
    origLen: dv.getUint32(24, le),
    optionsStart,
    optionsEnd,
  };
}

export interface CopiedOptions {
  /** The kept options re-encoded little-endian-ready (only LE sources are copied byte for byte). */
  bytes: Uint8Array;
  /** Codes of the kept options, in order. */
  codes: number[];
  /** opt_comment values among them. */
  comments: string[];
}

/**
 * The options of a little-endian EPB for copying into another file, minus opt_endofopt and any code
 * `drop` names (options that point at blocks which are not copied, such as Apple PIB indexes).
 * Stops at the end marker or at an option that would overrun the block, as readers do.
 */
export function copyEpbOptions(block: Uint8Array, epb: EpbBlock, drop: ReadonlySet<number> = new Set()): CopiedOptions {
  if (!epb.le) throw new Error('only little-endian options are copied verbatim');
  const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const parts: Uint8Array[] = [];
  const codes: number[] = [];
  const comments: string[] = [];
  let size = 0;
  let q = epb.optionsStart;
  while (q + 4 <= epb.optionsEnd) {
    const code = dv.getUint16(q, true);
    const length = dv.getUint16(q + 2, true);
    if (code === OPT_ENDOFOPT) break;
    const padded = (length + 3) & ~3;
    if (q + 4 + padded > epb.optionsEnd) break;
    if (!drop.has(code)) {
      const copy = block.slice(q, q + 4 + padded);
      copy.fill(0, 4 + length); // padding is zero in what we write, whatever the source had
      parts.push(copy);
      size += copy.length;
      codes.push(code);
      if (code === OPT_COMMENT) comments.push(readString(block, q + 4, q + 4 + length));
    }
    q += 4 + padded;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { bytes, codes, comments };
}
