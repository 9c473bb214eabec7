/** Unit and component tests of the desktop app; the repo root lists this file as a vitest project. */
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [vue()],
  test: {
    name: 'desktop',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    // Main-process tests run in node; renderer tests opt into happy-dom with a file comment.
    environment: 'node',
  },
});
