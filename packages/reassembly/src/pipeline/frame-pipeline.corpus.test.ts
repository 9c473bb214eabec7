/**
 * Conformance against the shared corpus: for every capture with a tshark oracle, parser -> pipeline
 * must give tshark's tcp.stream / udp.stream numbering, node0/node1 and first frame, the reassembled
 * bytes of every TCP direction (SHA-256 of `tshark -z follow,tcp,raw`), and every IP datagram tshark
 * reassembled (frame, fragments, length, payload hash, overlap flags).
 *
 * How tshark 4.0's Follow output relates to ours:
 * - Where a peer acknowledged bytes the capture never saw, Follow prints "[N bytes missing in capture
 *   file]" + NUL; we record an 'acked-unseen' gap of N bytes at the same place. tsharkFollowView()
 *   renders our gaps that way, and the hashes must then be equal.
 * - Follow stops at a permanent hole (the oracle marks such directions `shorter_than_tcp_len_payload`);
 *   we record the gap and go on. There, our bytes up to that gap must equal tshark's output.
 * - Snaplen-truncated segments: Follow prints the captured bytes; we deliver the same bytes and record
 *   the cut-off remainder as 'truncated' gaps, so the concatenated data is equal.
 */
import { basename, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusCaptures, oracleFor, readCapture, type Oracle } from '../../testing/corpus.js';
import { directionBytes, runCapture, sha256, tsharkFollowView, type RunResult } from '../../testing/run-capture.js';

/**
 * Directions where we differ from tshark by design, with the reason. Each is still checked: our
 * bytes must be a prefix of tshark's, and the reason must be visible in our records.
 */
const KNOWN_DIFFERENCES: Record<string, { stream: number; dir: 0 | 1; why: string }[]> = {
  // A fuzzed frame (34) from node0 carries RST+FIN+URG mid-stream. We close the half on RST, as the
  // gopacket contract says, and count the later bytes in afterCloseBytes; tshark's Follow ignores flags.
  'linux_sll_oversized_addr.pcapng': [{ stream: 0, dir: 0, why: 'rst-closes-half' }],
};

const files = corpusCaptures().filter((f) => oracleFor(f) !== undefined);
const tally = { captures: 0, tcpStreams: 0, tcpDirections: 0, exact: 0, ackedMarkers: 0, prefixAtHole: 0, known: 0, udpStreams: 0, datagrams: 0 };

function checkTcp(name: string, o: Oracle, r: RunResult): void {
  const oracleIds = o.tcp_streams.map((s) => s.stream);
  if (oracleIds.length > 0) expect(r.tcp.size, 'streams numbered').toBe(Math.max(...oracleIds) + 1);
  for (const s of o.tcp_streams) {
    tally.tcpStreams++;
    const ours = r.tcp.get(s.stream);
    expect(ours, `tcp.stream ${s.stream}`).toBeDefined();
    const i = ours!.info;
    expect({ n0: i.node0, n1: i.node1, first: i.firstFrame }, `tcp.stream ${s.stream} tuple`).toEqual({
      n0: { addr: s.node0.ip, port: s.node0.port }, n1: { addr: s.node1.ip, port: s.node1.port }, first: s.first_frame,
    });
    expect(i.family).toBe(s.ip_version);
    if (s.client !== null) expect(i.client, `client of ${s.stream}`).toBe(s.client === 'node0' ? 0 : 1);
    for (const [dir, key] of [[0, 'node0_to_node1'], [1, 'node1_to_node0']] as const) {
      const od = s.reassembled?.[key];
      if (od === undefined) continue;
      tally.tcpDirections++;
      const d = ours!.dirs[dir];
      const all = directionBytes(d);
      if (all.length === od.len && sha256(all) === od.sha256) {
        tally.exact++;
        continue;
      }
      const known = KNOWN_DIFFERENCES[name]?.find((k) => k.stream === s.stream && k.dir === dir);
      if (known) {
        tally.known++;
        expect(all.length).toBeLessThan(od.len);
        expect(i.closed[dir]).toBe('rst');
        expect(i.afterCloseBytes[dir]).toBeGreaterThan(0);
        continue;
      }
      const view = tsharkFollowView(d);
      if (view.complete || od.shorter_than_tcp_len_payload === undefined) {
        // Same bytes once our acked-unseen gaps are printed as tshark's markers.
        expect({ len: view.bytes.length, sha: sha256(view.bytes) }, `tcp.stream ${s.stream} ${key}`).toEqual({ len: od.len, sha: od.sha256 });
        expect(d.gaps.some((g) => g.reason === 'acked-unseen')).toBe(true);
        tally.ackedMarkers++;
        continue;
      }
      // tshark stopped at a permanent hole: its output is our prefix up to the first such gap.
      expect(view.bytes.length, `tcp.stream ${s.stream} ${key} prefix`).toBeGreaterThanOrEqual(od.len);
      expect(sha256(view.bytes.subarray(0, od.len)), `tcp.stream ${s.stream} ${key} prefix`).toBe(od.sha256);
      tally.prefixAtHole++;
    }
  }
}

