/** Packet-list columns (Wireshark's defaults), shared by the header and the rows. */
import type { FrameRow, ProcessRef } from '@wirewho/contract';
import { revealInvisible } from './reveal-invisible.js';

export interface PacketColumn {
  id: 'number' | 'time' | 'source' | 'destination' | 'protocol' | 'length' | 'process' | 'info';
  title: string;
  /** Narrowest width (em) and share of spare width (fr) of the column's CSS grid track. */
  minEm: number;
  fr: number;
  align: 'start' | 'end';
  text(row: FrameRow): string;
  /** Hover text (absent: the cell's text when it may be cut short). */
  tooltip?(row: FrameRow): string | undefined;
}

/** Process column text: "cmd (pid)", as UI.md asks. */
export function processCellText(p: ProcessRef | null | undefined): string {
  return p ? `${revealInvisible(p.name ?? '?')} (${p.pid})` : '';
}

/** Hover text of a process cell: full arguments, parent, user, attribution source. */
export function processTooltip(p: ProcessRef | null | undefined): string | undefined {
  if (!p) return undefined;
  return revealInvisible([
    processCellText(p),
    p.args ? `Arguments: ${p.args}` : '',
    p.ppid !== null ? `Parent PID: ${p.ppid}` : '',
    p.user ? `User: ${p.user}` : p.uid !== null ? `UID: ${p.uid}` : '',
    `Source: ${p.source}${p.derived ? ' (from its stream: this frame carried no process metadata)' : ''}`,
    p.role ? `This frame was ${p.role} by the process` : '',
  ].filter(Boolean).join('\n'));
}

export const PACKET_COLUMNS: readonly PacketColumn[] = [
  { id: 'number', title: 'No.', minEm: 6.5, fr: 0.7, align: 'end', text: (r) => String(r.number) },
  { id: 'time', title: 'Time', minEm: 8.5, fr: 0.9, align: 'end', text: (r) => r.relTime },
  { id: 'source', title: 'Source', minEm: 9, fr: 1.5, align: 'start', text: (r) => r.src },
  { id: 'destination', title: 'Destination', minEm: 9, fr: 1.5, align: 'start', text: (r) => r.dst },
  { id: 'protocol', title: 'Protocol', minEm: 7, fr: 0.7, align: 'start', text: (r) => r.protocol },
  { id: 'length', title: 'Length', minEm: 5.5, fr: 0.5, align: 'end', text: (r) => String(r.length) },
  { id: 'process', title: 'Process', minEm: 9, fr: 1.1, align: 'start', text: (r) => processCellText(r.process), tooltip: (r) => processTooltip(r.process) },
  { id: 'info', title: 'Info', minEm: 20, fr: 5, align: 'start', text: (r) => revealInvisible(r.info) },
];

export const PACKET_GRID_TEMPLATE = PACKET_COLUMNS.map((c) => `minmax(${c.minEm}em, ${c.fr}fr)`).join(' ');
/** Below this width the list scrolls sideways instead of squeezing columns. */
export const PACKET_MIN_WIDTH = `${PACKET_COLUMNS.reduce((sum, c) => sum + c.minEm, 0)}em`;

/** Rows are a fixed height so positions are arithmetic (no measuring a million rows). */
export const PACKET_ROW_HEIGHT = 20;
