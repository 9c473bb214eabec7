/**
 * Delivers a menu command to the renderer as a DOM CustomEvent. The script is a constant template
 * around an allow-listed command name, so no data reaches it from outside.
 */
import type { WebContents } from 'electron';
import { isRendererCommand, RENDERER_COMMAND_EVENT, type RendererCommand } from '../shared/renderer-commands.js';

export function rendererCommandScript(command: RendererCommand): string {
  if (!isRendererCommand(command)) throw new Error(`unknown renderer command ${String(command)}`);
  return `window.dispatchEvent(new CustomEvent(${JSON.stringify(RENDERER_COMMAND_EVENT)}, { detail: ${JSON.stringify(command)} }))`;
}

export function sendRendererCommand(contents: Pick<WebContents, 'executeJavaScript' | 'isDestroyed'> | null | undefined, command: RendererCommand): void {
  if (!contents || contents.isDestroyed()) return;
  void contents.executeJavaScript(rendererCommandScript(command)).catch(() => {
    // The page may be reloading; a lost menu click is harmless.
  });
}
