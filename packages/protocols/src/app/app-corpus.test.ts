/**
 * DNS / HTTP / TLS dissectors against the tshark oracle of every capture in ../shared/corpus.
 *
 * Each capture goes through @wirewho/pcap's CaptureParser and @wirewho/reassembly's FramePipeline;
 * every TCP direction is framed by this package's PduProtocols (test/app-harness.ts), UDP port-53
 * datagrams are dissected directly. Facts are grouped per frame like tshark's `-T fields -E occurrence=a`
 * (test/app-compare.ts) and must equal the oracle's `dns[]`, `http.requests/responses`,
 * `http_bodies_from_reassembled_streams` (SHA-256 of each de-chunked body) and `tls[]`.
 *
 * A PDU is reported in the frame that completed it: the highest-numbered frame whose bytes it holds
 * (tshark's "reassembled in"; the engine's PduRecord.reassembledIn is the frame of the last chunk
 * delivered, an older buffered segment when a retransmission fills a hole, e.g. netem_client frame
 * 6107 instead of 6166). An until-close HTTP response is reported in the frame that closed its
 * direction (the FIN), as tshark does.
 *
 * By-design differences (also in packages/protocols/README.md), each still checked as stated:
 * - HTTP over TLS (lo_mix streams 10-12, `over_tls`): tshark decrypts with the key log; we do not
 *   decrypt, so those requests are not expected.
 * - TLS 1.3: tshark (with the key log) also lists the encrypted handshake messages (8, 11, 15, 20) in the
 *   ServerHello's frame; we list the plaintext ones, i.e. the oracle's types up to the ServerHello.
 * - Snaplen-cut heads (lo_mix_snap128.pcap, pcapng-example.pcapng): tshark dissects the captured head
 *   of an HTTP message whose end it cannot know; length-based framing cannot, so HTTP there is only
 *   checked for consistency (what we report, the oracle reports too). DNS frame 29 of
 *   lo_mix_snap128 is reported by us (the cut message before it had a known length) and not by tshark
 *   under tcp.reassemble_out_of_order:TRUE (see reassembly's frame-pipeline.pdu.test.ts).
 * - A permanent hole (unidirectional_tcp_stream_with_missing_packet.pcap): tshark stops at it; we record
 *   the cut message as truncated and frame the next one, whose length is known.
 * - pcapng-example.pcapng stream 0 is MySQL switching to TLS (STARTTLS-like), and quic_handshake.pcap
 *   carries TLS inside QUIC: neither is TLS over TCP from the first byte, out of scope here.
 */
import { basename, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dnsRows, httpBodies, httpRequests, httpResponses, tlsRows } from '../../test/app-compare.js';
import { CORPUS, corpusCaptures, oracleFor, runApp, type AppOracle, type AppRun } from '../../test/app-harness.js';

const SNAPLEN_CUT = new Set(['lo_mix_snap128.pcap', 'pcapng-example.pcapng']);
const TLS_NOT_OVER_TCP = new Set(['pcapng-example.pcapng', 'quic_handshake.pcap']);
const PERMANENT_HOLE = new Set(['unidirectional_tcp_stream_with_missing_packet.pcap']);

const files = corpusCaptures();
/** What was compared and found equal (known differences: checked as documented above). */
const tally = { captures: 0, dnsFrames: 0, httpRequests: 0, httpResponses: 0, httpBodies: 0, pairedResponses: 0, tlsFrames: 0, sharedRuns: 0, knownDifferences: 0 };

/** Elements of `ours` must all be in `theirs` (compared as JSON). */
function expectSubset<T>(ours: T[], theirs: T[], what: string): void {
  const set = new Set(theirs.map((x) => JSON.stringify(x)));
  for (const x of ours) expect(set.has(JSON.stringify(x)), `${what}: ${JSON.stringify(x)}`).toBe(true);
}

/**
 * http.response_for.uri: tshark's pairing, except where tshark 4.0 gets it wrong for pipelined requests
 * (it names the last request for all of them); there the k-th final response answers the k-th request.
 * Interim 1xx responses: tshark pairs none, we name the request they continue (not compared).
 */
function checkPairing(o: AppOracle, r: AppRun): void {
  for (const w of o.http.responses.filter((x) => !x.over_tls && x.code >= 200)) {
    const ours = r.http.find((h) => h.frame === w.frame && h.stream === w.tcp_stream && h.facts['http.response.code'] === w.code);
    const reqs = o.http.requests.filter((q) => q.tcp_stream === w.tcp_stream);
    const pipelined = reqs.some((q, i) => reqs.findIndex((x) => x.frame === q.frame) !== i);
    let want = w.for_uri?.[0];
    if (pipelined) {
      const k = o.http.responses.filter((x) => x.tcp_stream === w.tcp_stream && x.code >= 200 && x.frame < w.frame).length;
      want = `http://${reqs[k].host}${reqs[k].uri}`;
      if (want !== w.for_uri?.[0]) tally.knownDifferences++;
    }
    expect(ours?.facts['http.response_for.uri'], `response_for.uri of frame ${w.frame}`).toBe(want);
    tally.pairedResponses++;
  }
}

