/**
 * The analyst's workbench: every store, wired to the API's events, plus the user actions that span
 * stores (open a capture, go to a frame). Components receive it through provide/inject.
 */
import { computed, inject, ref, watch, type InjectionKey } from 'vue';
import type { FrameRow, WirewhoApi } from '@wirewho/contract';
import { createCaptureStore } from './capture-store.js';
import { createCaseStore } from './case-store.js';
import { createDialogStore } from './dialog-store.js';
import { createIngestStore } from './ingest-store.js';
import { createLayoutStore } from './layout-store.js';
import { createNoticeStore } from './notice-store.js';
import { createPacketListStore } from './packet-list-store.js';
import { createSelectionStore } from './selection-store.js';
import { createThemeStore } from './theme-store.js';
import { createTabsStore, type FollowTarget } from './tabs-store.js';
import { saveStreamDirection } from '../lib/save-stream.js';
import { combineFilter, type FilterAction, type FilterMode } from '../lib/filter-actions.js';
import { baseName } from '../lib/format.js';
import { errorText } from './notice-store.js';

export interface WorkbenchEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  prefersDark: boolean;
  root: HTMLElement;
  /** How long case-change refreshes are coalesced during an ingest (ms). */
  refreshIntervalMs?: number;
  pageSize?: number;
}

export const BROWSER_DROP_MESSAGE =
  'Drag-and-drop needs the desktop app: a browser does not tell the page where a dropped file lives. '
  + 'Type the path of the capture on the machine running Wirewho instead.';

