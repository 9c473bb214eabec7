import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { WIREWHO_VERSION } from './version.js';

it('equals the version of the engine, the CLI, the desktop app and the workspace', () => {
  for (const file of ['../package.json', '../../../apps/cli/package.json', '../../../apps/desktop/package.json', '../../../package.json']) {
    const pkg = JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as { version: string };
    expect(pkg.version, file).toBe(WIREWHO_VERSION);
  }
});
