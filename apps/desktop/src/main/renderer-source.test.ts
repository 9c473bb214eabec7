import { describe, expect, it } from 'vitest';
import { isAllowedRequestUrl, isOwnRendererUrl, resolveRendererSource } from './renderer-source.js';

describe('renderer source', () => {
  const file = resolveRendererSource(undefined, '/opt/Wirewho/resources/app.asar/out/renderer/index.html');
  const dev = resolveRendererSource('http://localhost:5173/', '/unused');

  it('recognises the built page, ignoring hash and query', () => {
    expect(file.url).toBe('file:///opt/Wirewho/resources/app.asar/out/renderer/index.html');
    expect(isOwnRendererUrl(file, `${file.url}#/x`)).toBe(true);
    expect(isOwnRendererUrl(file, `${file.url}?a=1`)).toBe(true);
    expect(isOwnRendererUrl(file, 'file:///opt/Wirewho/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(isOwnRendererUrl(file, 'http://localhost:5173/')).toBe(false);
    expect(isOwnRendererUrl(file, 'not a url')).toBe(false);
    expect(isOwnRendererUrl(file, undefined)).toBe(false);
  });

  it('recognises the dev server by origin', () => {
    expect(isOwnRendererUrl(dev, 'http://localhost:5173/index.html')).toBe(true);
    expect(isOwnRendererUrl(dev, 'http://localhost:5174/')).toBe(false);
  });

  it('only accepts a loopback http dev server', () => {
    expect(() => resolveRendererSource('https://example.com/', '/x')).toThrow(/loopback/);
    expect(() => resolveRendererSource('http://192.168.1.2:5173/', '/x')).toThrow(/loopback/);
  });

  it('allows requests to our files and the dev server only', () => {
    expect(isAllowedRequestUrl(file, 'file:///opt/Wirewho/resources/app.asar/out/renderer/assets/a.js')).toBe(true);
    expect(isAllowedRequestUrl(file, 'file:///opt/Wirewho/resources/app.asar/out/main/index.js')).toBe(false);
    expect(isAllowedRequestUrl(file, 'https://cdn.example/x.js')).toBe(false);
    expect(isAllowedRequestUrl(dev, 'ws://localhost:5173/')).toBe(true);
    expect(isAllowedRequestUrl(dev, 'http://localhost:9999/')).toBe(false);
  });
});
