/** The Node /proc reader returns whole files, also seq_file tables longer than one read() page. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeProcFs } from './proc-fs.js';

describe.skipIf(process.platform !== 'linux')('nodeProcFs', () => {
  it('reads multi-page /proc files whole and reports errors as absent', () => {
    const maps = nodeProcFs.readFile('/proc/self/maps')!;
    expect(maps.length).toBeGreaterThan(4096);
    expect(maps.split('\n').length).toBe(readFileSync('/proc/self/maps', 'latin1').split('\n').length);
    expect(nodeProcFs.readFile('/proc/net/tcp')!.startsWith('  sl')).toBe(true);
    expect(nodeProcFs.readFile('/proc/0/stat')).toBeUndefined();
    expect(nodeProcFs.readdir('/proc/self/fd')!.length).toBeGreaterThan(0);
    expect(nodeProcFs.readlink('/proc/self/exe')).toBe(process.execPath);
    expect(nodeProcFs.readlink('/nonexistent')).toBeUndefined();
  });
});
