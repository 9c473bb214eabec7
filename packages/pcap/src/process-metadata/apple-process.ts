/**
 * Apple pcapng (PROCESS-METADATA.md §3.1–§3.2): EPB option 0x8001 is the 0-based index of the
 * sending process's PIB in the section, 0x8003 that of the effective process (the app a daemon
 * acted for). PID 0 is macOS's kernel_task, a real process, so it is attributed when named.
 */
import type { FrameRecord } from '../types.js';
import type { ProcessContext } from './process-context.js';
import { directionFromEpbFlags, formatUuid, type ProcessAttribution } from './types.js';

export function appleAttribution(frame: FrameRecord, context: ProcessContext): ProcessAttribution | null {
  if (frame.appleProcessIndex === undefined) return null;
  const section = context.sectionOf(frame);
  const pib = context.applePib(section, frame.appleProcessIndex);
  if (pib === undefined || (pib.pid === 0 && pib.name === undefined)) return null;
  const a: ProcessAttribution = { pid: pib.pid, source: 'apple-pib' };
  if (pib.name !== undefined) a.comm = pib.name;
  if (pib.uuid !== undefined) a.uuid = formatUuid(pib.uuid);
  const ei = frame.appleEffectiveProcessIndex;
  const eff = ei !== undefined && ei !== frame.appleProcessIndex ? context.applePib(section, ei) : undefined;
  if (eff !== undefined) {
    a.effective = { pid: eff.pid };
    if (eff.name !== undefined) a.effective.comm = eff.name;
    if (eff.uuid !== undefined) a.effective.uuid = formatUuid(eff.uuid);
  }
  const direction = directionFromEpbFlags(frame.flags);
  if (direction !== undefined) a.direction = direction;
  return a;
}
