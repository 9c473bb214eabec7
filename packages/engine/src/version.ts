/**
 * The version written into exports, case files and custody entries. A constant rather than a read of
 * package.json at run time: the desktop app bundles the engine, where that relative file does not exist.
 * version.test.ts keeps it equal to the packages' versions.
 */
export const WIREWHO_VERSION = '0.1.0';
