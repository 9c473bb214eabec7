import { describe, expect, it } from 'vitest';
import { shortcutFor } from './useGlobalShortcuts.js';

const key = (k: string, mods: Partial<Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>> = {}, code = '') =>
  ({ key: k, code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods }) as KeyboardEvent;

describe('window shortcuts', () => {
  it('Ctrl+Shift+T follows the stream; Wireshark\'s Ctrl+Alt+Shift+T / U ask for TCP / UDP', () => {
    expect(shortcutFor(key('T', { ctrlKey: true, shiftKey: true }, 'KeyT'))).toBe('follow-stream');
    expect(shortcutFor(key('T', { ctrlKey: true, shiftKey: true, altKey: true }, 'KeyT'))).toBe('follow-tcp');
    expect(shortcutFor(key('U', { ctrlKey: true, shiftKey: true, altKey: true }, 'KeyU'))).toBe('follow-udp');
    // Alt can change event.key on some layouts: the physical key decides.
    expect(shortcutFor(key('Ŧ', { ctrlKey: true, shiftKey: true, altKey: true }, 'KeyT'))).toBe('follow-tcp');
    expect(shortcutFor(key('t', { ctrlKey: true }, 'KeyT'))).toBeNull();
    expect(shortcutFor(key('u', { ctrlKey: true, shiftKey: true }, 'KeyU'))).toBeNull();
  });

  it('keeps the others', () => {
    expect(shortcutFor(key('o', { ctrlKey: true }))).toBe('open');
    expect(shortcutFor(key('g', { metaKey: true }))).toBe('go-to-frame');
    expect(shortcutFor(key('F1'))).toBe('help');
    expect(shortcutFor(key('F6', { shiftKey: true }))).toBe('next-pane');
  });

  it('Ctrl+F and Ctrl+/ focus the filter bar; Ctrl+N / Ctrl+B find the next / previous match', () => {
    expect(shortcutFor(key('f', { ctrlKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('/', { ctrlKey: true }))).toBe('focus-filter');
    expect(shortcutFor(key('n', { ctrlKey: true }))).toBe('find-next');
    expect(shortcutFor(key('b', { ctrlKey: true }))).toBe('find-previous');
    expect(shortcutFor(key('f'))).toBeNull();
    expect(shortcutFor(key('n', { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
});
