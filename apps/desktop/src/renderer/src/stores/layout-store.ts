/** Pane sizes and the sidebar's state, remembered between sessions. */
import { reactive, watch } from 'vue';

export const LAYOUT_STORAGE_KEY = 'wirewho.layout';

export interface LayoutState {
  sidebarCollapsed: boolean;
  sidebarWidth: number;
  detailHeight: number;
  bytesHeight: number;
}

export const DEFAULT_LAYOUT: LayoutState = { sidebarCollapsed: false, sidebarWidth: 260, detailHeight: 240, bytesHeight: 180 };

export const LAYOUT_LIMITS = {
  sidebarWidth: { min: 160, max: 640 },
  detailHeight: { min: 60, max: 2000 },
  bytesHeight: { min: 60, max: 2000 },
} as const;

function clamp(value: number, { min, max }: { min: number; max: number }): number {
  return Math.round(Math.max(min, Math.min(max, value)));
}

function readSaved(storage: Pick<Storage, 'getItem'> | null): Partial<LayoutState> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(LAYOUT_STORAGE_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed) : {};
  } catch {
    return {};
  }
}

export function createLayoutStore(storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
  const saved = readSaved(storage);
  const state = reactive<LayoutState>({
    sidebarCollapsed: typeof saved.sidebarCollapsed === 'boolean' ? saved.sidebarCollapsed : DEFAULT_LAYOUT.sidebarCollapsed,
    sidebarWidth: clamp(Number(saved.sidebarWidth) || DEFAULT_LAYOUT.sidebarWidth, LAYOUT_LIMITS.sidebarWidth),
    detailHeight: clamp(Number(saved.detailHeight) || DEFAULT_LAYOUT.detailHeight, LAYOUT_LIMITS.detailHeight),
    bytesHeight: clamp(Number(saved.bytesHeight) || DEFAULT_LAYOUT.bytesHeight, LAYOUT_LIMITS.bytesHeight),
  });
  watch(state, (value) => {
    try {
      storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(value));
    } catch {
      // Not being able to remember pane sizes is harmless.
    }
  });
  return {
    state,
    toggleSidebar(): void {
      state.sidebarCollapsed = !state.sidebarCollapsed;
    },
    resize(pane: keyof typeof LAYOUT_LIMITS, deltaPx: number): void {
      state[pane] = clamp(state[pane] + deltaPx, LAYOUT_LIMITS[pane]);
    },
  };
}

export type LayoutStore = ReturnType<typeof createLayoutStore>;
