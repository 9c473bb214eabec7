import { describe, expect, it } from 'vitest';
import { followAscii, followHexLines, followRawHex, formatFollowBytes, gapReasonText } from './follow-text.js';

describe('follow text', () => {
  it('shows printable bytes, keeps line breaks, dots the rest', () => {
    expect(followAscii(new Uint8Array([0x47, 0x45, 0x54, 0x0d, 0x0a, 0x00, 0xff, 0x09]))).toBe('GET\r\n..\t');
  });

  it('hex lines carry the stream offset and two groups of eight', () => {
    const lines = followHexLines(new Uint8Array([...'HTTP/1.1 200 OK\r\n'].map((c) => c.charCodeAt(0))), 0x100);
    expect(lines).toEqual([
      '00000100  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  HTTP/1.1 200 OK.',
      '00000110  0a                                                .',
    ]);
  });

  it('raw is contiguous hex', () => {
    expect(followRawHex(new Uint8Array([0, 1, 0xab]))).toBe('0001ab');
    expect(formatFollowBytes(2048)).toBe('2.0 KiB');
  });

  it('says why a gap is there in words, and keeps an unknown reason code as it is', () => {
    expect(gapReasonText('acked-unseen')).toBe('acknowledged by the peer but never captured');
    expect(gapReasonText('end')).toBe('never filled before the capture ended');
    expect(gapReasonText('something-new')).toBe('something-new');
  });
});
