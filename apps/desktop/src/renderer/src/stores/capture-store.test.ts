/** Ctrl+E as in Wireshark: stop a running capture, else start again with the last options used. */
import { describe, expect, it } from 'vitest';
import type { EventName, EventPayloads } from '@wirewho/contract';
import { fakeCaptureMethods } from '../testing/fake-capture.js';
import { createCaptureStore } from './capture-store.js';
import { createNoticeStore } from './notice-store.js';

function setup() {
  const calls: { method: string; args: unknown }[] = [];
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => { for (const l of listeners.get(event) ?? []) l(payload); };
  const methods = fakeCaptureMethods(calls, emit);
  const api = {
    ...methods,
    on: <E extends EventName>(event: E, listener: (p: EventPayloads[E]) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => undefined;
    },
  };
  const notices = createNoticeStore();
  return { calls, store: createCaptureStore(api, notices), notices };
}

describe('capture store: Ctrl+E', () => {
  it('asks for options when nothing was captured yet', async () => {
    const { store, calls } = setup();
    expect(await store.toggle()).toBe(false);
    expect(calls.filter((c) => c.method === 'startCapture')).toEqual([]);
  });

  it('stops a running capture, then starts again with the same options', async () => {
    const { store, calls } = setup();
    const options = { interfaces: ['lo'], filter: 'udp port 53', snaplen: 262144, promiscuous: true };
    await store.start(options);
    expect(store.active.value).toBe(true);
    expect(await store.toggle()).toBe(true);
    expect(store.active.value).toBe(false);
    expect(await store.toggle()).toBe(true);
    expect(store.active.value).toBe(true);
    expect(calls.filter((c) => c.method === 'startCapture').map((c) => c.args)).toEqual([options, options]);
    expect(calls.filter((c) => c.method === 'stopCapture')).toHaveLength(1);
  });
});
