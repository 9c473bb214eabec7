/** What component tests do to the app's window: let queued work run, press keys, drop files. */
import { flushPromises } from '@vue/test-utils';

/** Lets promises and zero-delay timers queued by the app run, `rounds` times over. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

export function press(key: string, init: KeyboardEventInit = {}): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
}

/** Drags `files` from the desktop onto the window and drops them. */
export function dropFiles(files: File[]): void {
  const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
  for (const type of ['dragenter', 'dragover', 'drop']) {
    const event = new Event(type, { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
    window.dispatchEvent(event);
  }
}
