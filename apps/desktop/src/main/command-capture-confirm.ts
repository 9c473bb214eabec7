/**
 * "Capture from command…" runs a shell command. The renderer is sandboxed and untrusted by design, so
 * under Electron the main process asks the user in a native dialog (which page script cannot click)
 * before the engine runs anything: a compromised page cannot run commands by calling the API alone.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { ApiError, type WirewhoService } from '@wirewho/contract';

export function confirmCommandDialog(dialog: Pick<Dialog, 'showMessageBox'>, window: BrowserWindow | null, command: string): Promise<boolean> {
  const options: MessageBoxOptions = {
    type: 'question',
    title: 'Capture from command',
    message: 'Run this command and capture its output?',
    detail: `${command}\n\nIt runs through /bin/sh as your user; its standard output is indexed as a pcap/pcapng stream.`,
    buttons: ['Cancel', 'Run'],
    defaultId: 1,
    cancelId: 0,
    noLink: true,
  };
  const shown = window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options);
  return shown.then((r) => r.response === 1);
}

/** The service with startCommandCapture behind the user's confirmation. */
export function withCommandConfirmation(service: WirewhoService, confirm: (command: string) => Promise<boolean>): WirewhoService {
  return {
    ...service,
    startCommandCapture: async (args) => {
      if (!(await confirm(args.command))) throw new ApiError('forbidden', 'the command was not run: it was not confirmed');
      return service.startCommandCapture(args);
    },
  };
}
