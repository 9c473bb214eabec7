/**
 * "Apply as Filter" / "Prepare as Filter" as Wireshark does them: a selected item becomes a filter
 * expression (`field == value` with the literal syntax of the field's type), combined with the text
 * already in the filter bar: Selected replaces it, Not Selected replaces it with the negation, and the
 * "…and/or (not) Selected" variants join it as `(old) && (new)`. Apply runs the result, Prepare only
 * puts it in the bar.
 */
import type { FrameRow } from '@wirewho/contract';

export type FilterMode = 'selected' | 'not-selected' | 'and-selected' | 'or-selected' | 'and-not-selected' | 'or-not-selected';
export type FilterAction = 'apply' | 'prepare';

export const FILTER_MODES: readonly { mode: FilterMode; label: string }[] = [
  { mode: 'selected', label: 'Selected' },
  { mode: 'not-selected', label: 'Not Selected' },
  { mode: 'and-selected', label: '…and Selected' },
  { mode: 'or-selected', label: '…or Selected' },
  { mode: 'and-not-selected', label: '…and not Selected' },
  { mode: 'or-not-selected', label: '…or not Selected' },
];

/** Wireshark's combinations; an empty bar makes the and/or variants plain Selected / Not Selected. */
export function combineFilter(current: string, expr: string, mode: FilterMode): string {
  const old = current.trim();
  const not = `!(${expr})`;
  switch (mode) {
    case 'selected': return expr;
    case 'not-selected': return not;
    case 'and-selected': return old ? `(${old}) && (${expr})` : expr;
    case 'or-selected': return old ? `(${old}) || (${expr})` : expr;
    case 'and-not-selected': return old ? `(${old}) && ${not}` : not;
    case 'or-not-selected': return old ? `(${old}) || ${not}` : not;
  }
}

/** A string literal for the filter language: double quotes, backslash escapes for what needs one. */
export function quoteString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const NUMBER = /^(?:-?\d+(?:\.\d+)?|0x[0-9a-f]+)$/i;
const HEX_BYTES = /^[0-9a-f]{2}(?:[:.-]?[0-9a-f]{2})*$/i;

/**
 * `field == value` for a detail-tree node, with the literal written for the field's type (FT_* name
 * from the registry); a node without a value, or a protocol, is the existence test `field`.
 * Values the type cannot take bare (a number shown with its unit, say) are quoted, which the filter
 * compiler accepts for every type as Wireshark does.
 */
export function fieldFilter(field: string, value: string | undefined, type: string | undefined): string {
  if (value === undefined || value === '' || type === 'FT_PROTOCOL' || type === 'FT_NONE') return field;
  switch (type) {
    case 'FT_STRING': case 'FT_STRINGZ': case 'FT_ABSOLUTE_TIME':
      return `${field} == ${quoteString(value)}`;
    case 'FT_BYTES':
      return `${field} == ${HEX_BYTES.test(value) && value.length > 2 ? value : quoteString(value)}`;
    case 'FT_IPv4': case 'FT_IPv6': case 'FT_ETHER':
      return /^[0-9a-f:.]+(?:\/\d+)?$/i.test(value) ? `${field} == ${value}` : `${field} == ${quoteString(value)}`;
    case 'FT_BOOLEAN':
      return `${field} == ${value === 'True' || value === 'true' ? '1' : value === 'False' || value === 'false' ? '0' : value}`;
    default:
      return NUMBER.test(value) ? `${field} == ${value}` : `${field} == ${quoteString(value)}`;
  }
}

/** The packet list's conversation filter for a row: its TCP/UDP stream, else its address pair. */
export function conversationFilter(row: FrameRow): string | null {
  if (row.tcpStream !== undefined && row.tcpStream !== null) return `tcp.stream == ${row.tcpStream}`;
  if (row.udpStream !== undefined && row.udpStream !== null) return `udp.stream == ${row.udpStream}`;
  const addr = addressField(row.src);
  if (addr && addressField(row.dst) === addr) return `${addr} == ${row.src} && ${addr} == ${row.dst}`;
  return null;
}

/** Column-value filters a packet-list row offers (Source, Destination, Process). */
export function rowFilters(row: FrameRow): { label: string; expr: string }[] {
  const out: { label: string; expr: string }[] = [];
  const conv = conversationFilter(row);
  if (conv) out.push({ label: 'Conversation', expr: conv });
  const src = addressField(row.src);
  if (src) out.push({ label: 'Source', expr: `${src.replace('addr', 'src')} == ${row.src}` });
  const dst = addressField(row.dst);
  if (dst) out.push({ label: 'Destination', expr: `${dst.replace('addr', 'dst')} == ${row.dst}` });
  if (row.process) out.push({ label: 'Process', expr: `pid == ${row.process.pid}` });
  return out;
}

function addressField(text: string): 'ip.addr' | 'ipv6.addr' | null {
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(text)) return 'ip.addr';
  if (text.includes(':') && /^[0-9a-f:.]+$/i.test(text)) return 'ipv6.addr';
  return null;
}

/** Menu ids `<prefix>:apply:<mode>` / `<prefix>:prepare:<mode>` for an expression. */
export function filterMenuItems(prefix: string, expr: string, modes: readonly FilterMode[] = FILTER_MODES.map((m) => m.mode)):
{ id: string; label: string }[] {
  const items: { id: string; label: string }[] = [];
  for (const action of ['apply', 'prepare'] as const) {
    for (const m of FILTER_MODES.filter((x) => modes.includes(x.mode))) {
      const verb = action === 'apply' ? 'Apply as Filter' : 'Prepare as Filter';
      items.push({ id: `${prefix}:${action}:${m.mode}`, label: m.mode === 'selected' ? `${verb}: ${expr}` : `${verb}: ${m.label}` });
    }
  }
  return items;
}

export function parseFilterMenuId(id: string): { prefix: string; action: FilterAction; mode: FilterMode } | null {
  const m = /^(.*):(apply|prepare):([a-z-]+)$/.exec(id);
  if (!m || !FILTER_MODES.some((x) => x.mode === m[3])) return null;
  return { prefix: m[1], action: m[2] as FilterAction, mode: m[3] as FilterMode };
}
