/**
 * Live capture as the UI sees it: the engine's capture status (pushed as `captureStatus` events, read
 * once at start so a capture running before the window opened shows), and the start/stop actions the
 * Capture dialogs and the toolbar share. A capture that ends with a problem is also told in the banner.
 */
import { computed, shallowRef } from 'vue';
import type { CaptureStatusDto, StartCaptureArgs, WirewhoApi } from '@wirewho/contract';
import { errorText, type NoticeStore } from './notice-store.js';

type CaptureApi = Pick<WirewhoApi, 'captureStatus' | 'startCapture' | 'stopCapture' | 'startCommandCapture' | 'on'>;

export function createCaptureStore(api: CaptureApi, notices: NoticeStore) {
  const status = shallowRef<CaptureStatusDto | null>(null);
  /** A start or stop request is on its way. */
  const pending = shallowRef<'start' | 'stop' | null>(null);
  const active = computed(() => status.value?.state === 'running' || status.value?.state === 'stopping');
  /** The options of the last capture that started: Ctrl+E starts with them again (as Wireshark). */
  const lastStarted = shallowRef<StartCaptureArgs | null>(null);

  function update(s: CaptureStatusDto): void {
    const before = status.value;
    status.value = s;
    const endedNow = before !== null && (before.state === 'running' || before.state === 'stopping') && s.state === 'failed';
    if (endedNow) notices.error(s.kind === 'command' ? 'Capture from command ended' : 'Capture ended', [s.message, s.hint].filter(Boolean).join(' — '));
  }

  async function run(kind: 'start' | 'stop', call: () => Promise<CaptureStatusDto>): Promise<CaptureStatusDto | null> {
    pending.value = kind;
    try {
      const s = await call();
      status.value = s;
      return s;
    } finally {
      pending.value = null;
    }
  }

  const unsubscribe = api.on('captureStatus', update);

  /** The toolbar's Stop: the capture's end (and any failure) is reported through its status. */
  async function stopFromToolbar(): Promise<void> {
    try {
      await run('stop', () => api.stopCapture({}));
    } catch (err) {
      notices.error('Cannot stop the capture', errorText(err));
    }
  }

  async function start(args: StartCaptureArgs): Promise<CaptureStatusDto | null> {
    const s = await run('start', () => api.startCapture(args));
    if (s?.state === 'running') lastStarted.value = args;
    return s;
  }

  /** Ctrl+E: stops a running capture; else starts again with the last options. False: none yet (ask). */
  async function toggle(): Promise<boolean> {
    if (active.value) {
      await stopFromToolbar();
      return true;
    }
    const args = lastStarted.value;
    if (args === null) return false;
    try {
      const s = await start(args);
      if (s?.state === 'failed') notices.error('Cannot start the capture', [s.message, s.hint].filter(Boolean).join(' — '));
    } catch (err) {
      notices.error('Cannot start the capture', errorText(err));
    }
    return true;
  }

  return {
    status,
    pending,
    active,
    lastStarted,
    toggle,
    async refresh(): Promise<void> {
      try {
        status.value = await api.captureStatus({});
      } catch {
        // A service without capture (a read-only host) simply shows none.
      }
    },
    start,
    startCommand: (command: string) => run('start', () => api.startCommandCapture({ command })),
    stop: () => run('stop', () => api.stopCapture({})),
    stopFromToolbar,
    dispose: unsubscribe,
  };
}

export type CaptureStore = ReturnType<typeof createCaptureStore>;