function checkUdp(o: Oracle, r: RunResult): void {
  const byId = new Map(r.udp.map((u) => [u.id, u]));
  for (const u of o.udp_streams) {
    tally.udpStreams++;
    const ours = byId.get(u.stream);
    expect(ours && { n0: ours.node0, n1: ours.node1, first: ours.firstFrame }, `udp.stream ${u.stream}`).toEqual({
      n0: { addr: u.node0.ip, port: u.node0.port }, n1: { addr: u.node1.ip, port: u.node1.port }, first: u.first_frame,
    });
  }
}

function checkFragments(o: Oracle, r: RunResult): void {
  const want = o.ip_fragments.reassembled.map((x) => ({
    frame: x.reassembled_in_frame, family: x.family === 'ipv4' ? 4 : 6, src: x.src, dst: x.dst, id: x.id,
    length: x.reassembled_length, frames: x.fragment_frames, overlap: x.overlap, conflict: x.overlap_conflict, sha: x.payload_sha256,
  }));
  const got = r.datagrams.map((d) => ({
    frame: d.completedIn, family: d.family, src: d.src, dst: d.dst, id: d.id,
    length: d.payload.length, frames: d.fragmentFrames, overlap: d.overlap, conflict: d.conflict, sha: sha256(d.payload),
  }));
  expect(got).toEqual(want);
  tally.datagrams += got.length;
  // Every group tshark left incomplete is recorded as incomplete by us, or its fragments were not
  // reassembly material for tshark either (header or length fields beyond the frame): they never
  // entered reassembly (FragmentStatus NONE or UNUSABLE).
  for (const g of o.ip_fragments.datagram_groups.filter((x) => !x.reassembled_by_tshark)) {
    const inc = r.incomplete.find((x) => x.src === g.src && x.dst === g.dst && x.id === g.id && x.fragmentFrames.includes(g.frames[0]));
    const unusable = g.frames.every((f) => r.verdicts.get(f)?.[4] === 0 || r.verdicts.get(f)?.[4] === 3);
    expect(inc !== undefined || unusable, `incomplete ${g.family} ${g.src}->${g.dst} id ${g.id}`).toBe(true);
  }
}

describe('corpus: reassembly against the tshark oracle', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
  });

  it.each(files.map((f) => [relative(CORPUS, f), f]))('%s', (_rel, file) => {
    const o = oracleFor(file)!;
    const r = runCapture(readCapture(file));
    tally.captures++;
    if (r.error === undefined) expect(r.frames).toBe(o.frame_count);
    checkTcp(basename(file), o, r);
    checkUdp(o, r);
    checkFragments(o, r);
  });

  afterAll(() => {
    console.log(`[reassembly corpus] ${JSON.stringify(tally)}`);
  });
});
