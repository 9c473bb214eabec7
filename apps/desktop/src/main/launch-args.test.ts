import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCaseDir } from './case-dir.js';
import { parseLaunchArgs, userArgv } from './launch-args.js';

describe('parseLaunchArgs', () => {
  it('reads --case, --open and positional captures', () => {
    expect(parseLaunchArgs(['--case', 'cases/a', '--open', 'x.pcapng', 'y.pcap'])).toEqual({
      caseDir: 'cases/a', openPaths: ['x.pcapng', 'y.pcap'],
    });
  });

  it('accepts the --name=value form', () => {
    expect(parseLaunchArgs(['--case=/c', '--open=/x.pcap'])).toEqual({ caseDir: '/c', openPaths: ['/x.pcap'] });
  });

  it('ignores Chromium switches', () => {
    expect(parseLaunchArgs(['--no-sandbox', '--enable-logging', 'a.pcap'])).toEqual({ caseDir: null, openPaths: ['a.pcap'] });
  });

  it('treats everything after -- as files', () => {
    expect(parseLaunchArgs(['--', '--weird-name.pcap'])).toEqual({ caseDir: null, openPaths: ['--weird-name.pcap'] });
  });

  it('drops the executable and, unpackaged, the app path', () => {
    expect(userArgv(['/usr/bin/electron', '.', 'a.pcap'], false)).toEqual(['a.pcap']);
    expect(userArgv(['/opt/Wirewho/wirewho', 'a.pcap'], true)).toEqual(['a.pcap']);
  });
});

describe('resolveCaseDir', () => {
  it('defaults to <userData>/cases/default', () => {
    expect(resolveCaseDir(null, '/home/u/.config/Wirewho', '/cwd')).toBe(path.join('/home/u/.config/Wirewho', 'cases', 'default'));
  });

  it('resolves --case against the working directory', () => {
    expect(resolveCaseDir('cases/a', '/ud', '/work')).toBe(path.resolve('/work', 'cases/a'));
  });
});
