import { describe, expect, it } from 'vitest';
import type { ProcessDto } from '@wirewho/contract';
import { syntheticProcesses } from '../testing/fake-api.js';
import { buildProcessTree, processLabel, visibleRows } from './process-tree.js';

const keys = (rows: ReturnType<typeof visibleRows>) => rows.map((r) => `${'  '.repeat(r.depth)}${processLabel(r.node)}`);

describe('buildProcessTree', () => {
  it('nests children under the parent the case saw, by first sighting', () => {
    const roots = buildProcessTree(syntheticProcesses());
    expect(keys(visibleRows(roots, new Set()))).toEqual(['bash (100)', '  curl (200)', 'sshd (50)']);
    expect(keys(visibleRows(roots, new Set(['p1'])))).toEqual(['bash (100)', 'sshd (50)']);
  });

  it('a parent only described by the source is one shared row; a reused PID picks the instance seen before the child', () => {
    const [bash, curl] = syntheticProcesses();
    const p = (over: Partial<ProcessDto>): ProcessDto => ({ ...curl, ...over });
    const rows: ProcessDto[] = [
      p({ id: 1, pid: 7, ppid: 99, name: 'a', parent: { pid: 99, exe: '/usr/bin/bash', args: '-bash' }, firstFrame: 1 }),
      p({ id: 2, pid: 8, ppid: 99, name: 'b', parent: { pid: 99, exe: '/usr/bin/bash' }, firstFrame: 2 }),
      p({ id: 3, pid: 5, ppid: 1, name: 'old', parent: null, firstFrame: 3 }),
      p({ id: 4, pid: 6, ppid: 5, name: 'child', parent: null, firstFrame: 9 }),
      p({ id: 5, pid: 5, ppid: 1, name: 'new', parent: null, firstFrame: 8 }),
      { ...bash, id: 6, pid: 40, ppid: 41, parent: null, firstFrame: 20 },
      { ...bash, id: 7, pid: 41, ppid: 40, parent: null, firstFrame: 21 },
    ];
    expect(keys(visibleRows(buildProcessTree(rows), new Set()))).toEqual([
      'bash (99)', '  a (7)', '  b (8)', 'old (5)', 'new (5)', '  child (6)', 'bash (40)', '  bash (41)',
    ]);
  });
});
