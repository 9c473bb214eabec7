import { describe, expect, it } from 'vitest';
import { summarizeFrame } from '../summary.js';
import { ascii, eth, ipv4, tcp } from '../test-frames.js';
import { looksLikeHttp } from './http.js';

const seg = (sp: number, dp: number, text: string) => eth(0x0800, ipv4({}, tcp({ sp, dp }, ascii(text))));

describe('HTTP recogniser', () => {
  it('request and response lines', () => {
    expect(summarizeFrame(1, seg(40000, 8080, 'POST /upload HTTP/1.1\r\nHost: a\r\n\r\nxyz'), 0)).toMatchObject({
      protocol: 'HTTP', info: 'POST /upload HTTP/1.1 ',
    });
    const r = seg(80, 40000, 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    expect(summarizeFrame(1, r, r.length).info).toBe('HTTP/1.1 200 OK ');
  });

  it('needs an HTTP port and a method/status start', () => {
    const a = seg(40000, 9999, 'GET / HTTP/1.1\r\n\r\n');
    expect(summarizeFrame(1, a, a.length).protocol).toBe('TCP');
    const b = seg(40000, 80, 'get / HTTP/1.1\r\n\r\n');
    expect(summarizeFrame(1, b, b.length).protocol).toBe('TCP');
    expect(looksLikeHttp(Uint8Array.from(ascii('GE')), 0, 2)).toBe(false);
    expect(looksLikeHttp(Uint8Array.from(ascii('HTTP/')), 0, 5)).toBe(true);
  });

  it('control bytes are escaped and a cut request says so', () => {
    const f = seg(40000, 80, 'GET /a\x01b HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(summarizeFrame(1, f, f.length).info).toBe('GET /a\\x01b HTTP/1.1 ');
    const cut = f.subarray(0, 14 + 20 + 20 + 10);
    expect(summarizeFrame(1, cut, f.length).info).toBe('GET /a\\x01b H [Packet size limited during capture]');
  });
});
