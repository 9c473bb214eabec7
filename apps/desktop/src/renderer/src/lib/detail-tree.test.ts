import { describe, expect, it } from 'vitest';
import type { DetailNodeDto } from '@wirewho/contract';
import { ancestorsOf, deepestNodeAt, indexTree, visibleNodes } from './detail-tree.js';

const tree: DetailNodeDto[] = [
  { label: 'Frame 1: 42 bytes', start: 0, length: 42 },
  {
    label: 'Ethernet II', start: 0, length: 14,
    children: [{ label: 'Destination', field: 'eth.dst', start: 0, length: 6 }],
  },
  {
    label: 'User Datagram Protocol', field: 'udp', start: 34, length: 8,
    children: [
      { label: 'Source Port: 40000', field: 'udp.srcport', start: 34, length: 2 },
      { label: 'Checksum', field: 'udp.checksum', start: 40, length: 2, children: [{ label: 'Status: good', start: 40, length: 0 }] },
    ],
  },
];

describe('detail tree', () => {
  const index = indexTree(tree);

  it('gives nodes path ids, depths and memory keys', () => {
    expect([...index.keys()]).toEqual(['0', '1', '1.0', '2', '2.0', '2.1', '2.1.0']);
    expect(index.get('2.0')).toMatchObject({ depth: 1, parentId: '2', memoryKey: 'udp/udp.srcport' });
    expect(index.get('1')!.memoryKey).toBe('Ethernet II');
  });

  it('shows only roots and children of expanded nodes', () => {
    expect(visibleNodes(index, () => false).map((e) => e.id)).toEqual(['0', '1', '2']);
    const open = new Set(['udp']);
    expect(visibleNodes(index, (e) => open.has(e.memoryKey)).map((e) => e.id)).toEqual(['0', '1', '2', '2.0', '2.1']);
  });

  it('maps a byte to the deepest covering node', () => {
    expect(deepestNodeAt(index, 35)?.id).toBe('2.0');
    expect(deepestNodeAt(index, 3)?.id).toBe('1.0');
    expect(deepestNodeAt(index, 20)?.id).toBe('0');
    expect(deepestNodeAt(index, 41)?.id).toBe('2.1'); // zero-length child does not cover
    expect(deepestNodeAt(index, 99)).toBeNull();
  });

  it('lists ancestors from the root', () => {
    expect(ancestorsOf(index, '2.1.0').map((e) => e.id)).toEqual(['2', '2.1']);
  });
});
