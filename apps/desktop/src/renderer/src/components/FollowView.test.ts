// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import App from '../App.vue';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';

beforeAll(() => fakeViewport(500));

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

let unmount: (() => void) | null = null;
afterEach(() => { unmount?.(); unmount = null; });

async function openFollow() {
  const mounted = await mountWithWorkbench(App, { frames: 40 });
  unmount = () => mounted.wrapper.unmount();
  await settle();
  mounted.workbench.tabs.openFollow({ evidenceId: 1, proto: 'tcp', stream: 1 });
  await settle();
  return mounted;
}

describe('Follow Stream view', () => {
  it('shows both sides in arrival order, client and server styled apart, the gap with its reason', async () => {
    const { wrapper } = await openFollow();
    const view = wrapper.get('section[aria-label="Follow TCP stream 1"]');
    const chunks = view.findAll('.follow-chunk');
    expect(chunks.map((c) => [c.attributes('data-from'), c.attributes('data-kind')])).toEqual([
      ['client', 'data'], ['server', 'data'], ['server', 'gap'], ['server', 'data'],
    ]);
    expect(chunks[0].classes()).toContain('follow-chunk--client');
    expect(chunks[1].classes()).toContain('follow-chunk--server');
    expect(chunks[0].text()).toBe('GET / HTTP/1.1');
    expect(chunks[2].text()).toBe('[1448 bytes missing in capture — server → client at offset 19: acknowledged by the peer but never captured; before frame 9]');
    expect(view.get('[aria-label="Stream summary"]').text()).toBe('18 bytes client → server · 24 bytes server → client · 1 gap (1.4 KiB missing)');
  });

  it('switches to hex dump and raw, and asks the engine for one direction', async () => {
    const { wrapper, fake } = await openFollow();
    const view = wrapper.get('section[aria-label="Follow TCP stream 1"]');
    await view.get('input[type="radio"][value="hex"]').setValue(true);
    expect(view.findAll('.follow-chunk')[0].text()).toBe('00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..\n00000010  0d 0a                                             ..');
    await view.get('input[type="radio"][value="raw"]').setValue(true);
    expect(view.findAll('.follow-chunk')[3].text()).toBe('7461696c0a');
    await view.get('select[aria-label="Direction"]').setValue('server');
    await settle();
    expect(fake.calls.filter((c) => c.method === 'followStream').at(-1)!.args).toMatchObject({ direction: 'server', offset: 0, proto: 'tcp', stream: 1 });
    expect(view.findAll('.follow-chunk').every((c) => c.attributes('data-from') === 'server')).toBe(true);
  });
});
