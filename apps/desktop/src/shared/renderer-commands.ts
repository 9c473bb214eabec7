/**
 * Commands the application menu sends to the renderer. The main process dispatches them as a DOM
 * CustomEvent (see main/renderer-commands.ts) so the preload stays limited to the contract's API,
 * and the renderer runs the same code path as its own buttons and shortcuts.
 */
export const RENDERER_COMMAND_EVENT = 'wirewho:command';

export const rendererCommands = ['open-capture', 'toggle-theme', 'toggle-sidebar', 'go-to-frame', 'show-shortcuts', 'export-packets', 'show-casework',
  'capture-options', 'capture-command', 'capture-stop'] as const;
export type RendererCommand = (typeof rendererCommands)[number];

export function isRendererCommand(value: unknown): value is RendererCommand {
  return typeof value === 'string' && (rendererCommands as readonly string[]).includes(value);
}
