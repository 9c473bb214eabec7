import { describe, expect, it } from 'vitest';
import { PROCESS_ROW_COLUMNS } from '@wirewho/index';
import { ProcessTable } from './process-table.js';

const col = (row: (string | number | null)[], name: (typeof PROCESS_ROW_COLUMNS)[number]) => row[PROCESS_ROW_COLUMNS.indexOf(name)];

describe('ProcessTable', () => {
  it('grows one instance from partial attributions and hands out only changed rows', () => {
    const t = new ProcessTable(7, 100);
    expect(t.intern({ pid: 4242, source: 'tcpshark' })).toBe(100);
    expect(t.intern({ pid: 4242, comm: 'curl', source: 'tcpshark' })).toBe(100);
    let rows = t.drain();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveLength(PROCESS_ROW_COLUMNS.length);
    expect([col(rows[0], 'id'), col(rows[0], 'evidence_id'), col(rows[0], 'pid'), col(rows[0], 'comm'), col(rows[0], 'name')]).toEqual([100, 7, 4242, 'curl', 'curl']);
    expect(col(rows[0], 'confidence')).toBe('late');
    expect(t.intern({ pid: 4242, comm: 'curl', source: 'tcpshark' })).toBe(100);
    expect(t.drain()).toEqual([]);
    expect(t.intern({ pid: 4242, comm: 'curl', args: 'curl http://x/', source: 'tcpshark' })).toBe(100);
    rows = t.drain();
    expect(col(rows[0], 'args')).toBe('curl http://x/');
    expect(t.size).toBe(1);
  });

  it('a reused PID (other start time, executable or command line) is a second instance', () => {
    const t = new ProcessTable(1, 1);
    const a = t.intern({ pid: 10, exe: '/usr/bin/curl', args: 'curl a', ppid: 1, source: 'ptcpdump' });
    const b = t.intern({ pid: 10, exe: '/usr/bin/wget', args: 'wget b', source: 'ptcpdump' });
    const c = t.intern({ pid: 10, startTimeNs: 5n, source: 'pcapng-standard' });
    const d = t.intern({ pid: 10, startTimeNs: 6n, source: 'pcapng-standard' });
    expect(new Set([a, b, c, d]).size).toBe(3);
    expect(c).toBe(b); // no conflict with the latest instance: it takes the start time
    expect(d).not.toBe(c);
    // Without a start time: the instance that agrees on most (not merely the newest, which names no executable).
    expect(t.intern({ pid: 10, exe: '/usr/bin/curl', source: 'ptcpdump' })).toBe(a);
    expect(t.intern({ pid: 10, exe: '/usr/bin/wget', args: 'wget b', source: 'ptcpdump' })).toBe(b);
    const rows = t.drain();
    expect(rows.map((r) => col(r, 'exe'))).toEqual(['/usr/bin/curl', '/usr/bin/wget', null]);
    expect(col(rows[0], 'ppid')).toBe(1);
    expect(col(rows[1], 'start_ns')).toBe('5');
    expect(col(rows[2], 'name')).toBeNull();
  });

  it('keeps what the source said beyond the columns (parent, container) as JSON', () => {
    const t = new ProcessTable(1, 1);
    t.intern({ pid: 3, exe: '/bin/x', parent: { pid: 2, exe: '/bin/sh' }, container: { id: 'abc' }, source: 'ptcpdump' });
    const row = t.drain()[0];
    expect(JSON.parse(col(row, 'details') as string)).toEqual({ parent: { pid: 2, exe: '/bin/sh' }, container: { id: 'abc' } });
    expect(col(row, 'ppid')).toBe(2);
    expect(col(row, 'name')).toBe('x');
  });
});
