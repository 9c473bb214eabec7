/**
 * Views open as tabs in the main area (UI.md): the packets panes (always there), the Streams
 * conversation table, and one Follow Stream view per followed stream.
 */
import { computed, reactive } from 'vue';

export type StreamProto = 'tcp' | 'udp';
export type FollowDirection = 'both' | 'client' | 'server';
export type FollowFormat = 'ascii' | 'hex' | 'raw';

export interface FollowTarget {
  evidenceId?: number;
  proto: StreamProto;
  stream: number;
}

export type Tab =
  | { id: 'packets'; kind: 'packets'; title: string }
  | { id: 'streams'; kind: 'streams'; title: string }
  | { id: 'processes'; kind: 'processes'; title: string }
  | { id: 'casework'; kind: 'casework'; title: string }
  | { id: 'dissectors'; kind: 'dissectors'; title: string }
  | { id: string; kind: 'follow'; title: string; target: FollowTarget; direction: FollowDirection; format: FollowFormat };

export function followTabId(t: FollowTarget): string {
  return `follow:${t.evidenceId ?? 0}:${t.proto}:${t.stream}`;
}

/** Tab title of a followed stream; the evidence is named when the case holds several files (stream numbers are per file). */
export function followTitle(t: FollowTarget, multiEvidence: boolean): string {
  const base = `Follow ${t.proto.toUpperCase()} stream ${t.stream}`;
  return multiEvidence && t.evidenceId !== undefined ? `${base} (evidence ${t.evidenceId})` : base;
}

/** `multiEvidence` tells whether the case holds more than one evidence file. */
export function createTabsStore(multiEvidence: () => boolean = () => false) {
  const state = reactive<{ tabs: Tab[]; activeId: string }>({
    tabs: [{ id: 'packets', kind: 'packets', title: 'Packets' }],
    activeId: 'packets',
  });
  const active = computed(() => state.tabs.find((t) => t.id === state.activeId) ?? state.tabs[0]);
  return {
    state,
    active,
    activate(id: string): void {
      if (state.tabs.some((t) => t.id === id)) state.activeId = id;
    },
    openStreams(): void {
      if (!state.tabs.some((t) => t.id === 'streams')) state.tabs.push({ id: 'streams', kind: 'streams', title: 'Streams' });
      state.activeId = 'streams';
    },
    openProcesses(): void {
      if (!state.tabs.some((t) => t.id === 'processes')) state.tabs.push({ id: 'processes', kind: 'processes', title: 'Processes' });
      state.activeId = 'processes';
    },
    /** Notes, tags, bookmarks and the custody log. */
    openCasework(): void {
      if (!state.tabs.some((t) => t.id === 'casework')) state.tabs.push({ id: 'casework', kind: 'casework', title: 'Casework' });
      state.activeId = 'casework';
    },
    /** The dissector folder: files, load errors, enable/disable, reload. */
    openDissectors(): void {
      if (!state.tabs.some((t) => t.id === 'dissectors')) state.tabs.push({ id: 'dissectors', kind: 'dissectors', title: 'Dissectors' });
      state.activeId = 'dissectors';
    },
    /** Opens (or brings forward) the Follow view of a stream. */
    openFollow(target: FollowTarget): void {
      const id = followTabId(target);
      if (!state.tabs.some((t) => t.id === id)) {
        state.tabs.push({
          id, kind: 'follow', title: followTitle(target, multiEvidence()), target, direction: 'both', format: 'ascii',
        });
      }
      state.activeId = id;
    },
    close(id: string): void {
      if (id === 'packets') return;
      const at = state.tabs.findIndex((t) => t.id === id);
      if (at < 0) return;
      state.tabs.splice(at, 1);
      if (state.activeId === id) state.activeId = (state.tabs[Math.min(at, state.tabs.length - 1)] ?? state.tabs[0]).id;
    },
  };
}

export type TabsStore = ReturnType<typeof createTabsStore>;
