/** IPC channels the desktop app adds beside the contract's request channels (main <-> preload). */

/** Native "open capture" dialog; takes no arguments, answers an Envelope<string | null>. */
export const OPEN_CAPTURE_DIALOG_CHANNEL = 'wirewho:dialog:openCapture';
