/**
 * Per-interface packet counters for the Capture dialog's sparklines: the kernel's own totals, read
 * without opening a capture handle (Linux: /proc/net/dev). The dialog polls and takes differences.
 * Other systems offer no cheap unprivileged counter: `source` is null there and the sparklines stay flat.
 */
import { readFileSync } from 'node:fs';

/** Packets each interface has received and sent since boot, as the kernel counts them. */
export interface InterfaceCounters {
  /** When the counters were read (ms since the epoch). */
  at: number;
  /** Where they come from ('/proc/net/dev'), or null when this OS offers no cheap counter. */
  source: string | null;
  counters: { name: string; rxPackets: number; txPackets: number }[];
}

export const PROC_NET_DEV = '/proc/net/dev';

/** Parses /proc/net/dev: `name: rx_bytes rx_packets … (8 receive fields) tx_bytes tx_packets …`. */
export function parseProcNetDev(text: string): InterfaceCounters['counters'] {
  const out: InterfaceCounters['counters'] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    // The two header lines have '|' and no "name:" prefix.
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === '' || fields.length < 10 || fields.some((n) => !Number.isFinite(n))) continue;
    out.push({ name, rxPackets: fields[1], txPackets: fields[9] });
  }
  return out;
}

export function readInterfaceCounters(platform: NodeJS.Platform = process.platform, file = PROC_NET_DEV): InterfaceCounters {
  const at = Date.now();
  if (platform !== 'linux') return { at, source: null, counters: [] };
  try {
    return { at, source: file, counters: parseProcNetDev(readFileSync(file, 'utf8')) };
  } catch {
    return { at, source: null, counters: [] };
  }
}
