/** Which modal dialog is open (one at a time). */
import { shallowRef } from 'vue';
import type { CaseProblemDto } from '@wirewho/contract';

export type OpenDialog =
  | { kind: 'open-path'; message?: string }
  | { kind: 'go-to-frame' }
  | { kind: 'shortcuts' }
  /** File → Export Specified Packets. */
  | { kind: 'export' }
  /** Capture → Options (Ctrl+K): interfaces, capture filter, ring; start and stop. */
  | { kind: 'capture' }
  /** Capture → From Command…: a command whose stdout is a pcap/pcapng stream. */
  | { kind: 'capture-command' }
  /** A case file failed verification: what changed, member by member (it was not opened). */
  | { kind: 'case-verification'; path: string; problems: CaseProblemDto[] };

export function createDialogStore() {
  const current = shallowRef<OpenDialog | null>(null);
  return {
    current,
    show(dialog: OpenDialog): void {
      current.value = dialog;
    },
    close(): void {
      current.value = null;
    },
  };
}

export type DialogStore = ReturnType<typeof createDialogStore>;
