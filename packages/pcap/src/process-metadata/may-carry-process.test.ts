import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect } from '../../testing/collect.js';
import { CORPUS, readCapture } from '../../testing/corpus.js';
import { mayCarryProcess } from './may-carry-process.js';
import { ProcessContext } from './process-context.js';
import { processFromFrame } from './process-from-frame.js';

function frames(file: string) {
  const c = collect(readCapture(join(CORPUS, file)));
  const ctx = new ProcessContext();
  c.interfaces.forEach((i) => ctx.addInterface(i));
  c.sideBlocks.forEach((b) => ctx.addSideBlock(b));
  return c.frames.map((f) => ({ may: mayCarryProcess(f), attributed: processFromFrame(f, ctx) !== null }));
}

describe('mayCarryProcess', () => {
  it.each(['synthetic/tcpshark_layout_synthetic.pcapng', 'public/ptcpdump/ptcpdump_curl-user.pcapng'])('never skips an attributed frame: %s', (file) => {
    const r = frames(file);
    expect(r.some((x) => x.attributed)).toBe(true);
    for (const x of r) if (x.attributed) expect(x.may).toBe(true);
  });

  it.each(['captures/lo_mix.pcapng', 'public/tcpdump/dns_udp.pcap'])('skips every frame of a capture without metadata: %s', (file) => {
    const r = frames(file);
    expect(r.length).toBeGreaterThan(0);
    expect(r.filter((x) => x.may)).toEqual([]);
  });
});
