/** Light/dark theme: the user's choice persisted in localStorage, else the system preference. */
import { ref, watch } from 'vue';

export type Theme = 'light' | 'dark';
export const THEME_STORAGE_KEY = 'wirewho.theme';

export interface ThemeEnvironment {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  prefersDark: boolean;
  root: HTMLElement;
}

export function createThemeStore({ storage, prefersDark, root }: ThemeEnvironment) {
  const saved = storage?.getItem(THEME_STORAGE_KEY);
  const theme = ref<Theme>(saved === 'light' || saved === 'dark' ? saved : prefersDark ? 'dark' : 'light');
  const apply = (value: Theme): void => {
    root.dataset.theme = value;
    root.style.colorScheme = value;
  };
  apply(theme.value);
  watch(theme, (value) => {
    apply(value);
    try {
      storage?.setItem(THEME_STORAGE_KEY, value);
    } catch {
      // Storage may be full or disabled; the theme still applies for this session.
    }
  });
  return {
    theme,
    toggle(): void {
      theme.value = theme.value === 'dark' ? 'light' : 'dark';
    },
  };
}

export type ThemeStore = ReturnType<typeof createThemeStore>;
