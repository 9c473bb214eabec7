/**
 * The app's dissector setting: which folder of dissectors to load and which of its files are switched
 * off, kept in the renderer's local storage (like the theme and the filter history: the analyst's
 * set-up, not case evidence) and handed to the engine at start-up, before any capture is opened.
 */
import type { DissectorsState, WirewhoApi } from '@wirewho/contract';

export const DISSECTOR_SETTINGS_KEY = 'wirewho.dissectors';

export interface DissectorSettings {
  folder: string | null;
  disabled: string[];
}

type Store = Pick<Storage, 'getItem' | 'setItem'> | null;

export function readDissectorSettings(storage: Store): DissectorSettings {
  try {
    const v = JSON.parse(storage?.getItem(DISSECTOR_SETTINGS_KEY) ?? 'null') as Partial<DissectorSettings> | null;
    const folder = typeof v?.folder === 'string' && v.folder !== '' ? v.folder : null;
    const disabled = Array.isArray(v?.disabled) ? v.disabled.filter((x): x is string => typeof x === 'string') : [];
    return { folder, disabled };
  } catch {
    return { folder: null, disabled: [] };
  }
}

/** Remembers what the engine now has loaded. */
export function saveDissectorSettings(storage: Store, state: DissectorsState): void {
  const settings: DissectorSettings = { folder: state.folder, disabled: state.files.filter((f) => !f.enabled).map((f) => f.file) };
  try { storage?.setItem(DISSECTOR_SETTINGS_KEY, JSON.stringify(settings)); } catch { /* storage full or disabled */ }
}

/** At start-up: loads the saved folder into the engine (nothing when none is saved or the engine already has it). */
export async function applyDissectorSettings(api: Pick<WirewhoApi, 'dissectors' | 'setDissectorFolder'>, storage: Store): Promise<DissectorsState | null> {
  const saved = readDissectorSettings(storage);
  if (saved.folder === null) return null;
  const now = await api.dissectors({});
  if (now.folder === saved.folder) return now;
  return api.setDissectorFolder({ folder: saved.folder, disabled: saved.disabled });
}
