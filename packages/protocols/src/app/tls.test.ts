import { describe, expect, it } from 'vitest';
import { dissectFrame } from '../detail.js';
import { summarizeFrame } from '../summary.js';
import { ascii, eth, ipv4, tcp, u16 } from '../test-frames.js';
import type { DetailNode } from '../types.js';
import { clientHelloSni } from './tls.js';

const rec = (type: number, ver: number, body: number[]) => [type, ...u16(ver), ...u16(body.length), ...body];
const hs = (type: number, body: number[]) => [type, 0, (body.length >> 8) & 0xff, body.length & 0xff, ...body];
const seg = (payload: number[], sp = 40000, dp = 443) => eth(0x0800, ipv4({}, tcp({ sp, dp }, payload)));

function clientHello(sni: string): number[] {
  const name = ascii(sni);
  const sniExt = [...u16(0), ...u16(name.length + 5), ...u16(name.length + 3), 0, ...u16(name.length), ...name];
  const body = [...u16(0x0303), ...new Array(32).fill(7), 0, ...u16(2), 0x13, 0x01, 1, 0, ...u16(sniExt.length), ...sniExt];
  return hs(1, body);
}

function serverHello(version13: boolean): number[] {
  const ext = version13 ? [...u16(43), ...u16(2), ...u16(0x0304)] : [];
  return hs(2, [...u16(0x0303), ...new Array(32).fill(1), 0, 0x13, 0x01, 0, ...u16(ext.length), ...ext]);
}

describe('TLS recogniser', () => {
  it('Client Hello on 443 with record version TLS 1.0 (as browsers send)', () => {
    const f = seg(rec(22, 0x0301, clientHello('example.com')));
    expect(summarizeFrame(1, f, f.length)).toMatchObject({ protocol: 'TLSv1', info: 'Client Hello', protocols: 'eth:ethertype:ip:tcp:tls' });
  });

  it('Server Hello selecting TLS 1.3, then CCS and encrypted records', () => {
    const f = seg([...rec(22, 0x0303, serverHello(true)), ...rec(20, 0x0303, [1]), ...rec(23, 0x0303, [1, 2, 3])], 443, 40000);
    expect(summarizeFrame(1, f, f.length)).toMatchObject({ protocol: 'TLSv1.3', info: 'Server Hello, Change Cipher Spec, Application Data' });
  });

  it('several handshake messages in one record; encrypted handshake after CCS; alerts', () => {
    const multi = seg(rec(22, 0x0303, [...serverHello(false), ...hs(11, [0, 0, 0]), ...hs(14, [])]), 443, 40000);
    expect(summarizeFrame(1, multi, multi.length).info).toBe('Server Hello, Certificate, Server Hello Done');
    const enc = seg([...rec(20, 0x0303, [1]), ...rec(22, 0x0303, new Array(40).fill(0x99))]);
    expect(summarizeFrame(1, enc, enc.length).info).toBe('Change Cipher Spec, Encrypted Handshake Message');
    const alert = seg(rec(21, 0x0303, [1, 0]));
    expect(summarizeFrame(1, alert, alert.length).info).toBe('Alert (Level: Warning, Description: Close Notify)');
    const encAlert = seg(rec(21, 0x0303, new Array(26).fill(3)));
    expect(summarizeFrame(1, encAlert, encAlert.length).info).toBe('Encrypted Alert');
  });

  it('record cut by the snaplen', () => {
    const f = seg([...rec(20, 0x0303, [1]), ...rec(23, 0x0303, new Array(500).fill(0))]);
    expect(summarizeFrame(1, f.subarray(0, 80), f.length).info).toBe('Change Cipher Spec[Packet size limited during capture]');
  });

  it('not TLS: wrong first byte or version', () => {
    const f = seg([0x16, 0x02, 0x00, 0, 1, 0]);
    expect(summarizeFrame(1, f, f.length).protocol).toBe('TCP');
  });

  it('SNI in the detail tree and hostile extension lengths', () => {
    const ch = clientHello('tls.corpus.test');
    const f = seg(rec(22, 0x0301, ch));
    const flat: DetailNode[] = [];
    const walk = (ns: DetailNode[]) => ns.forEach((n) => { flat.push(n); if (n.children) walk(n.children); });
    walk(dissectFrame(f, { number: 1, linkType: 1, tsNs: 0n, capLen: f.length, origLen: f.length, interfaceId: 0 }));
    expect(flat.find((n) => n.field === 'tls.handshake.extensions_server_name')?.value).toBe('tls.corpus.test');
    expect(flat.find((n) => n.field === 'tls.record.version')?.value).toBe('0x0301');
    expect(flat.find((n) => n.field === 'tls.handshake.type')?.value).toBe('1');
    const bad = Uint8Array.from([...ch.slice(4, 4 + 38), 0xff, 0xff, 0xff]);
    expect(clientHelloSni(bad, 0, bad.length)).toBeUndefined();
  });
});
