import { describe, expect, it } from 'vitest';
import { revealInvisible } from './reveal-invisible.js';

describe('revealInvisible', () => {
  it('shows bidi overrides, isolates, marks and zero-width characters as escapes', () => {
    expect(revealInvisible('invoice\u202Efdp.exe\u202C')).toBe('invoice\\u202Efdp.exe\\u202C');
    expect(revealInvisible('zero\u200Bwidth\u2066iso\u2069\u200E\uFEFF\u061C')).toBe('zero\\u200Bwidth\\u2066iso\\u2069\\u200E\\uFEFF\\u061C');
  });

  it('leaves ordinary text, other scripts and emoji alone', () => {
    for (const s of ['GET / HTTP/1.1', 'שלום עולם', 'مرحبا', 'naïve café', '日本語', '👩‍💻', '<script>x</script>']) {
      expect(revealInvisible(s)).toBe(s);
    }
  });
});
