/**
 * Application facts in the index (frame_fields, written during ingest from PDUs of reassembled
 * streams) equal the tshark oracle on every corpus capture: DNS query names, HTTP methods, URIs,
 * hosts, response codes and Content-Lengths, TLS SNI, in the frame tshark reports them in.
 * Messages tshark decrypted from TLS (`over_tls`) are out of reach without the key log and skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseIndex } from '@wirewho/index';
import { ingestEvidenceFile } from '@wirewho/engine';
import { corpusCaptures, readOracle } from '../helpers/corpus.js';

interface AppOracle {
  dns?: { frame: number; qname: string[]; answers: string[] }[];
  http?: {
    requests: { frame: number; method: string; uri: string; host: string | null; over_tls: boolean }[];
    responses: { frame: number; code: number; content_length: number | null; over_tls: boolean }[];
  };
  tls?: { frame: number; tcp_stream: number | null; sni: string[] }[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wirewho-facts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tally = { captures: 0, dns: 0, httpRequests: 0, httpResponses: 0, tlsSni: 0, skippedTruncated: 0 };

describe('DNS, HTTP and TLS facts equal tshark on every corpus capture', () => {
  for (const capture of corpusCaptures()) {
    const o = readOracle(capture) as unknown as AppOracle;
    const hasFacts = (o.dns?.length ?? 0) + (o.http?.requests.length ?? 0) + (o.http?.responses.length ?? 0) + (o.tls?.length ?? 0) > 0;
    it.runIf(hasFacts)(capture.name, async () => {
      const index = CaseIndex.open(path.join(tmp, capture.name));
      try {
        await ingestEvidenceFile(index, capture.file, { writer: 'inline' });
        index.buildSecondaryIndexes();
        tally.captures++;
        const values = (frame: number, field: string) => index.frameFieldValues(frame, field);
        // Expected values per frame and field, in message order (several PDUs can end in one frame).
        const want = new Map<string, unknown[]>();
        const add = (frame: number, field: string, ...v: unknown[]) => {
          const k = `${frame}\t${field}`;
          want.set(k, [...(want.get(k) ?? []), ...v]);
        };
        for (const d of o.dns ?? []) {
          tally.dns++;
          add(d.frame, 'dns.qry.name', ...d.qname);
          add(d.frame, 'dns.a|dns.aaaa', ...d.answers.filter((a) => /^[\d.]+$|:/.test(a)));
        }
        for (const r of (o.http?.requests ?? []).filter((x) => !x.over_tls)) {
          tally.httpRequests++;
          add(r.frame, 'http.request.method', r.method);
          add(r.frame, 'http.request.uri', r.uri);
          if (r.host !== null) add(r.frame, 'http.host', r.host);
        }
        for (const r of (o.http?.responses ?? []).filter((x) => !x.over_tls)) {
          tally.httpResponses++;
          add(r.frame, 'http.response.code', r.code);
          if (r.content_length !== null) add(r.frame, 'http.content_length', r.content_length);
        }
        // TLS inside QUIC (UDP) is not TLS over TCP: out of scope here.
        for (const t of (o.tls ?? []).filter((x) => x.sni.length > 0 && x.tcp_stream !== null)) {
          tally.tlsSni++;
          add(t.frame, 'tls.handshake.extensions_server_name', ...t.sni);
        }
        const problems: string[] = [];
        for (const [k, v] of want) {
          const [frame, field] = k.split('\t');
          const f = Number(frame);
          // Snaplen-truncated frames: tshark dissects the captured head of a PDU whose tail the capture
          // lacks; our PDU framework records such a PDU as truncated (see tests/README.md).
          const row = index.frame(f);
          if (row && row.capLen < row.origLen) { tally.skippedTruncated++; continue; }
          let got: unknown[];
          let exp = v;
          if (field === 'dns.a|dns.aaaa') {
            got = [...values(f, 'dns.a'), ...values(f, 'dns.aaaa')].map(String).sort();
            exp = v.map(String).sort();
          } else if (field === 'http.content_length') {
            // Only responses that had a Content-Length are in the oracle's list.
            got = values(f, field);
          } else {
            got = values(f, field);
          }
          if (JSON.stringify(got) !== JSON.stringify(exp)) problems.push(`frame ${f} ${field}: ours ${JSON.stringify(got)}, tshark ${JSON.stringify(exp)}`);
        }
        expect(problems.slice(0, 15)).toEqual([]);
      } finally {
        index.close();
      }
    });
  }

  afterAll(() => {
    console.log(`[app facts corpus] ${JSON.stringify(tally)}`);
  });
});
