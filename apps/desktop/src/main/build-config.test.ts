/**
 * The packaged app's fuses and archive settings, read from electron-builder.yml (packaging itself
 * cannot run on these machines). Fuses are flipped in the Electron binary at build time, so they hold
 * even if someone sets ELECTRON_RUN_AS_NODE or NODE_OPTIONS on the analyst's machine.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const config = readFileSync(new URL('../../../../electron-builder.yml', import.meta.url), 'utf8');

/** `key: value` lines of a top-level block (or of the top level with block = null); enough for this file. */
function block(name: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  let inside = name === null;
  for (const line of config.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const top = /^([A-Za-z][\w]*):\s*(.*)$/.exec(line);
    if (top) {
      inside = name === null || top[1] === name;
      if (name === null) out[top[1]] = top[2].trim();
      continue;
    }
    const nested = /^ {2}([A-Za-z][\w]*):\s*(.*)$/.exec(line);
    if (inside && name !== null && nested) out[nested[1]] = nested[2].trim();
  }
  return out;
}

describe('electron-builder configuration', () => {
  it('sets the security fuses', () => {
    expect(block('electronFuses')).toEqual({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
  });

  it('packs the app into an asar archive and ships only the build output', () => {
    const top = block(null);
    expect(top.asar).toBe('true');
    expect(top.npmRebuild).toBe('false');
    expect(config).toMatch(/^files:\n {2}- out\/\*\*\n {2}- "!\*\*\/\*\.map"$/m);
  });

  it('keeps the hardened runtime on macOS', () => {
    expect(block('mac').hardenedRuntime).toBe('true');
  });
});
