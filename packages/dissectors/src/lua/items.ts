/**
 * Tree items of a Lua call, made whole on the host side. The prelude records an item as ids, an
 * offset and a length (one Lua table each); values, display strings and labels are made here from
 * the call's buffer and the file's ProtoField definitions, exactly as Wireshark's (and the former
 * in-Lua) formatting did: integers by base (DEC, HEX, OCT, DEC_HEX, HEX_DEC) with value strings,
 * booleans True/False, strings quoted, bytes as lower-case hex, IPv4 and Ethernet addresses.
 * Strings and bytes stay "latin1 strings" (one char per byte), as the JSON of the call carries them.
 */
import type { LuaItem } from './runtime.js';

/** [abbr, name, FT_ type, base, mask | null, [[value, text], ...]] */
export type LuaFieldDef = [string, string, string, number, number | null, [number, string][]];

/** [parent, kind (0 proto, 1 field, 2 text), proto/field id, offset, length, little-endian, explicit value, text, prepended, appended] */
export type CompactItem = [number, 0 | 1 | 2, number, number, number, 0 | 1, unknown, string | null, string | null, string | null];

const WIDE = new Set(['FT_UINT64', 'FT_INT64']);

export interface PreparedField {
  abbr: string;
  name: string;
  ftype: string;
  base: number;
  mask: bigint | null;
  shift: bigint;
  vs: Map<number, string> | null;
}

export function prepareFields(defs: readonly LuaFieldDef[]): PreparedField[] {
  return defs.map(([abbr, name, ftype, base, mask, vs]) => {
    let shift = 0n;
    if (mask !== null && mask !== 0) {
      let m = BigInt(mask);
      while ((m & 1n) === 0n && shift < 63n) { m >>= 1n; shift++; }
    }
    return { abbr, name, ftype, base, mask: mask === null ? null : BigInt(mask), shift, vs: vs.length ? new Map(vs) : null };
  });
}

const latin1 = (b: Uint8Array, start: number, end: number): string => {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
};

/** The value Lua's decode() gives a field added from buffer[off, off+len). */
export function decodeValue(f: PreparedField, buf: Uint8Array, off: number, len: number, le: boolean): unknown {
  const ft = f.ftype;
  if (ft === 'FT_STRING' || ft === 'FT_BYTES') return latin1(buf, off, off + len);
  if (ft === 'FT_STRINGZ') {
    let end = off;
    while (end < off + len && buf[end] !== 0) end++;
    return latin1(buf, off, end);
  }
  if (ft === 'FT_IPv4') {
    const b = le ? [buf[off + 3], buf[off + 2], buf[off + 1], buf[off]] : [buf[off], buf[off + 1], buf[off + 2], buf[off + 3]];
    return b.join('.');
  }
  if (ft === 'FT_ETHER') {
    const p: string[] = [];
    for (let i = 0; i < 6; i++) p.push(buf[off + i].toString(16).padStart(2, '0'));
    return p.join(':');
  }
  let v = 0n;
  for (let i = 0; i < len; i++) v = (v << 8n) | BigInt(buf[le ? off + len - 1 - i : off + i]);
  if (f.mask !== null) v = (v & f.mask) >> f.shift;
  if (ft === 'FT_BOOLEAN') return v !== 0n;
  if (ft.startsWith('FT_INT') && f.mask === null && len < 8 && v >> BigInt(8 * len - 1)) v -= 1n << BigInt(8 * len);
  if (WIDE.has(ft)) return (ft === 'FT_INT64' ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)).toString();
  return Number(v);
}

/** Lua's display(): the value as the detail tree shows it (`n` = the range length, for hex widths). */
export function displayValue(f: PreparedField, v: unknown, n: number | null): string {
  const ft = f.ftype;
  if (ft === 'FT_STRING' || ft === 'FT_STRINGZ') return `"${String(v)}"`;
  if (ft === 'FT_BYTES') {
    const s = String(v);
    let out = '';
    for (let i = 0; i < s.length; i++) out += (s.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
    return out;
  }
  if (ft === 'FT_BOOLEAN') return v ? 'True' : 'False';
  if (ft === 'FT_IPv4' || ft === 'FT_ETHER') return String(v);
  // 64-bit values travel as text (Lua UInt64 objects): no base formatting, as in Lua's tostring.
  if (typeof v !== 'number' || !Number.isInteger(v)) return String(v);
  const w = n ? n * 2 : 8;
  const hex = () => `0x${BigInt.asUintN(64, BigInt(v)).toString(16).padStart(w, '0')}`;
  let s = String(v);
  if (f.base === 2) s = hex();
  else if (f.base === 3) s = `0${BigInt.asUintN(64, BigInt(v)).toString(8)}`;
  else if (f.base === 4) s = `${v} (${hex()})`;
  else if (f.base === 5) s = `${hex()} (${v})`;
  const vs = f.vs?.get(v);
  return vs !== undefined ? `${vs} (${s})` : s;
}

/** Compact items -> the LuaItem rows the rest of the package reads. */
export function expandItems(items: readonly CompactItem[], buf: Uint8Array, fields: readonly PreparedField[], protos: readonly { name: string; desc: string }[]): LuaItem[] {
  return items.map(([parent, kind, id, off, len, le, explicit, text, pre, app]): LuaItem => {
    let label: string;
    let out: LuaItem;
    if (kind === 1) {
      const f = fields[id - 1];
      const v = explicit !== null && explicit !== undefined ? explicit : decodeValue(f, buf, off, len, le === 1);
      const disp = displayValue(f, v, off >= 0 || len > 0 ? len : null);
      label = text ?? `${f.name}: ${disp}`;
      out = [parent, 'field', f.abbr, '', v, f.ftype, off, len, disp];
    } else if (kind === 0) {
      const p = protos[id - 1];
      label = text ?? p.desc;
      out = [parent, 'proto', p.name.toLowerCase(), '', null, null, off, len, null];
    } else {
      label = text ?? '';
      out = [parent, 'text', null, '', null, null, off, len, null];
    }
    out[3] = (pre ?? '') + label + (app ?? '');
    return out;
  });
}
