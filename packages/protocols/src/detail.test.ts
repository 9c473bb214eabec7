import { describe, expect, it } from 'vitest';
import { dissectFrame } from './detail.js';
import { eth, ipv4, tcp, udp } from './test-frames.js';
import type { DetailNode } from './types.js';

function all(nodes: DetailNode[], out: DetailNode[] = []): DetailNode[] {
  for (const n of nodes) {
    out.push(n);
    if (n.children) all(n.children, out);
  }
  return out;
}

describe('dissectFrame: the Frame node', () => {
  const f = eth(0x0800, ipv4({ proto: 17 }, udp(5000, 6000, [1, 2])));
  const ctx = {
    number: 7, linkType: 1, tsNs: 1_795_424_580_361_256_123n, capLen: f.length, origLen: 100, interfaceId: 2,
    interfaceName: 'eth0', comments: ['pid=42 cmd=curl', 'second'], flags: 0x1,
  };
  const t = dissectFrame(f, ctx);
  const by = (x: string) => all(t).filter((n) => n.field === x);

  it('summary line and fields', () => {
    expect(t[0]).toMatchObject({
      field: 'frame', start: 0, length: f.length,
      label: `Frame 7: 100 bytes on wire (800 bits), ${f.length} bytes captured (${f.length * 8} bits) on interface eth0, id 2`,
    });
    expect(by('frame.number')[0].value).toBe('7');
    expect(by('frame.time_epoch')[0]).toMatchObject({ value: '1795424580.361256123', label: 'Epoch Time: 1795424580.361256123 seconds' });
    expect(by('frame.time')[0].value).toBe('Nov 23, 2026 09:03:00.361256123 UTC');
    expect(by('frame.len')[0]).toMatchObject({ value: '100', label: 'Frame Length: 100 bytes (800 bits)' });
    expect(by('frame.cap_len')[0].value).toBe(String(f.length));
    expect(by('frame.interface_id')[0]).toMatchObject({ value: '2', label: 'Interface id: 2 (eth0)' });
    expect(by('frame.interface_name')[0].value).toBe('eth0');
    expect(by('frame.encap_type')[0].label).toBe('Encapsulation type: Ethernet (1)');
    expect(by('frame.protocols')[0].value).toBe('eth:ethertype:ip:udp:data');
    expect(by('frame.comment').map((n) => n.value)).toEqual(['pid=42 cmd=curl', 'second']);
    expect(by('frame.packet_flags_direction')[0].label).toBe('Direction: Inbound (0x1)');
  });

  it('layers follow in frame order and byte ranges stay inside the frame', () => {
    expect(t.map((n) => n.field)).toEqual(['frame', 'eth', 'ip', 'udp', 'data']);
    for (const n of all(t)) {
      expect(n.start).toBeGreaterThanOrEqual(0);
      expect(n.start + n.length).toBeLessThanOrEqual(f.length);
    }
  });

  it('negative and pre-1970 timestamps print like wiretap (floored seconds, positive fraction)', () => {
    // wiretap builds secs = ts/units + if_tsoffset, nsecs = the positive remainder: -1.5 s is {-2, 0.5}.
    const x = dissectFrame(f, { ...ctx, tsNs: -1_500_000_000n });
    expect(all(x).find((n) => n.field === 'frame.time_epoch')?.value).toBe('-2.500000000');
  });
});

describe('dissectFrame: truncation', () => {
  it('snaplen cut: fields up to the cut, then the size-limited line', () => {
    const full = eth(0x0800, ipv4({}, tcp({}, new Uint8Array(100))));
    const cut = full.subarray(0, 40);
    const t = dissectFrame(cut, { number: 1, linkType: 1, tsNs: 0n, capLen: 40, origLen: full.length, interfaceId: 0 });
    expect(t[t.length - 1]).toMatchObject({ field: '_ws.short', label: '[Packet size limited during capture: TCP truncated]' });
    expect(all(t).find((n) => n.field === 'tcp.srcport')?.value).toBe('45678');
    expect(all(t).find((n) => n.field === 'tcp.seq_raw')).toBeUndefined();
  });

  it('frame shorter than its headers claim: malformed line', () => {
    const full = eth(0x0800, ipv4({}, tcp({})));
    const cut = full.subarray(0, 40);
    const t = dissectFrame(cut, { number: 1, linkType: 1, tsNs: 0n, capLen: 40, origLen: 40, interfaceId: 0 });
    expect(t[t.length - 1]).toMatchObject({ field: '_ws.malformed', label: '[Malformed Packet: TCP]' });
  });

  it('unknown link type: the whole frame is data', () => {
    const t = dissectFrame(Uint8Array.from([1, 2, 3]), { number: 1, linkType: 147, tsNs: 0n, capLen: 3, origLen: 3, interfaceId: 0 });
    expect(t[1]).toMatchObject({ field: 'data', label: 'Data (3 bytes)', start: 0, length: 3 });
    expect(all(t).find((n) => n.field === 'frame.encap_type')?.label).toBe('Encapsulation type: USER0 (LINKTYPE 147)');
  });
});
