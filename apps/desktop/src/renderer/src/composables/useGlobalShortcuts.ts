/**
 * Window-wide shortcuts: Ctrl+O open, Ctrl+G go to frame, Ctrl+F or Ctrl+/ focus the filter bar,
 * Ctrl+N / Ctrl+B next / previous match, Ctrl+K capture options, Ctrl+E start/stop capture, Ctrl+Shift+T follow stream (Wireshark's
 * Ctrl+Alt+Shift+T / +U for TCP / UDP too), F1 help, F6 next pane. Pane-local keys (arrows,
 * Home/End, Enter) belong to the focused pane.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export interface GlobalShortcutActions {
  open(): void;
  goToFrame(): void;
  help(): void;
  nextPane(backwards: boolean): void;
  /** Follow the selected frame's stream (Ctrl+Shift+T), or only its TCP / UDP stream. */
  followStream?(proto?: 'tcp' | 'udp'): void;
  /** Ctrl+F or Ctrl+/: focus the display filter bar (UI.md). */
  focusFilter?(): void;
  /** Ctrl+N / Ctrl+B: next / previous frame the filter bar's text selects (Wireshark's Find Next / Previous). */
  findMatch?(direction: 'next' | 'previous'): void;
  /** Ctrl+K: the Capture dialog (Wireshark's Capture Options). */
  captureOptions?(): void;
  /** Ctrl+E: stop the running capture, or start one (the Capture dialog). */
  captureStartStop?(): void;
  /** True while a modal dialog is open (it owns the keyboard then). */
  dialogOpen(): boolean;
}

export type Shortcut = 'open' | 'go-to-frame' | 'help' | 'next-pane' | 'follow-stream' | 'follow-tcp' | 'follow-udp'
  | 'focus-filter' | 'find-next' | 'find-previous' | 'capture-options' | 'capture-start-stop';

export function shortcutFor(event: KeyboardEvent): Shortcut | null {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  // With Alt held some layouts change event.key; the physical key (code) decides then.
  if (mod && event.altKey && event.shiftKey && (event.code === 'KeyT' || key === 't')) return 'follow-tcp';
  if (mod && event.altKey && event.shiftKey && (event.code === 'KeyU' || key === 'u')) return 'follow-udp';
  if (mod && !event.altKey && event.shiftKey && key === 't') return 'follow-stream';
  if (mod && !event.altKey && !event.shiftKey && key === 'o') return 'open';
  if (mod && !event.altKey && !event.shiftKey && key === 'g') return 'go-to-frame';
  if (mod && !event.altKey && !event.shiftKey && (key === 'f' || key === '/')) return 'focus-filter';
  if (mod && !event.altKey && !event.shiftKey && key === 'n') return 'find-next';
  if (mod && !event.altKey && !event.shiftKey && key === 'b') return 'find-previous';
  if (mod && !event.altKey && !event.shiftKey && key === 'k') return 'capture-options';
  if (mod && !event.altKey && !event.shiftKey && key === 'e') return 'capture-start-stop';
  if (!mod && !event.altKey && event.key === 'F1') return 'help';
  if (!mod && !event.altKey && event.key === 'F6') return 'next-pane';
  return null;
}

export function useGlobalShortcuts(actions: GlobalShortcutActions, target: Window = window): void {
  const onKeydown = (event: KeyboardEvent): void => {
    const shortcut = shortcutFor(event);
    if (!shortcut || actions.dialogOpen()) return;
    event.preventDefault();
    if (shortcut === 'open') actions.open();
    else if (shortcut === 'go-to-frame') actions.goToFrame();
    else if (shortcut === 'help') actions.help();
    else if (shortcut === 'follow-stream') actions.followStream?.();
    else if (shortcut === 'follow-tcp') actions.followStream?.('tcp');
    else if (shortcut === 'follow-udp') actions.followStream?.('udp');
    else if (shortcut === 'focus-filter') actions.focusFilter?.();
    else if (shortcut === 'find-next') actions.findMatch?.('next');
    else if (shortcut === 'find-previous') actions.findMatch?.('previous');
    else if (shortcut === 'capture-options') actions.captureOptions?.();
    else if (shortcut === 'capture-start-stop') actions.captureStartStop?.();
    else actions.nextPane(event.shiftKey);
  };
  onMounted(() => target.addEventListener('keydown', onKeydown));
  onBeforeUnmount(() => target.removeEventListener('keydown', onKeydown));
}
