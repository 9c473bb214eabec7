import { describe, expect, it } from 'vitest';
import { createTrustedSenderCheck } from './trusted-sender.js';

describe('createTrustedSenderCheck', () => {
  const isOwn = (url: string) => url === 'file:///app/index.html';

  it('accepts the main window showing our page', () => {
    const check = createTrustedSenderCheck(() => 1, isOwn);
    expect(check({ sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html' } })).toBe(true);
  });

  it('refuses everything while no window exists', () => {
    const check = createTrustedSenderCheck(() => null, isOwn);
    expect(check({ sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html' } })).toBe(false);
  });

  it('refuses other contents and other pages', () => {
    const check = createTrustedSenderCheck(() => 1, isOwn);
    expect(check({ sender: { id: 2 }, senderFrame: { url: 'file:///app/index.html' } })).toBe(false);
    expect(check({ sender: { id: 1 }, senderFrame: { url: 'file:///app/other.html' } })).toBe(false);
    expect(check({ sender: { id: 1 }, senderFrame: undefined })).toBe(false);
  });
});
