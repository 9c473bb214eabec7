/**
 * Electron IPC transport, written against structural types so this package never imports electron.
 * Main: one ipcMain.handle per request name; every call checks the sender first, then the arguments.
 * Preload: an object with exactly one method per request name (no generic invoke).
 */
import { eventNames, isEventName, requestNames, type EventName, type EventPayloads, type EventSource, type RequestName, type WirewhoApi, type WirewhoService } from './api.js';
import type { Envelope } from './envelope.js';
import { ApiError, toErrorBody } from './errors.js';
import { validateRequest } from './validate.js';

export const requestChannel = (name: RequestName): string => `wirewho:req:${name}`;
export const EVENT_CHANNEL = 'wirewho:event';

export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null | undefined;
  sender: { id: number };
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Registers every request of the contract; returns a function that removes them again. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  service: WirewhoService,
  isTrustedSender: (event: IpcInvokeEventLike) => boolean,
): () => void {
  for (const name of requestNames) {
    ipcMain.handle(requestChannel(name), async (event, ...rest): Promise<Envelope<unknown>> => {
      try {
        if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC call from an untrusted frame refused');
        if (rest.length > 1) throw new ApiError('invalid-argument', `${name}: expected one argument object`);
        const { args } = validateRequest(name, rest[0]);
        const call = service[name] as (a: unknown) => Promise<unknown>;
        return { ok: true, result: await call.call(service, args) };
      } catch (err) {
        return { ok: false, error: toErrorBody(err) };
      }
    });
  }
  return () => { for (const name of requestNames) ipcMain.removeHandler(requestChannel(name)); };
}

/** Forwards engine events to a window (main process side). */
export function forwardEvents(source: EventSource, send: (channel: string, name: EventName, payload: unknown) => void): () => void {
  return source.subscribe((name, payload) => send(EVENT_CHANNEL, name, payload));
}

export function unwrap<T>(envelope: unknown): T {
  const env = envelope as Envelope<T>;
  if (env && env.ok === true) return env.result;
  const error = env && env.ok === false ? env.error : { code: 'internal' as const, message: 'malformed reply' };
  throw new ApiError(error.code, error.message);
}

/** Builds the preload's API object: exactly one function per request, plus an allow-listed `on`. */
export function createIpcApi(
  ipcRenderer: IpcRendererLike,
  extras: Pick<WirewhoApi, 'pickCaptureFile' | 'pathForFile' | 'saveStreamBytes' | 'exportPacketsTo'> = {},
): WirewhoApi {
  const api: Record<string, unknown> = { transport: 'electron', ...extras };
  for (const name of requestNames) {
    api[name] = async (args: unknown) => unwrap(await ipcRenderer.invoke(requestChannel(name), args));
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
    if (!isEventName(event)) throw new ApiError('invalid-argument', `unknown event ${String(event)}`);
    const wrapped = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as EventPayloads[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => { ipcRenderer.removeListener(EVENT_CHANNEL, wrapped); };
  };
  return api as unknown as WirewhoApi;
}

export { eventNames };
