import { describe, expect, it, vi } from 'vitest';
import { rendererCommandScript, sendRendererCommand } from './renderer-commands.js';

describe('renderer commands', () => {
  it('builds a constant dispatch script for allow-listed commands', () => {
    expect(rendererCommandScript('toggle-theme'))
      .toBe('window.dispatchEvent(new CustomEvent("wirewho:command", { detail: "toggle-theme" }))');
  });

  it('refuses anything else', () => {
    expect(() => rendererCommandScript('"); alert(1); ("' as never)).toThrow(/unknown renderer command/);
  });

  it('skips destroyed contents', () => {
    const executeJavaScript = vi.fn(async () => undefined);
    sendRendererCommand({ executeJavaScript, isDestroyed: () => true }, 'open-capture');
    expect(executeJavaScript).not.toHaveBeenCalled();
    sendRendererCommand({ executeJavaScript, isDestroyed: () => false }, 'open-capture');
    expect(executeJavaScript).toHaveBeenCalledOnce();
  });
});
