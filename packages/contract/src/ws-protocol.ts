/** Wire messages of the loopback WebSocket transport (JSON text frames). */
import type { ApiErrorBody } from './dto.js';
import type { EventName } from './api.js';

export interface WsRequest { id: number; method: string; args: unknown }
export type WsReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ApiErrorBody };
export interface WsEvent { event: EventName; payload: unknown }

export const WS_PATH = '/api';
/** Largest request a client may send; anything bigger is refused before parsing. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;
