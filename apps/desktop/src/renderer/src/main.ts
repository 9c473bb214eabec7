/** Renderer entry: find the API, build the workbench, mount the app (or explain why it cannot). */
import { createApp } from 'vue';
import type { WirewhoApi } from '@wirewho/contract';
import App from './App.vue';
import StartupError from './components/StartupError.vue';
import { resolveApi } from './api/resolve-api.js';
import { createWorkbench, WORKBENCH_KEY } from './stores/workbench.js';
import { applyDissectorSettings } from './lib/dissector-settings.js';
import './styles/theme.css';
import './styles/base.css';

function safeStorage(get: () => Storage): Storage | null {
  try {
    return get();
  } catch {
    return null; // storage disabled (e.g. opaque origin)
  }
}

async function boot(): Promise<void> {
  const host = window as Window & { wirewho?: WirewhoApi };
  let api: WirewhoApi;
  try {
    api = await resolveApi({
      wirewho: host.wirewho,
      location: window.location,
      history: window.history,
      sessionStorage: safeStorage(() => window.sessionStorage),
    });
  } catch (err) {
    createApp(StartupError, { message: err instanceof Error ? err.message : String(err) }).mount('#app');
    return;
  }
  const workbench = createWorkbench(api, {
    storage: safeStorage(() => window.localStorage),
    prefersDark: window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false,
    root: document.documentElement,
  });
  createApp(App).provide(WORKBENCH_KEY, workbench).mount('#app');
  // The saved dissector folder is loaded before anything is ingested; a failure is reported, not fatal.
  await applyDissectorSettings(api, safeStorage(() => window.localStorage))
    .catch((err: unknown) => workbench.notices.error('Cannot load the dissector folder', err));
  await workbench.start();
}

void boot();
