/**
 * Command line of the desktop app:
 *   wirewho [--case <dir>] [--open <file>]... [capture files...]
 * Chromium/Electron switches (any other --flag) are left alone; positional arguments are captures.
 */

export interface LaunchArgs {
  caseDir: string | null;
  openPaths: string[];
}

const VALUE_OPTIONS = new Set(['--case', '--open']);

/** `argv` is process.argv without the executable (and without the app path when unpackaged). */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const result: LaunchArgs = { caseDir: null, openPaths: [] };
  const assign = (option: string, value: string): void => {
    if (option === '--case') result.caseDir = value;
    else result.openPaths.push(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined || arg === '') continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value) assign(name, value);
      continue;
    }
    if (arg === '--') {
      result.openPaths.push(...argv.slice(i + 1).filter((a) => a !== ''));
      break;
    }
    if (arg.startsWith('-')) continue;
    result.openPaths.push(arg);
  }
  return result;
}

/** The user's part of process.argv: packaged apps have [exe, ...], `electron .` has [electron, app, ...]. */
export function userArgv(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2);
}
