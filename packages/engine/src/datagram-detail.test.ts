/**
 * The detail tree of reassembled IP datagrams, as Wireshark shows it (labels from `tshark -V` 4.0 on
 * PcapPlusPlus frag_http_req.pcap and ip6_fragments.pcap): the completing frame lists its fragments
 * and dissects TCP/UDP and above from a "Reassembled IPv4/IPv6" byte source; other fragments show
 * their payload as data and where it was reassembled.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DetailNodeDto, FrameDetail } from '@wirewho/contract';
import { Engine } from './engine.js';

const PCPP = fileURLToPath(new URL('../../../../shared/corpus/public/pcapplusplus/', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-datagram-detail-'));
const engines: Engine[] = [];
afterAll(async () => {
  for (const e of engines) await e.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function opened(file: string): Promise<Engine> {
  const engine = new Engine({ caseDir: mkdtempSync(path.join(tmp, 'case-')), writer: 'inline' });
  engines.push(engine);
  await engine.service.openEvidence({ path: path.join(PCPP, file) });
  await engine.idle();
  return engine;
}

function find(nodes: readonly DetailNodeDto[], field: string): DetailNodeDto | undefined {
  for (const n of nodes) {
    if (n.field === field) return n;
    const inner = find(n.children ?? [], field);
    if (inner) return inner;
  }
  return undefined;
}

const sourceBytes = (d: FrameDetail, n: DetailNodeDto) => Buffer.from(d.sources![n.source!].bytesBase64, 'base64').subarray(n.start, n.start + n.length);

describe.runIf(existsSync(PCPP))('reassembled IP datagrams in the detail tree', () => {
  it('frag_http_req.pcap frame 11: its 11 fragments, then TCP and HTTP from the reassembled bytes', async () => {
    const engine = await opened('frag_http_req.pcap');
    const d = await engine.service.frameDetail({ number: 11 });
    const fragments = d.tree.find((n) => n.field === 'ip.fragments')!;
    expect(fragments.label).toBe('[11 IPv4 Fragments (1480 bytes): #1(144), #2(144), #3(144), #4(144), #5(144), #6(144), #7(144), #8(144), #9(144), #10(144), #11(40)]');
    expect(fragments.children!.slice(0, 2).map((n) => n.label)).toEqual(['[Frame: 1, payload: 0-143 (144 bytes)]', '[Frame: 2, payload: 144-287 (144 bytes)]']);
    expect(find([fragments], 'ip.fragment.count')?.value).toBe('11');
    expect(find([fragments], 'ip.reassembled.length')?.value).toBe('1480');
    expect(d.sources?.map((s) => s.label)).toEqual(['Reassembled IPv4 (1480 bytes)']);
    // The layers above IP come from the reassembled bytes, not from this 40-byte fragment.
    expect(d.tree.map((n) => n.field)).toEqual(['frame', 'eth', 'ip', 'ip.fragments', 'tcp', 'http']);
    const tcp = d.tree.find((n) => n.field === 'tcp')!;
    expect(tcp.source).toBe(0);
    expect(find([tcp], 'tcp.srcport')?.label).toBe('Source Port: 64415');
    const host = find(d.tree, 'http.host')!;
    expect(sourceBytes(d, host).toString('latin1')).toBe('Host: js.bizographics.com\r\n');
    // A fragment's share is highlighted in the reassembled source.
    expect(sourceBytes(d, fragments.children![10]).length).toBe(40);
  });

  it('frag_http_req.pcap frame 1: a fragment shows its payload as data and where it was reassembled', async () => {
    const engine = await opened('frag_http_req.pcap');
    const d = await engine.service.frameDetail({ number: 1 });
    expect(d.tree.map((n) => n.field)).toEqual(['frame', 'eth', 'ip', 'data']);
    expect(find(d.tree, 'ip.reassembled_in')).toMatchObject({ label: '[Reassembled IPv4 in frame: 11]', value: '11' });
    expect(d.sources).toBeUndefined();
  });

  it('ip6_fragments.pcap frame 7: seven IPv6 fragments and the reassembled UDP datagram', async () => {
    const engine = await opened('ip6_fragments.pcap');
    const d = await engine.service.frameDetail({ number: 7 });
    expect(d.tree.find((n) => n.field === 'ipv6.fragments')?.label).toBe('[7 IPv6 Fragments (741 bytes): #1(120), #2(120), #3(120), #4(120), #5(120), #6(120), #7(21)]');
    expect(d.sources?.map((s) => s.label)).toEqual(['Reassembled IPv6 (741 bytes)']);
    const udp = d.tree.find((n) => n.field === 'udp')!;
    expect(find([udp], 'udp.length')?.label).toBe('Length: 737');
    expect(udp.source).toBe(0);
  });
});
