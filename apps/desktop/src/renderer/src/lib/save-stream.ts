/**
 * Saving one direction of a followed stream: under Electron the main process shows a save dialog and
 * writes the bytes itself; in a browser the bytes are fetched window by window and offered as a
 * download.
 */
import { MAX_FOLLOW_WINDOW, type WirewhoApi } from '@wirewho/contract';
import type { FollowTarget } from '../stores/tabs-store.js';
import { decodeBase64 } from './base64.js';

export function streamFileName(t: FollowTarget, direction: 'client' | 'server'): string {
  return `${t.proto}-stream-${t.stream}-${direction}.bin`;
}

/** Returns where the bytes went (a path, or the download's file name), or null when cancelled. */
export async function saveStreamDirection(
  api: Pick<WirewhoApi, 'followStream' | 'saveStreamBytes'>, t: FollowTarget, direction: 'client' | 'server',
  download: (name: string, parts: Uint8Array[]) => void = browserDownload,
): Promise<string | null> {
  const args = { ...(t.evidenceId !== undefined ? { evidenceId: t.evidenceId } : {}), proto: t.proto, stream: t.stream, direction };
  if (api.saveStreamBytes) return api.saveStreamBytes(args);
  const parts: Uint8Array[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page = await api.followStream({ ...args, offset, limit: MAX_FOLLOW_WINDOW });
    for (const item of page.items) if (item.kind === 'data') parts.push(decodeBase64(item.dataBase64));
    offset = page.nextOffset;
  }
  const name = streamFileName(t, direction);
  download(name, parts);
  return name;
}

function browserDownload(name: string, parts: Uint8Array[]): void {
  const blob = new Blob(parts as BlobPart[], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
