/** Which modal dialog is open (one at a time). */
import { shallowRef } from 'vue';

export type OpenDialog =
  | { kind: 'open-path'; message?: string }
  | { kind: 'go-to-frame' }
  | { kind: 'shortcuts' }
  /** File → Export Specified Packets. */
  | { kind: 'export' };

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
