// @vitest-environment happy-dom
/** The filter bar says when the engine's time limit stopped the applied filter. */
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { ApiError, type FramePage } from '@wirewho/contract';
import { mountWithWorkbench } from '../testing/mount-app.js';
import FilterBar from './FilterBar.vue';

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('FilterBar: a filter stopped at the time limit', () => {
  it('shows "stopped after N s" with the matches found when the count was stopped, and clears it for the next filter', async () => {
    const { wrapper, workbench, fake } = await mountWithWorkbench(FilterBar, { frames: 2000 });
    const plain = fake.api.framesPage.bind(fake.api);
    fake.api.framesPage = async (args: { offset: number; limit: number; filter?: string }): Promise<FramePage> => {
      const page = await plain(args);
      if (args.filter !== 'frame matches "slow"') return page;
      return { ...page, total: 500, rows: page.rows.slice(0, 500), countStoppedAfterMs: 10_000 };
    };
    workbench.applyFilter('frame matches "slow"');
    await settle();
    const status = wrapper.get('[role="status"][aria-label="Filter stopped"]');
    expect(status.text()).toContain('Stopped after 10 s: showing the first 500 matches');
    expect(workbench.list.total.value).toBe(500);

    workbench.applyFilter('tcp');
    await settle();
    expect(wrapper.find('[aria-label="Filter stopped"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("shows the engine's message when even the first page was stopped, not an error banner", async () => {
    const { wrapper, workbench, fake } = await mountWithWorkbench(FilterBar, { frames: 2000 });
    const message = 'The display filter was stopped after 10 s (the time limit of a filter query); narrow it with an indexed field such as ip.addr, tcp.port or tcp.stream.';
    fake.api.framesPage = async (): Promise<FramePage> => { throw new ApiError('filter-stopped', message); };
    workbench.applyFilter('frame contains "x"');
    await settle();
    expect(wrapper.get('[aria-label="Filter stopped"]').text()).toBe(message);
    expect(workbench.notices.notices.filter((n) => n.kind === 'error')).toEqual([]);
    wrapper.unmount();
  });
});
