/**
 * Browser/Node client of the loopback WebSocket transport: the same WirewhoApi shape as the preload.
 * Uses the global WebSocket (browsers, Node >= 22) or an injected constructor (Node 20 tests: `ws`).
 */
import { isEventName, requestNames, type EventName, type EventPayloads, type WirewhoApi } from './api.js';
import { ApiError } from './errors.js';
import { WS_PATH, type WsEvent, type WsReply } from './ws-protocol.js';

interface SocketLike {
  send(data: string): void;
  close(): void;
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
type SocketCtor = new (url: string) => SocketLike;

export interface WsClientOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:5173 */
  baseUrl: string;
  token: string;
  WebSocketImpl?: SocketCtor;
}

export async function connectWsApi(options: WsClientOptions): Promise<WirewhoApi & { close(): void }> {
  const Ctor = options.WebSocketImpl ?? (globalThis as unknown as { WebSocket: SocketCtor }).WebSocket;
  const url = new URL(WS_PATH, options.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', options.token);
  const socket = new Ctor(url.toString());
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;

  await new Promise<void>((resolve, reject) => {
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new ApiError('forbidden', `cannot connect to ${options.baseUrl}`));
  });
  socket.onmessage = (ev) => {
    const msg = JSON.parse(String(ev.data)) as WsReply | WsEvent;
    if ('event' in msg) {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.result);
    else waiter.reject(new ApiError(msg.error.code, msg.error.message));
  };
  let closed = false;
  socket.onclose = () => {
    closed = true;
    for (const w of pending.values()) w.reject(new ApiError('internal', 'connection to the Wirewho engine closed'));
    pending.clear();
  };

  const api: Record<string, unknown> = { transport: 'websocket' };
  for (const name of requestNames) {
    api[name] = (args: unknown) => new Promise((resolve, reject) => {
      // A call after the socket closed would otherwise wait forever.
      if (closed) { reject(new ApiError('internal', 'connection to the Wirewho engine closed')); return; }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method: name, args }));
    });
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
    if (!isEventName(event)) throw new ApiError('invalid-argument', `unknown event ${String(event)}`);
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => { set.delete(l); };
  };
  api.close = () => socket.close();
  return api as unknown as WirewhoApi & { close(): void };
}
