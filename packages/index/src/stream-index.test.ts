import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex } from './case-index.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-stream-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('StreamIndex.page', () => {
  it('sorts addresses by value (IPv4, then IPv6), ties in evidence/proto/stream order', () => {
    const index = CaseIndex.open(path.join(tmp, 'case'));
    try {
      const insert = index.db.prepare(`INSERT INTO streams (evidence_id, proto, id, ip_version, node0_addr, node0_port, node1_addr,
        node1_port, first_frame, last_frame, state) VALUES (1, ?, ?, ?, ?, 1000, '10.0.0.9', 80, 1, 1, 'closed')`);
      const rows: [string, number, number, string][] = [
        ['tcp', 0, 4, '127.0.0.1'], ['tcp', 1, 4, '81.218.72.15'], ['tcp', 2, 6, 'fd77::1'], ['tcp', 3, 4, '10.0.0.1'],
        ['udp', 0, 6, '::1'], ['udp', 1, 4, '127.0.0.1'],
      ];
      for (const r of rows) insert.run(...r);
      const order = (descending: boolean) => index.streams.page({ offset: 0, limit: 10, sort: 'addressA', descending })
        .map((r) => `${r.proto} ${r.id} ${r.node0Addr}`);
      expect(order(false)).toEqual([
        'tcp 3 10.0.0.1', 'tcp 1 81.218.72.15', 'tcp 0 127.0.0.1', 'udp 1 127.0.0.1', 'udp 0 ::1', 'tcp 2 fd77::1',
      ]);
      expect(order(true)).toEqual([
        'tcp 2 fd77::1', 'udp 0 ::1', 'tcp 0 127.0.0.1', 'udp 1 127.0.0.1', 'tcp 1 81.218.72.15', 'tcp 3 10.0.0.1',
      ]);
    } finally {
      index.close();
    }
  });
});
