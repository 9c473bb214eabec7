/**
 * Typed field values read from PDU bytes, shared by the declarative dissectors: integers of 1-8 bytes
 * in either byte order (with mask and value strings), strings, NUL-terminated strings, bytes, booleans,
 * IPv4 and Ethernet addresses. Labels follow Wireshark's detail tree ("Length: 8", "Type: Request (1)").
 */
import type { FieldSpec } from './spec.js';
import type { DissectorFieldType, FieldValue } from './types.js';

export const FT_OF: Record<FieldSpec['type'], DissectorFieldType> = {
  uint8: 'FT_UINT8', uint16: 'FT_UINT16', uint24: 'FT_UINT24', uint32: 'FT_UINT32', uint64: 'FT_UINT64',
  int8: 'FT_INT8', int16: 'FT_INT16', int24: 'FT_INT24', int32: 'FT_INT32', int64: 'FT_INT64',
  string: 'FT_STRING', stringz: 'FT_STRINGZ', bytes: 'FT_BYTES', bool: 'FT_BOOLEAN', ipv4: 'FT_IPv4', ether: 'FT_ETHER',
};

const NATURAL: Partial<Record<FieldSpec['type'], number>> = {
  uint8: 1, uint16: 2, uint24: 3, uint32: 4, uint64: 8, int8: 1, int16: 2, int24: 3, int32: 4, int64: 8, bool: 1, ipv4: 4, ether: 6,
};

export interface Decoded {
  /** The value for the index (FT_BYTES: the bytes, stored as a BLOB). */
  value: FieldValue | null;
  display: string;
  start: number;
  length: number;
}

/** Size of a field inside a PDU of `pduLength` bytes, or -1 when it does not fit. */
export function fieldSize(f: FieldSpec, pduLength: number): number {
  const size = f.size === 'rest' ? pduLength - f.offset : f.size ?? NATURAL[f.type] ?? pduLength - f.offset;
  return size >= 0 && f.offset + size <= pduLength ? size : -1;
}

function readUnsigned(b: Uint8Array, o: number, n: number, little: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[little ? o + n - 1 - i : o + i]);
  return v;
}

export const hex = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
};

/** Printable text like Wireshark's format_text (non-printable bytes as \xNN). */
export function printable(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '\\x' + (x < 16 ? '0' : '') + x.toString(16);
  return s;
}

function maskShift(mask: number): number {
  let s = 0;
  while (((mask >>> s) & 1) === 0 && s < 63) s++;
  return s;
}

/** Decodes field `f` from `pdu`; null when it is past the PDU's end. */
export function decodeField(f: FieldSpec, pdu: Uint8Array): Decoded | null {
  const size = fieldSize(f, pdu.length);
  if (size < 0) return null;
  const o = f.offset;
  const bytes = pdu.subarray(o, o + size);
  const little = f.byteOrder === 'little';
  switch (f.type) {
    case 'string': return { value: new TextDecoder().decode(bytes), display: `"${printable(bytes)}"`, start: o, length: size };
    case 'stringz': {
      const z = bytes.indexOf(0);
      const s = z >= 0 ? bytes.subarray(0, z) : bytes;
      return { value: new TextDecoder().decode(s), display: `"${printable(s)}"`, start: o, length: size };
    }
    case 'bytes': return { value: bytes.slice(), display: size > 64 ? `${hex(bytes.subarray(0, 64))}…` : hex(bytes), start: o, length: size };
    case 'ipv4': {
      const s = `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
      return { value: s, display: s, start: o, length: size };
    }
    case 'ether': {
      const s = [...bytes].map((x) => x.toString(16).padStart(2, '0')).join(':');
      return { value: Number(readUnsigned(bytes, 0, 6, false)), display: s, start: o, length: size };
    }
    default: break;
  }
  let v = readUnsigned(bytes, 0, Math.min(size, 8), little);
  if (f.mask !== undefined) v = (v & BigInt(f.mask)) >> BigInt(maskShift(f.mask));
  if (f.type === 'bool') {
    const b = v !== 0n;
    return { value: b, display: b ? 'True' : 'False', start: o, length: size };
  }
  if (f.type.startsWith('int') && f.mask === undefined) {
    const bits = BigInt(Math.min(size, 8) * 8);
    if (v >> (bits - 1n)) v -= 1n << bits;
  }
  const value: FieldValue = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  const num = f.base === 'hex' ? `0x${v.toString(16).padStart(size * 2, '0')}` : f.base === 'oct' ? `0${v.toString(8)}` : v.toString();
  const vs = f.values?.[v.toString()];
  return { value, display: vs !== undefined ? `${vs} (${num})` : num, start: o, length: size };
}
