/**
 * Wireshark field types (the FT_* names of epan/ftypes) and the value kinds the compiler reasons with.
 * The storage a kind implies is the contract with the case index (see README.md, "Storage").
 */

export const FIELD_TYPES = [
  'FT_NONE', 'FT_PROTOCOL', 'FT_BOOLEAN',
  'FT_UINT8', 'FT_UINT16', 'FT_UINT24', 'FT_UINT32', 'FT_UINT40', 'FT_UINT48', 'FT_UINT56', 'FT_UINT64',
  'FT_INT8', 'FT_INT16', 'FT_INT24', 'FT_INT32', 'FT_INT40', 'FT_INT48', 'FT_INT56', 'FT_INT64',
  'FT_FRAMENUM', 'FT_FLOAT', 'FT_DOUBLE',
  'FT_STRING', 'FT_STRINGZ', 'FT_BYTES',
  'FT_ETHER', 'FT_IPv4', 'FT_IPv6',
  'FT_ABSOLUTE_TIME', 'FT_RELATIVE_TIME',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * Value kinds. Storage in the index (a frames column, a derived expression or a side-table value):
 * int/bool INTEGER (bool 0/1), double REAL, string TEXT (UTF-8), bytes BLOB, ether INTEGER (48-bit,
 * big-endian value), ipv4/ipv6 TEXT as Wireshark prints them (dotted quad, RFC 5952),
 * abstime INTEGER nanoseconds since the Unix epoch, reltime INTEGER nanoseconds,
 * protocol/none: no value (existence only, unless a protocol is backed by frame bytes).
 */
export type Kind = 'none' | 'protocol' | 'bool' | 'int' | 'double' | 'string' | 'bytes' | 'ether' | 'ipv4' | 'ipv6' | 'abstime' | 'reltime';

export function kindOf(t: FieldType): Kind {
  switch (t) {
    case 'FT_NONE': return 'none';
    case 'FT_PROTOCOL': return 'protocol';
    case 'FT_BOOLEAN': return 'bool';
    case 'FT_FLOAT': case 'FT_DOUBLE': return 'double';
    case 'FT_STRING': case 'FT_STRINGZ': return 'string';
    case 'FT_BYTES': return 'bytes';
    case 'FT_ETHER': return 'ether';
    case 'FT_IPv4': return 'ipv4';
    case 'FT_IPv6': return 'ipv6';
    case 'FT_ABSOLUTE_TIME': return 'abstime';
    case 'FT_RELATIVE_TIME': return 'reltime';
    default: return 'int';
  }
}

export interface IntRange { min: bigint; max: bigint; bits: number; signed: boolean }

/** Value range of an integer type (FT_FRAMENUM is a 32-bit unsigned number). */
export function intRange(t: FieldType): IntRange {
  const m = /^FT_(U?)INT(\d+)$/.exec(t);
  if (m) {
    const bits = Number(m[2]);
    const signed = m[1] === '';
    return signed
      ? { min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n, bits, signed }
      : { min: 0n, max: (1n << BigInt(bits)) - 1n, bits, signed };
  }
  if (t === 'FT_FRAMENUM') return { min: 0n, max: 0xffffffffn, bits: 32, signed: false };
  // Results of len()/count() and other derived integers.
  return { min: -(1n << 63n), max: (1n << 63n) - 1n, bits: 64, signed: true };
}

/** Type names as tshark prints them in messages ("Unsigned integer (2 bytes)"). */
export function typeLabel(t: FieldType): string {
  const m = /^FT_(U?)INT(\d+)$/.exec(t);
  if (m) {
    const bytes = Number(m[2]) / 8;
    return `${m[1] ? 'Unsigned integer' : 'Signed integer'} (${bytes} byte${bytes === 1 ? '' : 's'})`;
  }
  switch (t) {
    case 'FT_NONE': return 'Label';
    case 'FT_PROTOCOL': return 'Protocol';
    case 'FT_BOOLEAN': return 'Boolean';
    case 'FT_FRAMENUM': return 'Frame number';
    case 'FT_FLOAT': return 'Floating point (single-precision)';
    case 'FT_DOUBLE': return 'Floating point (double-precision)';
    case 'FT_STRING': case 'FT_STRINGZ': return 'Character string';
    case 'FT_BYTES': return 'Byte sequence';
    case 'FT_ETHER': return 'Ethernet or other MAC address';
    case 'FT_IPv4': return 'IPv4 address';
    case 'FT_IPv6': return 'IPv6 address';
    case 'FT_ABSOLUTE_TIME': return 'Date and time';
    case 'FT_RELATIVE_TIME': return 'Time offset';
    default: return t;
  }
}

export function kindLabel(k: Kind): string {
  switch (k) {
    case 'none': return 'Label';
    case 'protocol': return 'Protocol';
    case 'bool': return 'Boolean';
    case 'int': return 'Integer';
    case 'double': return 'Floating point';
    case 'string': return 'Character string';
    case 'bytes': return 'Byte sequence';
    case 'ether': return 'Ethernet or other MAC address';
    case 'ipv4': return 'IPv4 address';
    case 'ipv6': return 'IPv6 address';
    case 'abstime': return 'Date and time';
    case 'reltime': return 'Time offset';
  }
}
