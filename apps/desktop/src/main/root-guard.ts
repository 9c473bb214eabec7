/**
 * Wirewho opens untrusted evidence; parsing it as root would turn any parser bug into a root
 * compromise, and Chromium's sandbox does not work for root either. Live capture gets its privileges
 * from the capture helper, never from running the whole app as root.
 */

export interface RootGuardInput {
  getuid?: () => number;
  env: Record<string, string | undefined>;
}

export const ALLOW_ROOT_ENV = 'WIREWHO_ALLOW_ROOT';

/** Returns the message to print when the app must refuse to start, or null when it may run. */
export function rootRefusalMessage({ getuid, env }: RootGuardInput): string | null {
  if (getuid?.() !== 0) return null;
  // Escape hatch for CI containers only, where everything runs as uid 0 (those also need --no-sandbox).
  if (env[ALLOW_ROOT_ENV] === '1') return null;
  return [
    'Wirewho refuses to run as root.',
    'Start it as your normal user; live capture uses a separate privileged helper instead.',
    `(${ALLOW_ROOT_ENV}=1 exists only for throwaway CI containers that have no other user.)`,
  ].join('\n');
}
