import { describe, expect, it } from 'vitest';
import { rootRefusalMessage } from './root-guard.js';

describe('rootRefusalMessage', () => {
  it('refuses uid 0 with a clear message', () => {
    const message = rootRefusalMessage({ getuid: () => 0, env: {} });
    expect(message).toMatch(/refuses to run as root/);
  });

  it('lets normal users run', () => {
    expect(rootRefusalMessage({ getuid: () => 1000, env: {} })).toBeNull();
  });

  it('lets Windows run (no getuid)', () => {
    expect(rootRefusalMessage({ env: {} })).toBeNull();
  });

  it('allows root only with WIREWHO_ALLOW_ROOT=1 exactly (CI containers)', () => {
    expect(rootRefusalMessage({ getuid: () => 0, env: { WIREWHO_ALLOW_ROOT: '1' } })).toBeNull();
    expect(rootRefusalMessage({ getuid: () => 0, env: { WIREWHO_ALLOW_ROOT: 'yes' } })).not.toBeNull();
  });
});
