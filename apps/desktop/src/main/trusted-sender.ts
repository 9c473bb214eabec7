/**
 * Decides whether an IPC call comes from our renderer: the main window's own WebContents, and a frame
 * showing our renderer page (not some other page a compromised renderer navigated a frame to).
 */
import type { IpcInvokeEventLike } from '@wirewho/contract';

export function createTrustedSenderCheck(
  mainWebContentsId: () => number | null,
  isOwnRendererUrl: (url: string) => boolean,
): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const expectedId = mainWebContentsId();
    if (expectedId === null || event.sender.id !== expectedId) return false;
    const url = event.senderFrame?.url;
    return typeof url === 'string' && isOwnRendererUrl(url);
  };
}
