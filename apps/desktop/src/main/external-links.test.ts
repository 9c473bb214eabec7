import { describe, expect, it, vi } from 'vitest';
import { isAllowedExternalUrl, openExternalIfAllowed } from './external-links.js';

describe('shell.openExternal allow-list', () => {
  it.each([
    'https://www.wireshark.org/docs/man-pages/wireshark-filter.html',
    'https://github.com/wirewho/wirewho/issues',
  ])('opens %s', (url) => {
    const shell = { openExternal: vi.fn(async () => {}) };
    expect(openExternalIfAllowed(shell, url)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(url);
  });

  it.each([
    ['a URL from evidence', 'https://evil.example/payload'],
    ['plain http', 'http://www.wireshark.org/docs/'],
    ['a local file', 'file:///etc/passwd'],
    ['an SMB share', 'smb://10.0.0.1/share'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['javascript', 'javascript:alert(1)'],
    ['a look-alike host', 'https://www.wireshark.org.evil.example/docs/'],
    ['credentials before the host', 'https://www.wireshark.org@evil.example/docs/'],
    ['userinfo on an allowed host', 'https://user:pw@www.wireshark.org/docs/'],
    ['another port', 'https://www.wireshark.org:8443/docs/'],
    ['another path', 'https://github.com/evil/repo'],
    ['a path escaping the prefix', 'https://www.wireshark.org/docs/../download/evil.exe'],
    ['not a URL', 'www.wireshark.org/docs/'],
  ])('refuses %s', (_what, url) => {
    const shell = { openExternal: vi.fn(async () => {}) };
    expect(openExternalIfAllowed(shell, url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('normalises before deciding (dot segments cannot leave the allowed prefix)', () => {
    expect(isAllowedExternalUrl('https://www.wireshark.org/docs/./a/../b')).toBe(true);
    expect(isAllowedExternalUrl('https://www.wireshark.org/docs/%2e%2e/x')).toBe(false);
  });
});
