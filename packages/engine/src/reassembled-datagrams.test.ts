/**
 * A frame that completed an IP reassembly answers filters with the reassembled datagram's TCP/UDP
 * layers, as tshark shows them there (PcapPlusPlus frag_http_req.pcap and ip6_fragments.pcap, tshark 4.0).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { DecodedFields } from './decoded-fields.js';
import { ingestEvidenceFile } from './ingest.js';

const PCPP = fileURLToPath(new URL('../../../../shared/corpus/public/pcapplusplus/', import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-reassembled-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ingested(file: string): Promise<{ dir: string; tcpFlags: (n: number) => number | null }> {
  const dir = mkdtempSync(path.join(tmp, 'case-'));
  const index = CaseIndex.open(dir);
  await ingestEvidenceFile(index, path.join(PCPP, file), { writer: 'inline' });
  const flags = new Map((index.db.prepare('SELECT number, tcp_flags AS f FROM frames').all() as { number: number; f: number | null }[]).map((r) => [r.number, r.f]));
  index.close();
  return { dir, tcpFlags: (n) => flags.get(n) ?? null };
}

describe.runIf(existsSync(PCPP))('reassembled datagrams in decoded fields', () => {
  it('frag_http_req.pcap: the 11th fragment shows the reassembled TCP segment and its HTTP request', async () => {
    const { dir, tcpFlags } = await ingested('frag_http_req.pcap');
    const d = new DecodedFields(dir);
    try {
      expect(d.values(11, 'frame.protocols', 'string')).toEqual(['eth:ethertype:ip:tcp:http']);
      expect(d.values(11, 'tcp.len', 'int')).toEqual([1460]);
      const payload = d.values(11, 'tcp.payload', 'bytes')[0] as Uint8Array;
      expect(payload).toHaveLength(1460);
      expect(Buffer.from(payload.subarray(0, 4)).toString('latin1')).toBe('GET ');
      expect(d.values(11, 'ip.frag_offset', 'int')).toEqual([180]); // the frame's own IP header stays
      expect(tcpFlags(11)).toBe(0x018);
      // a middle fragment: no transport layer
      expect(d.values(10, 'frame.protocols', 'string')).toEqual(['eth:ethertype:ip:data']);
      expect(d.values(10, 'tcp.len', 'int')).toEqual([]);
      expect(tcpFlags(10)).toBeNull();
    } finally {
      d.close();
    }
  });

  it('ip6_fragments.pcap: an mDNS message over IPv6 fragments', async () => {
    const { dir } = await ingested('ip6_fragments.pcap');
    const d = new DecodedFields(dir);
    try {
      expect(d.values(7, 'frame.protocols', 'string')).toEqual(['eth:ethertype:ipv6:ipv6.fraghdr:udp:mdns']);
      expect(d.values(7, 'udp.srcport', 'int')).toEqual([5353]);
      expect(d.values(29, 'frame.protocols', 'string')).toEqual(['eth:ethertype:ipv6:ipv6.fraghdr:udp:data']);
      expect(d.values(29, 'udp.length', 'int')).toEqual([999]);
      expect(d.values(1, 'udp.srcport', 'int')).toEqual([]);
    } finally {
      d.close();
    }
  });
});
