/** IPC channels the desktop app adds beside the contract's request channels (main <-> preload). */

/** Native "open capture" dialog; takes no arguments, answers an Envelope<string | null>. */
export const OPEN_CAPTURE_DIALOG_CHANNEL = 'wirewho:dialog:openCapture';
/**
 * Native "save" dialog for one direction of a followed stream; one argument ({ evidenceId?, proto,
 * stream, direction }, checked against the contract's saveStreamArgsSchema); the main process writes
 * the bytes. Answers an Envelope<string | null> (the path written, or null when cancelled).
 */
export const SAVE_STREAM_DIALOG_CHANNEL = 'wirewho:dialog:saveStream';
/**
 * Export Specified Packets through the native save dialog; one argument ({ selection, format },
 * checked against the contract's exportToArgsSchema). The path comes from the dialog the main process
 * shows, never from the renderer. Answers an Envelope<ExportResultDto | null> (null when cancelled).
 */
export const EXPORT_PACKETS_DIALOG_CHANNEL = 'wirewho:dialog:exportPackets';
