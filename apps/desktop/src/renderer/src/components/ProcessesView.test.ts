// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';
import ProcessesView from './ProcessesView.vue';

beforeAll(() => {
  fakeViewport(400, 1000);
  // happy-dom has no ResizeObserver.
  globalThis.ResizeObserver ??= class { observe(): void {} disconnect(): void {} unobserve(): void {} } as unknown as typeof ResizeObserver;
});

async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('ProcessesView', () => {
  it('shows the processes as a tree by parent, with their figures', async () => {
    const { wrapper } = await mountWithWorkbench(ProcessesView, { frames: 10 });
    await settle();
    const rows = wrapper.findAll('[role="treegrid"] [role="row"][aria-level]');
    expect(rows.map((r) => [r.attributes('aria-label'), r.attributes('aria-level')])).toEqual([
      ['bash (100)', '1'], ['curl (200)', '2'], ['sshd (50)', '1'],
    ]);
    expect(rows[1].findAll('[role="gridcell"]').map((c) => c.text())).toEqual([
      'curl (200)', 'curl https://example.com', 'uid 1000', '2023-11-14 22:13:20.001000000', '2023-11-14 22:13:20.900000000', '2', '1.17 KiB', '52.7 KiB', 'ptcpdump',
    ]);
    expect(rows[2].find('[role="gridcell"]:nth-child(3)').text()).toBe('root');
    wrapper.unmount();
  });

  it('clicking a command applies pid == N to the packet list and shows it', async () => {
    const { wrapper, workbench } = await mountWithWorkbench(ProcessesView, { frames: 10 });
    workbench.tabs.openProcesses();
    await settle();
    await wrapper.findAll('.processes-link')[1].trigger('click');
    expect(workbench.displayFilter.value).toBe('pid == 200');
    expect(workbench.tabs.state.activeId).toBe('packets');
    wrapper.unmount();
  });

  it('folds with ←, applies with Enter, and plots one lane per process from the activity buckets', async () => {
    const { wrapper, workbench, fake } = await mountWithWorkbench(ProcessesView, { frames: 10 });
    await settle();
    const grid = wrapper.get('[role="treegrid"]');
    await grid.trigger('keydown', { key: 'ArrowDown' });
    await grid.trigger('keydown', { key: 'ArrowLeft' });
    expect(wrapper.findAll('[role="treegrid"] [role="row"][aria-level]').map((r) => r.attributes('aria-label'))).toEqual(['bash (100)', 'sshd (50)']);
    await grid.trigger('keydown', { key: 'Enter' });
    expect(workbench.displayFilter.value).toBe('pid == 100');
    expect(fake.callsOf('processActivity')).toHaveLength(1);
    const lanes = wrapper.findAll('.timeline-lane');
    expect(lanes.map((l) => l.attributes('data-process'))).toEqual(['1', '2', '3']);
    expect(lanes[1].findAll('.timeline-mark')).toHaveLength(2);
    expect(lanes[1].find('.timeline-mark title').text()).toMatch(/^curl \(200\) .* s: 200 B in 2 frames$/);
    wrapper.unmount();
  });
});
