/** Runs the application menu's commands (delivered by the main process as DOM events). */
import { onBeforeUnmount, onMounted } from 'vue';
import { isRendererCommand, RENDERER_COMMAND_EVENT, type RendererCommand } from '../../../shared/renderer-commands.js';

export function useRendererCommands(run: (command: RendererCommand) => void, target: Window = window): void {
  const listener = (event: Event): void => {
    const command = (event as CustomEvent<unknown>).detail;
    if (isRendererCommand(command)) run(command);
  };
  onMounted(() => target.addEventListener(RENDERER_COMMAND_EVENT, listener));
  onBeforeUnmount(() => target.removeEventListener(RENDERER_COMMAND_EVENT, listener));
}
