import type { PduRowDb } from '@wirewho/index';
import { openFilter } from '../filter-option.js';
import { writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';

export interface PdusCommandOptions { case: string; filter?: string; json?: boolean }

/**
 * Application protocols a filter names (`http.request.method == "GET"` -> http): a PDU of another
 * protocol that ends in the same frame (a TLS record next to a DNS answer) is not what was asked for.
 */
const APP_PROTOCOLS = ['dns', 'http', 'tls'];

export function namedProtocols(fields: readonly string[]): string[] | undefined {
  const named = [...new Set(fields.map((f) => f.split('.')[0].toLowerCase()).filter((p) => APP_PROTOCOLS.includes(p)))];
  return named.length ? named : undefined;
}

function pduJson(p: PduRowDb, clientNode: number): Record<string, unknown> {
  return {
    protocol: p.protocol,
    [`${p.proto}.stream`]: p.stream,
    evidence: p.evidenceId,
    direction: p.direction === clientNode ? 'client_to_server' : 'server_to_client',
    node_direction: p.direction === 0 ? 'node0_to_node1' : 'node1_to_node0',
    offset: p.offset,
    length: p.length,
    frames: p.frames.split(',').map(Number),
    reassembled_in: p.reassembledIn,
    truncated: p.truncated === 1,
    summary: p.summary,
  };
}

/** `wirewho pdus`: one line (or JSON object) per application PDU, in the order they were completed. */
export async function runPdus(opts: PdusCommandOptions): Promise<number> {
  const index = openCaseReadonly(opts.case);
  let filter;
  try {
    filter = openFilter(index, opts.filter);
  } catch (err) {
    index.close();
    throw err;
  }
  // A PDU's facts sit on the frame it is reassembled in: the filter selects PDUs by that frame.
  const text = opts.filter ?? '';
  const compiled = filter.compile(text);
  const protocols = compiled ? namedProtocols(compiled.fields) : undefined;
  try {
    // Client side of each stream (SYN sender, else node 0): looked up once per stream.
    const clients = new Map<string, number>();
    const clientOf = (p: PduRowDb) => {
      const key = `${p.evidenceId}/${p.proto}/${p.stream}`;
      let c = clients.get(key);
      if (c === undefined) {
        c = index.streams.get(p.evidenceId, p.proto, p.stream)?.client === 1 ? 1 : 0;
        if (clients.size > 100_000) clients.clear();
        clients.set(key, c);
      }
      return c;
    };
    for (const p of index.streams.pdus({ protocols })) {
      if (compiled && !filter.selects(text, p.reassembledIn)) continue;
      const client = clientOf(p);
      const line = opts.json ? JSON.stringify(pduJson(p, client)) : [
        p.protocol.padEnd(5), `${p.proto}.stream ${p.stream}`.padEnd(15), p.direction === client ? 'client→server' : 'server→client',
        `offset ${p.offset}`, `len ${p.length}`, `frames ${p.frames}`, `in ${p.reassembledIn}`, p.truncated ? '[truncated]' : '', p.summary ?? '',
      ].filter(Boolean).join('  ');
      if (!(await writeLine(line))) break;
    }
  } finally {
    filter.close();
    index.close();
  }
  return 0;
}
