/**
 * The Info column, derived from the frame bytes when rows are shown (the index does not store it).
 * Records whose Info cannot be derived from bytes (pcapng custom blocks) carry it in the index.
 */
import type { FrameRowDb } from '@wirewho/index';
import { summarizeFrame } from '@wirewho/protocols';
import type { EvidenceAccess } from './evidence-access.js';

export function frameInfos(access: EvidenceAccess, rows: readonly FrameRowDb[]): string[] {
  const need = rows.filter((r) => r.info === null);
  const bytes = need.length ? access.framesBytes(need) : [];
  const derived = new Map<number, string>();
  need.forEach((r, k) => {
    derived.set(r.number, summarizeFrame(access.linkType(r), bytes[k], r.origLen).info);
  });
  return rows.map((r) => r.info ?? derived.get(r.number) ?? '');
}
