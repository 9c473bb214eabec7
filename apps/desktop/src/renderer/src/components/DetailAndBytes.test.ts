// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { syntheticDetail } from '../testing/fake-api.js';
import { fakeViewport, mountWithWorkbench } from '../testing/mount-app.js';
import BytesPane from './BytesPane.vue';
import DetailTree from './DetailTree.vue';

beforeAll(() => fakeViewport(400));

const Panes = defineComponent({ render: () => h('div', [h(DetailTree), h(BytesPane)]) });

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}

const highlightedOffsets = (wrapper: { findAll(s: string): Array<{ attributes(n: string): string | undefined }> }) =>
  wrapper.findAll('.bytes-hex [data-highlighted]').map((b) => Number(b.attributes('data-offset')));

describe('detail tree and bytes pane', () => {
  it('shows the layers of the selected frame as a collapsed tree and its bytes as hex + ASCII', async () => {
    const { wrapper } = await mountWithWorkbench(Panes, { frames: 10 });
    await settle();
    const tree = wrapper.get('[role="tree"]');
    const items = tree.findAll('[role="treeitem"]');
    expect(items.map((i) => i.text())).toEqual([
      'Frame 1: 42 bytes on wire, 42 bytes captured',
      '▸Ethernet II, Src: 66:77:88:99:aa:bb, Dst: 00:11:22:33:44:55',
      '▸Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.53',
      '▸User Datagram Protocol, Src Port: 40000, Dst Port: 53',
    ]);
    expect(items[3].attributes('aria-expanded')).toBe('false');
    const rows = wrapper.findAll('.bytes-row');
    expect(rows).toHaveLength(3); // 42 bytes, 16 a row
    expect(rows[0].get('.bytes-offset').text()).toBe('0000');
    expect(rows[0].findAll('.byte').slice(0, 3).map((b) => b.text())).toEqual(['00', '11', '22']);
    expect(rows[1].get('.bytes-ascii').text()).toBe('...4@.@.........');
  });

  it('expands with the keyboard and highlights the bytes of the selected field', async () => {
    const { wrapper, workbench } = await mountWithWorkbench(Panes, { frames: 10 });
    await settle();
    const tree = wrapper.get('[role="tree"]');
    await wrapper.findAll('[role="treeitem"]')[3].trigger('click');
    await tree.trigger('keydown', { key: 'ArrowRight' });
    await settle();
    expect(wrapper.findAll('[role="treeitem"]')[3].attributes('aria-expanded')).toBe('true');
    await tree.trigger('keydown', { key: 'ArrowDown' });
    await settle();
    const selected = wrapper.get('[role="treeitem"][aria-selected="true"]');
    expect(selected.text()).toBe('Source Port: 40000');
    expect(selected.attributes('data-field')).toBe('udp.srcport');
    expect(highlightedOffsets(wrapper)).toEqual([34, 35]);
    expect(wrapper.get('[aria-live="polite"]').text()).toBe('Selected bytes 34–35 (2 bytes)');
    await tree.trigger('keydown', { key: 'ArrowLeft' });
    expect(workbench.selection.selectedNode.value?.node.field).toBe('udp');
    await tree.trigger('keydown', { key: 'Enter' });
    await settle();
    expect(wrapper.findAll('[role="treeitem"]')).toHaveLength(4);
  });

  it('selects the deepest field when a byte is clicked, opening its layer', async () => {
    const { wrapper } = await mountWithWorkbench(Panes, { frames: 10 });
    await settle();
    await wrapper.get('.bytes-hex [data-offset="37"]').trigger('click');
    await settle();
    const selected = wrapper.get('[role="treeitem"][aria-selected="true"]');
    expect(selected.text()).toBe('Destination Port: 53');
    expect(highlightedOffsets(wrapper)).toEqual([36, 37]);
    // the ASCII column is linked too
    await wrapper.get('.bytes-ascii [data-offset="27"]').trigger('click');
    await settle();
    expect(wrapper.get('[role="treeitem"][aria-selected="true"]').text()).toBe('Source Address: 127.0.0.1');
  });

  it('keeps layers open and the same field selected when moving to the next frame', async () => {
    const { wrapper, workbench } = await mountWithWorkbench(Panes, { frames: 10 });
    await settle();
    await wrapper.get('.bytes-hex [data-offset="34"]').trigger('click');
    await settle();
    await workbench.selection.selectIndex(1);
    await settle();
    expect(wrapper.findAll('[role="treeitem"]')[0].text()).toContain('Frame 2');
    expect(wrapper.get('[role="treeitem"][aria-selected="true"]').text()).toBe('Source Port: 40000');
    expect(highlightedOffsets(wrapper)).toEqual([34, 35]);
  });

  it('selects nothing in a frame without the chosen field, and the field again in the next frame that has it', async () => {
    // Even frames are TCP: same node positions as the UDP frames, other fields.
    const tcpDetail = (number: number) => {
      const udp = syntheticDetail(number);
      const tree = udp.tree.map((n) => n.field !== 'udp' ? n : {
        label: 'Transmission Control Protocol, Src Port: 40000, Dst Port: 8080', field: 'tcp', start: 34, length: 8,
        children: [
          { label: 'Source Port: 40000', field: 'tcp.srcport', start: 34, length: 2 },
          { label: 'Destination Port: 8080', field: 'tcp.dstport', start: 36, length: 2 },
        ],
      });
      return { ...udp, tree };
    };
    const { wrapper, workbench } = await mountWithWorkbench(Panes, {
      frames: 10,
      detailFor: (n) => (n % 2 === 0 ? tcpDetail(n) : syntheticDetail(n)),
    });
    await settle();
    await wrapper.get('.bytes-hex [data-offset="36"]').trigger('click');
    await settle();
    expect(workbench.selection.selectedNode.value?.node.field).toBe('udp.dstport');
    await workbench.selection.selectIndex(1); // frame 2, TCP
    await settle();
    expect(workbench.selection.selectedNode.value).toBeNull();
    expect(highlightedOffsets(wrapper)).toEqual([]);
    await workbench.selection.selectIndex(2); // frame 3, UDP again
    await settle();
    expect(workbench.selection.selectedNode.value?.node.field).toBe('udp.dstport');
    expect(highlightedOffsets(wrapper)).toEqual([36, 37]);
  });
});
