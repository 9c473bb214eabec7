// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';
import PacketList from './PacketList.vue';

beforeAll(() => fakeViewport(400));

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('PacketList', () => {
  it('is an ARIA grid with the case frame count and Wireshark columns', async () => {
    const { wrapper } = await mountWithWorkbench(PacketList, { frames: 668 });
    await settle();
    const grid = wrapper.get('[role="grid"]');
    expect(grid.attributes('aria-label')).toBe('Packet list');
    expect(grid.attributes('aria-rowcount')).toBe('668');
    const headers = wrapper.findAll('[role="columnheader"]').map((h) => h.text());
    expect(headers).toEqual(['No.', 'Time', 'Source', 'Destination', 'Protocol', 'Length', 'Process', 'Info']);
    const first = wrapper.get('[role="row"][aria-rowindex="1"]');
    expect(first.findAll('[role="gridcell"]').map((c) => c.text())).toEqual([
      '1', '0.000000000', '127.0.0.1', '127.0.0.53', 'DNS', '61', '', 'Standard query 0x1 A host1.corpus.test',
    ]);
    wrapper.unmount();
  });

  it('renders only what is on screen and fetches one page of 500, not everything', async () => {
    const { wrapper, fake } = await mountWithWorkbench(PacketList, { frames: 1_000_000 });
    await settle();
    expect(wrapper.get('[role="grid"]').attributes('aria-rowcount')).toBe('1000000');
    const rendered = wrapper.findAll('.packet-row').length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(200);
    expect(fake.callsOf('framesPage')).toEqual([{ offset: 0, limit: 500 }]);
    wrapper.unmount();
  });

  it('fetches the page under the scroll position when the user scrolls far', async () => {
    const { wrapper, fake } = await mountWithWorkbench(PacketList, { frames: 1_000_000 });
    await settle();
    const scroller = wrapper.get('.packet-scroller').element as HTMLElement;
    // The list is taller than the browser allows, so scroll positions are scaled; half way is row ~500k.
    const body = wrapper.get('.packet-body').element as HTMLElement;
    scroller.scrollTop = parseFloat(body.style.height) / 2;
    scroller.dispatchEvent(new Event('scroll'));
    await settle();
    const offsets = fake.callsOf('framesPage').map((a) => (a as { offset: number }).offset);
    expect(offsets.some((o) => o >= 495_000 && o <= 505_000)).toBe(true);
    expect(offsets.length).toBeLessThanOrEqual(4);
    wrapper.unmount();
  });

  it('moves the selection with the keyboard and shows each frame', async () => {
    const { wrapper, workbench, fake } = await mountWithWorkbench(PacketList, { frames: 668 });
    await settle();
    const grid = wrapper.get('[role="grid"]');
    expect(workbench.selection.selectedIndex.value).toBe(0); // first frame shown on open
    await grid.trigger('keydown', { key: 'ArrowDown' });
    await settle();
    expect(workbench.selection.selectedIndex.value).toBe(1);
    expect(fake.callsOf('frameDetail').at(-1)).toEqual({ number: 2 });
    expect(wrapper.get('[aria-rowindex="2"]').attributes('aria-selected')).toBe('true');
    expect(grid.attributes('aria-activedescendant')).toBe('packet-row-1');
    await grid.trigger('keydown', { key: 'End' });
    await settle();
    expect(workbench.selection.frameNumber.value).toBe(668);
    await grid.trigger('keydown', { key: 'Home' });
    await settle();
    expect(workbench.selection.frameNumber.value).toBe(1);
    await grid.trigger('keydown', { key: 'ArrowUp' });
    await settle();
    expect(workbench.selection.frameNumber.value).toBe(1);
    wrapper.unmount();
  });

  it('selects a row on click', async () => {
    const { wrapper, workbench } = await mountWithWorkbench(PacketList, { frames: 100 });
    await settle();
    await wrapper.get('[aria-rowindex="5"]').trigger('mousedown');
    await settle();
    expect(workbench.selection.frameNumber.value).toBe(5);
    wrapper.unmount();
  });

  it('colours rows by protocol and makes resets stand out', async () => {
    const { wrapper } = await mountWithWorkbench(PacketList, { frames: 40 });
    await settle();
    expect(wrapper.get('[aria-rowindex="1"]').classes()).toContain('packet-row--dns');
    expect(wrapper.get('[aria-rowindex="2"]').classes()).toContain('packet-row--tcp-rst');
    expect(wrapper.get('[aria-rowindex="3"]').classes()).toContain('packet-row--tcp-syn-fin');
    expect(wrapper.get('[aria-rowindex="7"]').classes()).toContain('packet-row--arp');
    wrapper.unmount();
  });

  it('renders evidence text as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    const { wrapper } = await mountWithWorkbench(PacketList, {
      frames: 3,
      rowOverride: (row) => ({ ...row, info: hostile, src: '<script>alert(1)</script>' }),
    });
    await settle();
    const row = wrapper.get('[aria-rowindex="1"]');
    expect(row.find('img').exists()).toBe(false);
    expect(row.find('b').exists()).toBe(false);
    expect(row.find('script').exists()).toBe(false);
    expect(row.text()).toContain(hostile);
    wrapper.unmount();
  });

  it('says what to do when the case is empty', async () => {
    const { wrapper } = await mountWithWorkbench(PacketList, { frames: 0 });
    await settle();
    expect(wrapper.text()).toContain('No frames yet');
    expect(wrapper.get('[role="grid"]').attributes('aria-rowcount')).toBe('0');
    wrapper.unmount();
  });
});