export function createWorkbench(api: WirewhoApi, env: WorkbenchEnvironment) {
  const notices = createNoticeStore();
  const caseStore = createCaseStore(api, notices);
  const list = createPacketListStore(api, notices, env.pageSize);
  const selection = createSelectionStore(api, list, notices);
  const ingest = createIngestStore(api, notices);
  /** Live capture / capture from command: status and start/stop. */
  const capture = createCaptureStore(api, notices);
  const theme = createThemeStore(env);
  const layout = createLayoutStore(env.storage);
  const dialogs = createDialogStore();
  const tabs = createTabsStore(() => (caseStore.summary.value?.evidence.length ?? 0) > 1);
  /** Bumped when the case changed (ingest): open Streams/Follow views refresh. */
  const caseGeneration = ref(0);
  /**
   * The display filter applied to the packet list ('' = every frame). The filter bar edits it; other
   * views apply one through applyFilter (the Processes view: pid == N).
   */
  const displayFilter = ref('');
  /** The text in the filter bar (applied or not): what Prepare as Filter edits and and/or-combines with. */
  const filterDraft = ref('');
  /** Bumped by Apply as Filter: the filter bar validates the draft, records it in history and applies it. */
  const filterApplyRequest = ref(0);
  /** True while the views are reset for another case (its own reload wins over the filter watcher and caseChanged). */
  let switching = false;
  // The packet list follows the applied filter; the first matching frame is selected, like Wireshark.
  watch(displayFilter, async (text) => {
    if (switching) return;
    const shown = await list.setFilter(text);
    if (shown > 0) void selection.selectIndex(0);
  });
  const isDesktop = api.transport === 'electron' && typeof api.pickCaptureFile === 'function';
  /** The case file on screen (opened read-only), or null for the working case. */
  const caseFile = computed(() => caseStore.summary.value?.caseFile ?? null);

  /** Another case is on screen (a case file opened or closed): every view starts again from it. */
  async function switchedCase(): Promise<void> {
    switching = true;
    try {
      selection.clear();
      for (const tab of [...tabs.state.tabs]) if (tab.kind === 'follow') tabs.close(tab.id);
      filterDraft.value = '';
      displayFilter.value = '';
      caseGeneration.value++;
      await caseStore.refresh();
      const shown = await list.setFilter('');
      if (shown > 0) await selection.selectIndex(0);
    } finally {
      switching = false;
    }
  }

  /** Verifies a case file and shows it read-only; one that fails verification is shown as such, not opened. */
  async function openCaseFile(path: string): Promise<boolean> {
    try {
      const r = await api.openCaseFile({ path });
      if (!r.opened) {
        dialogs.show({ kind: 'case-verification', path: r.path, problems: r.problems });
        return false;
      }
      const m = r.caseFile;
      notices.info(`Opened ${baseName(r.path)} read-only`, m
        ? `Verified: ${m.members.length + 1} members match the manifest, custody log of ${m.custody.count} entries intact.`
        : 'Verified.');
      return true;
    } catch (err) {
      notices.error(`Cannot open the case file ${baseName(path)}`, errorText(err));
      return false;
    }
  }

  /** Files the user chose: case files (.wwcase) are verified and shown; captures are ingested (not into a case file). */
  function openPaths(paths: readonly string[]): void {
    const caseFiles = paths.filter(isCaseFilePath);
    const captures = paths.filter((p) => !isCaseFilePath(p));
    if (captures.length > 0) {
      if (caseFile.value) notices.warning('Not ingested', `${captures.map(baseName).join(', ')}: ${caseFile.value.readOnlyReason}`);
      else ingest.open(...captures);
    }
    void (async () => { for (const p of caseFiles) await openCaseFile(p); })();
  }

  async function refreshCase(): Promise<void> {
    const summary = await caseStore.refresh();
    if (!summary) return;
    list.reload(summary.frameCount);
    // Like Wireshark, show the first frame as soon as there is one.
    if (selection.selectedIndex.value === null && summary.frameCount > 0) void selection.selectIndex(0);
  }

  // caseChanged can fire for every batch of an ingest; refresh at most once per interval.
  const interval = env.refreshIntervalMs ?? 400;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let refreshAgain = false;
  function scheduleRefresh(): void {
    if (switching) return; // switchedCase reloads everything itself
    if (refreshTimer) {
      refreshAgain = true;
      return;
    }
    void refreshCase();
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (refreshAgain) {
        refreshAgain = false;
        scheduleRefresh();
      }
    }, interval);
  }

  const unsubscribers = [
    api.on('ingestProgress', (p) => ingest.onProgress(p)),
    api.on('ingestFinished', (f) => {
      ingest.onFinished(f);
      void refreshCase();
    }),
    api.on('caseChanged', () => scheduleRefresh()),
    api.on('ingestFinished', () => { caseGeneration.value++; }),
    api.on('caseSwitched', () => { void switchedCase(); }),
  ];

  return {
    api,
    isDesktop,
    notices,
    caseStore,
    list,
    selection,
    ingest,
    capture,
    theme,
    layout,
    dialogs,
    tabs,
    caseGeneration,
    displayFilter,
    caseFile,
    openPaths,
    openCaseFile,

    /** Leaves the case file and shows the working case again. */
    async closeCaseFile(): Promise<void> {
      try {
        await api.closeCaseFile({});
      } catch (err) {
        notices.error('Cannot close the case file', err);
      }
    },

    /** Applies a display filter to the packet list and shows it. */
    applyFilter(text: string): void {
      filterDraft.value = text;
      displayFilter.value = text;
      tabs.activate('packets');
    },

    filterDraft,
    filterApplyRequest,
    /**
     * Apply / Prepare as Filter (Wireshark): `expr` combined with the filter bar's text by `mode`;
     * Apply then validates and applies it through the filter bar, Prepare leaves it there to edit.
     */
    useAsFilter(expr: string, action: FilterAction, mode: FilterMode): void {
      filterDraft.value = combineFilter(filterDraft.value, expr, mode);
      if (action === 'apply') filterApplyRequest.value++;
    },

    /**
     * Find next / previous (Ctrl+N / Ctrl+B): from the selected frame to the next one in the packet
     * list that the filter bar's text selects (the list itself when the bar holds the applied filter).
     */
    async findMatch(direction: 'next' | 'previous'): Promise<boolean> {
      const draft = filterDraft.value.trim();
      const applied = displayFilter.value.trim();
      const filter = draft === '' || draft === applied ? applied : applied ? `(${applied}) && (${draft})` : draft;
      const index = selection.selectedIndex.value;
      const row = index === null ? undefined : list.rowAt(index);
      const from = row ? row.number : direction === 'next' ? 0 : 2 ** 40;
      try {
        const { number } = await api.findFrame({ ...(filter ? { filter } : {}), from, direction });
        if (number === null) {
          notices.info('Find', `No ${direction === 'next' ? 'later' : 'earlier'} frame matches ${filter || 'the list'}.`);
          return false;
        }
        const { position } = await api.framePosition({ ...(applied ? { filter: applied } : {}), number });
        if (position < 0) return false;
        await selection.selectIndex(position);
        return true;
      } catch (err) {
        notices.error('Find', err);
        return false;
      }
    },

    async start(): Promise<void> {
      void capture.refresh();
      await refreshCase();
    },

    /**
     * Follow Stream for the selected frame: Ctrl+Shift+T its TCP stream, else its UDP stream;
     * Wireshark's Ctrl+Alt+Shift+T / +U ask for TCP / UDP only.
     */
    followSelected(proto?: 'tcp' | 'udp'): boolean {
      const index = selection.selectedIndex.value;
      const row = index === null ? undefined : list.rowAt(index);
      const target = row ? followTargetOf(row, proto) : null;
      if (!target) {
        const what = proto ? `a ${proto.toUpperCase()} stream` : 'a TCP or UDP stream';
        notices.warning('Follow Stream', row ? `Frame ${row.number} is not part of ${what}.` : 'Select a frame first.');
        return false;
      }
      tabs.openFollow(target);
      return true;
    },

    /** Saves one direction of a stream: the native dialog under Electron, a download in a browser. */
    async saveStream(target: FollowTarget, direction: 'client' | 'server'): Promise<void> {
      try {
        const saved = await saveStreamDirection(api, target, direction);
        if (saved) notices.info('Saved', saved);
      } catch (err) {
        notices.error('Cannot save the stream', err);
      }
    },

    /** Open a capture: the native dialog under Electron, the path dialog in a browser. */
    async openCapture(): Promise<void> {
      if (dialogs.current.value) return;
      if (!isDesktop || !api.pickCaptureFile) {
        dialogs.show({ kind: 'open-path' });
        return;
      }
      try {
        const path = await api.pickCaptureFile();
        if (path) openPaths([path]);
      } catch (err) {
        notices.error('Cannot show the open dialog', err);
      }
    },

    openDroppedFiles(files: readonly File[]): void {
      if (files.length === 0) return;
      if (!isDesktop || !api.pathForFile) {
        dialogs.show({ kind: 'open-path', message: BROWSER_DROP_MESSAGE });
        return;
      }
      const paths: string[] = [];
      for (const file of files) {
        const path = api.pathForFile(file);
        if (path) paths.push(path);
        else notices.warning(`Cannot open ${file.name}`, 'it is not a file on disk');
      }
      openPaths(paths);
    },

    async goToFrame(number: number): Promise<boolean> {
      const applied = displayFilter.value.trim();
      if (!applied) {
        const found = await selection.selectFrameNumber(number);
        if (!found) notices.warning('Go to frame', `There is no frame ${number} (the case has ${list.total.value}).`);
        return found;
      }
      // A filtered list: the row of frame N is its position among the matches, not N - 1.
      try {
        const { position } = await api.framePosition({ filter: applied, number });
        if (position < 0) {
          notices.warning('Go to frame', `Frame ${number} is not displayed (filter: ${applied}).`);
          return false;
        }
        await selection.selectIndex(position);
        return true;
      } catch (err) {
        notices.error('Go to frame', err);
        return false;
      }
    },

    dispose(): void {
      for (const unsubscribe of unsubscribers) unsubscribe();
      capture.dispose();
      if (refreshTimer) clearTimeout(refreshTimer);
    },
  };
}

/** Case files are told from captures by their name (the engine verifies what they hold). */
export function isCaseFilePath(path: string): boolean {
  return /\.wwcase$/i.test(path.trim());
}

/** The stream a packet-list row belongs to (TCP first, like Wireshark's Follow menu), or of one protocol. */
export function followTargetOf(row: FrameRow, proto?: 'tcp' | 'udp'): FollowTarget | null {
  if (proto !== 'udp' && row.tcpStream !== undefined && row.tcpStream !== null) return { evidenceId: row.evidenceId, proto: 'tcp', stream: row.tcpStream };
  if (proto !== 'tcp' && row.udpStream !== undefined && row.udpStream !== null) return { evidenceId: row.evidenceId, proto: 'udp', stream: row.udpStream };
  return null;
}

export type Workbench = ReturnType<typeof createWorkbench>;

export const WORKBENCH_KEY: InjectionKey<Workbench> = Symbol('wirewho.workbench');

export function useWorkbench(): Workbench {
  const workbench = inject(WORKBENCH_KEY);
  if (!workbench) throw new Error('useWorkbench() outside of the Wirewho app');
  return workbench;
}
