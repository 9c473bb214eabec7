// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import type { FrameRow, WirewhoApi } from '@wirewho/contract';
import { createFakeApi } from '../testing/fake-api.js';
import { createWorkbench, followTargetOf } from './workbench.js';

const row = (tcpStream: number | null, udpStream: number | null) => ({ evidenceId: 2, tcpStream, udpStream }) as FrameRow;

describe('followTargetOf', () => {
  it('prefers the TCP stream like Wireshark, or takes the protocol asked for', () => {
    expect(followTargetOf(row(4, null))).toEqual({ evidenceId: 2, proto: 'tcp', stream: 4 });
    expect(followTargetOf(row(null, 0))).toEqual({ evidenceId: 2, proto: 'udp', stream: 0 });
    expect(followTargetOf(row(null, 0), 'tcp')).toBeNull();
    expect(followTargetOf(row(4, null), 'udp')).toBeNull();
    expect(followTargetOf(row(null, null))).toBeNull();
  });
});

describe('goToFrame', () => {
  // A filtered list that shows the even frames only: frame N sits at row N/2 - 1.
  function evenFramesApi() {
    const fake = createFakeApi({ frames: 20 });
    const api: WirewhoApi = {
      ...fake.api,
      async framesPage(args) {
        const all = await fake.api.framesPage({ offset: 0, limit: 20 });
        const rows = args.filter ? all.rows.filter((r) => r.number % 2 === 0) : all.rows;
        return { offset: args.offset, total: rows.length, rows: rows.slice(args.offset, args.offset + args.limit) };
      },
      async framePosition(args) {
        if (!args.filter) return { position: args.number - 1 };
        return { position: args.number % 2 === 0 ? args.number / 2 - 1 : -1 };
      },
    };
    return api;
  }
  const storage = () => { const m = new Map<string, string>(); return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }; };

  it('selects the row of the frame in a filtered list, and says when the frame is not displayed', async () => {
    const wb = createWorkbench(evenFramesApi(), { storage: storage(), prefersDark: false, root: document.documentElement });
    await wb.start();
    wb.applyFilter('frame.number % 2 == 0');
    await flushPromises();
    await vi.waitFor(() => expect(wb.list.total.value).toBe(10));
    expect(await wb.goToFrame(8)).toBe(true);
    expect(wb.selection.frameNumber.value).toBe(8);
    expect(await wb.goToFrame(7)).toBe(false);
    expect(wb.notices.notices.at(-1)?.message ?? '').toMatch(/not displayed/);
    wb.dispose();
  });
});
