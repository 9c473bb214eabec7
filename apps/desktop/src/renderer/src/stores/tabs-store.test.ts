import { describe, expect, it } from 'vitest';
import { createTabsStore, followTabId, followTitle } from './tabs-store.js';

describe('tabs', () => {
  it('starts on Packets; Streams and Follow open once and come forward when asked again', () => {
    const tabs = createTabsStore();
    expect(tabs.active.value.id).toBe('packets');
    tabs.openStreams();
    tabs.openFollow({ evidenceId: 1, proto: 'tcp', stream: 6 });
    tabs.openStreams();
    expect(tabs.active.value.id).toBe('streams');
    tabs.openFollow({ evidenceId: 1, proto: 'tcp', stream: 6 });
    expect(tabs.state.tabs.map((t) => t.id)).toEqual(['packets', 'streams', 'follow:1:tcp:6']);
    expect(tabs.active.value).toMatchObject({ kind: 'follow', title: 'Follow TCP stream 6', direction: 'both', format: 'ascii' });
  });

  it('names the evidence in the title only when the case holds several files', () => {
    let multi = false;
    const tabs = createTabsStore(() => multi);
    tabs.openFollow({ evidenceId: 2, proto: 'udp', stream: 0 });
    multi = true;
    tabs.openFollow({ evidenceId: 1, proto: 'udp', stream: 0 });
    expect(tabs.state.tabs.map((t) => t.title)).toEqual(['Packets', 'Follow UDP stream 0', 'Follow UDP stream 0 (evidence 1)']);
    expect(followTitle({ proto: 'tcp', stream: 3 }, true)).toBe('Follow TCP stream 3');
    expect(followTabId({ proto: 'tcp', stream: 3 })).toBe('follow:0:tcp:3');
  });

  it('closing the active tab activates its neighbour; Packets never closes', () => {
    const tabs = createTabsStore();
    tabs.openStreams();
    tabs.openFollow({ evidenceId: 1, proto: 'tcp', stream: 1 });
    tabs.activate('streams');
    tabs.close('streams');
    expect(tabs.active.value.id).toBe('follow:1:tcp:1');
    tabs.close('follow:1:tcp:1');
    tabs.close('packets');
    expect(tabs.state.tabs.map((t) => t.id)).toEqual(['packets']);
    expect(tabs.active.value.id).toBe('packets');
  });
});
