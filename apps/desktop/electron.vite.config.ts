/**
 * electron-vite build of the three Electron targets.
 * - main: Node target; workspace packages (TypeScript sources) are bundled, native modules stay external
 *   so they load from node_modules (unpacked from the asar by electron-builder).
 * - preload: one self-contained CommonJS file, because sandboxed preloads can only `require('electron')`.
 * - renderer: the Vue app rooted at src/renderer (index.html there).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const nativeModules = ['better-sqlite3', 'cap'];
const workspacePackages = ['@wirewho/engine', '@wirewho/contract'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: workspacePackages },
      rollupOptions: {
        input: {
          index: resolve(here, 'src/main/index.ts'),
          // The case index commits on a worker thread and looks for this file next to its own code
          // (without it, it falls back to writing on the main thread).
          'writer-worker': resolve(here, '../../packages/index/src/writer-worker.mjs'),
        },
        external: nativeModules,
        output: {
          entryFileNames: (chunk) => (chunk.name === 'writer-worker' ? '[name].mjs' : '[name].js'),
        },
      },
    },
  },
  preload: {
    build: {
      // Bundle everything (the contract and zod) into the single sandbox-compatible file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(here, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(here, 'src/renderer'),
    plugins: [vue()],
    build: {
      rollupOptions: { input: { index: resolve(here, 'src/renderer/index.html') } },
    },
  },
});
