/**
 * Generic pcapng option lists (code u16, length u16, value padded to 4). Used by the rarer blocks;
 * the EPB decoder walks its options inline because it runs per frame.
 */
import type { CustomData } from './types.js';
import { OPT_CUSTOM_BIN_COPY, OPT_CUSTOM_STR_COPY, OPT_ENDOFOPT } from './pcapng-constants.js';

export interface RawOption {
  code: number;
  /** Offset of the value in the buffer. */
  start: number;
  length: number;
}

/**
 * Options in [start, end). Stops at opt_endofopt, or at an option that would run past `end`
 * (readers must stop at the end of the block even without an end marker).
 */
export function readOptions(dv: DataView, start: number, end: number, le: boolean): RawOption[] {
  const out: RawOption[] = [];
  let q = start;
  while (q + 4 <= end) {
    const code = dv.getUint16(q, le);
    const length = dv.getUint16(q + 2, le);
    if (code === OPT_ENDOFOPT) break;
    const value = q + 4;
    if (value + length > end) break;
    out.push({ code, start: value, length });
    q = value + ((length + 3) & ~3);
  }
  return out;
}

/** A custom option (2988/2989/19372/19373): PEN in section byte order, then data (copied). */
export function readCustomOption(buf: Uint8Array, dv: DataView, opt: RawOption, le: boolean): CustomData | undefined {
  if (opt.length < 4) return undefined;
  return {
    code: opt.code,
    pen: dv.getUint32(opt.start, le),
    data: buf.slice(opt.start + 4, opt.start + opt.length),
    copyable: opt.code === OPT_CUSTOM_STR_COPY || opt.code === OPT_CUSTOM_BIN_COPY,
  };
}

/** A local-use option (code MSB set) kept verbatim: pen 0, the whole value as data. */
export function localUseOption(buf: Uint8Array, start: number, length: number, code: number): CustomData {
  return { code, pen: 0, data: buf.slice(start, start + length), copyable: false };
}
