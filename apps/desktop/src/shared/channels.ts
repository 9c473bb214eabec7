/** IPC channels the desktop app adds beside the contract's request channels (main <-> preload). */

/** Native "open capture" dialog; takes no arguments, answers an Envelope<string | null>. */
export const OPEN_CAPTURE_DIALOG_CHANNEL = 'wirewho:dialog:openCapture';
/**
 * Native "save" dialog for one direction of a followed stream; one argument ({ evidenceId?, proto,
 * stream, direction }, checked against the contract's saveStreamArgsSchema); the main process writes
 * the bytes. Answers an Envelope<string | null> (the path written, or null when cancelled).
 */
export const SAVE_STREAM_DIALOG_CHANNEL = 'wirewho:dialog:saveStream';
