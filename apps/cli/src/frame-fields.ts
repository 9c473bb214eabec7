/**
 * Wireshark field names the `frames` command can print, and how each is read from an index row.
 * A field absent from a frame (e.g. tcp.srcport of a UDP frame) is left out of JSON output and printed
 * empty in text output, like `tshark -T fields`.
 */
import { numberToMac, type FrameRowDb, type ProcessRowDb } from '@wirewho/index';
import { epochText } from '@wirewho/engine';

type Value = string | number | undefined;
/** A row plus its derived Info text (computed only when a field needs it) and its process row. */
export interface FrameView { row: FrameRowDb; info: string; process?: ProcessRowDb }
type Extractor = (r: FrameRowDb, v: FrameView) => Value;

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
const whenPort = (proto: number) => (port: 'srcPort' | 'dstPort'): Extractor => (r) =>
  r.ipProto === proto && r[port] !== null ? r[port] : undefined;
const tcpPort = whenPort(IPPROTO_TCP);
const udpPort = whenPort(IPPROTO_UDP);
const ifVersion = (v: number, key: 'ipSrc' | 'ipDst'): Extractor => (r) => (r.ipVersion === v ? r[key] ?? undefined : undefined);

export const FRAME_FIELDS: Record<string, Extractor> = {
  'frame.number': (r) => r.number,
  'frame.time_epoch': (r) => (r.tsSec === null ? undefined : epochText(r)),
  'frame.len': (r) => r.origLen,
  'frame.cap_len': (r) => r.capLen,
  'frame.interface_id': (r) => r.ifaceId,
  'frame.comment': (r) => (r.comments ? (JSON.parse(r.comments) as string[]).join('\n') : undefined),
  'eth.src': (r) => (r.ethSrc === null ? undefined : numberToMac(r.ethSrc)),
  'eth.dst': (r) => (r.ethDst === null ? undefined : numberToMac(r.ethDst)),
  'ip.src': ifVersion(4, 'ipSrc'),
  'ip.dst': ifVersion(4, 'ipDst'),
  'ip.proto': (r) => (r.ipVersion === 4 && r.ipProto !== null ? r.ipProto : undefined),
  'ipv6.src': ifVersion(6, 'ipSrc'),
  'ipv6.dst': ifVersion(6, 'ipDst'),
  'ipv6.nxt': (r) => (r.ipVersion === 6 && r.ipProto !== null ? r.ipProto : undefined),
  'tcp.srcport': tcpPort('srcPort'),
  'tcp.dstport': tcpPort('dstPort'),
  'tcp.flags': (r) => (r.ipProto === IPPROTO_TCP && r.tcpFlags !== null ? `0x${r.tcpFlags.toString(16).padStart(3, '0')}` : undefined),
  'udp.srcport': udpPort('srcPort'),
  'udp.dstport': udpPort('dstPort'),
  '_ws.col.protocol': (r) => r.protocol,
  '_ws.col.info': (_r, v) => v.info,
  // The frame's process (Wirewho's fields; the filter language's names).
  'proc.pid': (_r, v) => v.process?.pid,
  'proc.ppid': (_r, v) => v.process?.ppid ?? undefined,
  'proc.uid': (_r, v) => v.process?.uid ?? undefined,
  'proc.user': (_r, v) => v.process?.user ?? undefined,
  'proc.cmd': (_r, v) => v.process?.name ?? undefined,
  'proc.exe': (_r, v) => v.process?.exe ?? undefined,
  'proc.args': (_r, v) => v.process?.args ?? undefined,
  'proc.source': (_r, v) => v.process?.source,
};

/** Whether printing these fields needs the frames' process rows. */
export function needsProcess(fields: readonly string[]): boolean {
  return fields.some((f) => f.startsWith('proc.'));
}

export const DEFAULT_JSON_FIELDS = [
  'frame.number', 'frame.time_epoch', 'frame.len', 'frame.cap_len', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst',
  'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', '_ws.col.protocol', '_ws.col.info',
];

export function parseFieldList(spec: string | undefined): string[] | undefined {
  if (spec === undefined) return undefined;
  const fields = spec.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = fields.filter((f) => !(f in FRAME_FIELDS));
  if (unknown.length) {
    throw new Error(`unknown field ${unknown.map((u) => `"${u}"`).join(', ')}; known fields: ${Object.keys(FRAME_FIELDS).join(', ')}`);
  }
  if (!fields.length) throw new Error('--fields needs at least one field name');
  return fields;
}

/** Whether printing these fields needs the derived Info column (which reads the frame bytes). */
export function needsInfo(fields: readonly string[]): boolean {
  return fields.includes('_ws.col.info');
}

export function frameToJson(view: FrameView, fields: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const f of fields) {
    const v = FRAME_FIELDS[f](view.row, view);
    if (v !== undefined) out[f] = v;
  }
  return out;
}

export function frameToFieldLine(view: FrameView, fields: readonly string[]): string {
  return fields.map((f) => {
    const v = FRAME_FIELDS[f](view.row, view);
    return v === undefined ? '' : String(v).replace(/[\t\n]/g, ' ');
  }).join('\t');
}