describe('corpus: DNS, HTTP and TLS facts against the tshark oracle', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
  });

  it.each(files.map((f) => [relative(CORPUS, f), f]))('%s', (_rel, file) => {
    const name = basename(file);
    const o = oracleFor(file);
    const r = runApp(file);
    tally.captures++;

    // ---- DNS (UDP and TCP), per frame
    const dnsWant = o.dns.slice();
    if (name === 'lo_mix_snap128.pcap') {
      const extra = dnsRows(r).find((x) => x.frame === 29);
      expect(extra && { stream: extra.stream, id: extra.id }).toEqual({ stream: 1, id: [0xc650] });
      dnsWant.push(extra!);
      dnsWant.sort((a, b) => a.frame - b.frame);
      tally.knownDifferences++;
    }
    expect(dnsRows(r)).toEqual(dnsWant);
    tally.dnsFrames += dnsWant.length;

    // ---- HTTP requests, responses, and message bodies per stream direction
    const reqWant = o.http.requests.filter((x) => !x.over_tls).map(({ over_tls: _t, ...x }) => x);
    const respWant = o.http.responses.filter((x) => !x.over_tls).map((x) => ({
      frame: x.frame, tcp_stream: x.tcp_stream, code: x.code, content_length: x.content_length, transfer_encoding: x.transfer_encoding,
    }));
    const bodiesWant = o.http_bodies_from_reassembled_streams;
    const req = httpRequests(r), resp = httpResponses(r), bodies = httpBodies(r);
    if (SNAPLEN_CUT.has(name)) {
      expectSubset(req, reqWant, 'request');
      expectSubset(resp, respWant, 'response');
      tally.httpRequests += req.length;
      tally.httpResponses += resp.length;
      tally.knownDifferences++;
    } else if (PERMANENT_HOLE.has(name)) {
      // tshark: nothing after the hole. We: the cut POST (truncated), then the next POST in frame 11.
      expect(req).toEqual([{ frame: 11, tcp_stream: 0, method: 'POST', uri: '/GetSearchMultipleSuggestions.ashx', host: 'service.zap.co.il', version: 'HTTP/1.1' }]);
      expect(r.http.filter((h) => h.rec?.truncated).length).toBe(1);
      expect(bodies[0].messages[0]).toEqual(bodiesWant[0].messages[0]);
      expect(bodies[0].messages.slice(1).map((m) => m.framing)).toEqual(['content-length']);
      tally.knownDifferences++;
    } else {
      expect(req).toEqual(reqWant);
      expect(resp).toEqual(respWant);
      tally.httpRequests += reqWant.length;
      tally.httpResponses += respWant.length;
      checkPairing(o, r);
      const key = (b: { tcp_stream: number; direction: string }): string => `${b.tcp_stream}/${b.direction}`;
      const sort = <T extends { tcp_stream: number; direction: string }>(x: T[]): T[] => x.slice().sort((a, b) => key(a).localeCompare(key(b)));
      expect(sort(bodies)).toEqual(sort(bodiesWant));
      tally.httpBodies += bodiesWant.reduce((n, b) => n + b.messages.length, 0);
    }

    // ---- TLS ClientHello / ServerHello frames
    if (TLS_NOT_OVER_TCP.has(name)) {
      expect(tlsRows(r)).toEqual([]);
      if (o.tls.length > 0) tally.knownDifferences++;
    } else {
      const tlsWant = o.tls.map((row) => {
        if (r.tlsVersions.get(row.tcp_stream) !== '0x0304' || !row.handshake_types.includes(2)) return row;
        // TLS 1.3: what follows the ServerHello is encrypted (tshark decrypted it with the key log).
        if (row.handshake_types.length > row.handshake_types.indexOf(2) + 1) tally.knownDifferences++;
        return { ...row, handshake_types: row.handshake_types.slice(0, row.handshake_types.indexOf(2) + 1) };
      });
      expect(tlsRows(r)).toEqual(tlsWant);
      tally.tlsFrames += tlsWant.length;
    }

    // ---- the shared objects (createHttpPdu/createTlsPdu: one for all streams, state found through
    // dissect's ctx) give the same answers here (the corpus has no HEAD request, which they cannot frame).
    if (r.http.length > 0 || r.tls.length > 0) {
      const shared = runApp(file, { shared: true });
      expect(httpBodies(shared)).toEqual(bodies);
      expect(httpResponses(shared)).toEqual(resp);
      // Final responses pair the same; an interim 1xx is paired only when pduLength saw the request's head
      // (per-stream objects), since the shared pduLength has no stream.
      const finals = (x: AppRun): (string | undefined)[] => x.http.filter((h) => (h.facts['http.response.code'] ?? 200) >= 200).map((h) => h.facts['http.response_for.uri']);
      expect(finals(shared)).toEqual(finals(r));
      expect(tlsRows(shared)).toEqual(tlsRows(r));
      tally.sharedRuns++;
    }
  });

  afterAll(() => {
    console.log(`[app corpus] ${JSON.stringify(tally)}`);
  });
});
