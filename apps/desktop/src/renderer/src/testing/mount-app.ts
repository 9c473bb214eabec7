/** Mounts a component inside a workbench over the fake API, with a layout happy-dom can measure. */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { Component } from 'vue';
import { createWorkbench, WORKBENCH_KEY, type Workbench } from '../stores/workbench.js';
import { createFakeApi, type FakeApiOptions } from './fake-api.js';

/** happy-dom does no layout; give scroll containers a viewport so the virtualised lists render rows. */
export function fakeViewport(height = 400, width = 1000): void {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => width });
}

export function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() { return data.size; },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => { data.delete(k); },
    setItem: (k, v) => { data.set(k, String(v)); },
  };
}

export interface MountOptions extends FakeApiOptions {
  storage?: Storage;
  start?: boolean;
  attach?: boolean;
}

export async function mountWithWorkbench(component: Component, options: MountOptions = {}): Promise<{
  wrapper: VueWrapper;
  workbench: Workbench;
  fake: ReturnType<typeof createFakeApi>;
}> {
  const fake = createFakeApi(options);
  const workbench = createWorkbench(fake.api, {
    storage: options.storage ?? memoryStorage(),
    prefersDark: false,
    root: document.documentElement,
    refreshIntervalMs: 0,
  });
  const wrapper = mount(component, {
    global: { provide: { [WORKBENCH_KEY as symbol]: workbench } },
    attachTo: options.attach === false ? undefined : document.body,
  });
  if (options.start !== false) await workbench.start();
  await flushPromises();
  return { wrapper, workbench, fake };
}
