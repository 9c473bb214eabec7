import { describe, expect, it } from 'vitest';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_PKTAP, isKnownLinkType, linkTypeName } from './linktypes.js';

describe('link types', () => {
  it('knows the types the protocols layer decodes', () => {
    for (const lt of [0, 1, 12, 14, 101, 108, 113, 228, 229, 258, 276]) expect(isKnownLinkType(lt)).toBe(true);
    for (const lt of [9, 147, 160, 239, 253, 65535]) expect(isKnownLinkType(lt)).toBe(false);
  });

  it('names them for display', () => {
    expect(linkTypeName(LINKTYPE_ETHERNET)).toBe('Ethernet');
    expect(linkTypeName(LINKTYPE_LINUX_SLL2)).toBe('Linux cooked-mode capture v2');
    expect(linkTypeName(LINKTYPE_PKTAP)).toBe('Apple PKTAP');
    expect(linkTypeName(160)).toBe('LINKTYPE 160');
  });
});
