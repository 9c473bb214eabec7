/**
 * Test support: turns an AppRun into the shapes of the tshark oracle (`dns[]`, `http.requests/responses`,
 * `http_bodies_from_reassembled_streams`, `tls[]`) so the corpus test can compare them directly.
 */
import type { AppOracle, AppRun } from './app-harness.js';
import { sha256 } from './app-harness.js';

export type OracleDnsRow = AppOracle['dns'][number];

/** One row per frame carrying DNS, lists concatenated over the messages completed in that frame (tshark's -E occurrence=a). */
export function dnsRows(r: AppRun): OracleDnsRow[] {
  const byFrame = new Map<number, OracleDnsRow & { a: string[]; aaaa: string[]; cname: string[]; ptr: string[] }>();
  for (const d of r.dns) {
    let row = byFrame.get(d.frame);
    if (row === undefined) {
      row = { frame: d.frame, transport: d.transport, stream: d.stream, id: [], response: [], qname: [], qtype: [], rcode: [], truncated: [], answers: [], a: [], aaaa: [], cname: [], ptr: [] };
      byFrame.set(d.frame, row);
    }
    const f = d.facts;
    row.id.push(f['dns.id']);
    row.response.push(f['dns.flags.response']);
    row.qname.push(...f['dns.qry.name']);
    row.qtype.push(...f['dns.qry.type']);
    if (f['dns.flags.rcode'] !== undefined) row.rcode.push(f['dns.flags.rcode']);
    row.truncated.push(f['dns.flags.truncated']);
    row.a.push(...f['dns.a']);
    row.aaaa.push(...f['dns.aaaa']);
    row.cname.push(...f['dns.cname']);
    row.ptr.push(...f['dns.ptr.domain_name']);
  }
  return [...byFrame.values()].sort((x, y) => x.frame - y.frame).map(({ a, aaaa, cname, ptr, ...row }) => ({ ...row, answers: [...a, ...aaaa, ...cname, ...ptr] }));
}

export function httpRequests(r: AppRun): { frame: number; tcp_stream: number; method: string; uri: string; host: string | null; version: string }[] {
  return r.http
    .filter((h) => h.facts['http.request'] && h.endOfStream === undefined && h.rec?.truncated !== true)
    .map((h) => ({
      frame: h.frame, tcp_stream: h.stream, method: h.facts['http.request.method']!, uri: h.facts['http.request.uri']!,
      host: h.facts['http.host'] ?? null, version: h.facts['http.request.version']!,
    }))
    .sort((a, b) => a.frame - b.frame);
}

/** Responses tshark would report: complete ones (an until-close one in the frame that closed it). */
export function httpResponses(r: AppRun): { frame: number; tcp_stream: number; code: number; content_length: number | null; transfer_encoding: string[] | null }[] {
  return r.http
    .filter((h) => h.facts['http.response'] && h.endOfStream !== 'end' && !h.facts.framing.endsWith('-incomplete') && h.rec?.truncated !== true)
    .map((h) => ({
      frame: h.frame, tcp_stream: h.stream, code: h.facts['http.response.code']!,
      content_length: h.facts['http.content_length'] ?? null,
      transfer_encoding: h.facts['http.transfer_encoding'] !== undefined ? [h.facts['http.transfer_encoding']] : null,
    }))
    .sort((a, b) => a.frame - b.frame);
}

/** Framing names of the oracle's splitter (which knows no HEAD and calls a no-body request "none"). */
export function httpBodies(r: AppRun): AppOracle['http_bodies_from_reassembled_streams'] {
  const by = new Map<string, AppOracle['http_bodies_from_reassembled_streams'][number]>();
  for (const h of r.http) {
    const key = `${h.stream}/${h.dir}`;
    let e = by.get(key);
    if (e === undefined) by.set(key, (e = { tcp_stream: h.stream, direction: h.dir === 0 ? 'node0_to_node1' : 'node1_to_node0', messages: [] }));
    const f = h.facts;
    e.messages.push({ start_line: f.startLine, header_len: f.headerLength, body_len: f.body.length, body_sha256: sha256(f.body), framing: f.framing });
  }
  return [...by.values()];
}

export type OracleTlsRow = AppOracle['tls'][number];

/** One row per frame completing a ClientHello or ServerHello (tshark's -Y "tls.handshake.type==1 || tls.handshake.type==2"). */
export function tlsRows(r: AppRun): OracleTlsRow[] {
  const byFrame = new Map<number, OracleTlsRow>();
  for (const t of r.tls) {
    for (const h of t.facts.handshakes) {
      let row = byFrame.get(t.frame);
      if (row === undefined) {
        row = { frame: t.frame, tcp_stream: t.stream, handshake_types: [], sni: [], handshake_version: [], supported_versions: [], alpn: [], ciphersuite: [] };
        byFrame.set(t.frame, row);
      }
      row.handshake_types.push(h['tls.handshake.type']);
      if (h['tls.handshake.extensions_server_name'] !== undefined) row.sni.push(h['tls.handshake.extensions_server_name']);
      if (h['tls.handshake.version'] !== undefined) row.handshake_version.push(h['tls.handshake.version']);
      row.supported_versions.push(...(h['tls.handshake.extensions.supported_version'] ?? []));
      row.alpn.push(...(h['tls.handshake.extensions_alpn_str'] ?? []));
      row.ciphersuite.push(...(h['tls.handshake.ciphersuite'] ?? []));
    }
  }
  return [...byFrame.values()]
    .filter((row) => row.handshake_types.includes(1) || row.handshake_types.includes(2))
    .map((row) => ({ ...row, ciphersuite: row.handshake_types.includes(2) ? row.ciphersuite : [] }))
    .sort((a, b) => a.frame - b.frame);
}
