import type { PduRowDb, StreamProto } from '@wirewho/index';
import { CliError } from '../errors.js';
import { writeLine } from '../output.js';
import { openCaseReadonly } from './frames.js';

export interface PdusCommandOptions { case: string; filter?: string; json?: boolean }

/**
 * Until the display-filter compiler lands, --filter accepts protocol names only: `dns`, `http`,
 * `dns || tls`, `dns or http` (a name no PDU has simply matches nothing).
 */
export function parseProtocolFilter(expr: string | undefined): string[] | undefined {
  if (expr === undefined) return undefined;
  const names = expr.split(/\s*(?:\|\||\bor\b|,)\s*/i).map((n) => n.trim()).filter(Boolean);
  if (names.length === 0 || !names.every((n) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(n))) {
    throw new CliError(`--filter: "${expr}" is not supported yet; give a protocol name such as dns, http or tls (full display filters come with the filter compiler)`);
  }
  return names.map((n) => n.toLowerCase());
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
  const protocols = parseProtocolFilter(opts.filter);
  const index = openCaseReadonly(opts.case);
  try {
    // Client side of each stream (SYN sender, else node 0): looked up once per stream.
    const clients = new Map<string, number>();
    const clientOf = (p: PduRowDb) => {
      const key = `${p.evidenceId}/${p.proto}/${p.stream}`;
      let c = clients.get(key);
      if (c === undefined) {
        c = index.streams.get(p.evidenceId, p.proto as StreamProto, p.stream)?.client === 1 ? 1 : 0;
        if (clients.size > 100_000) clients.clear();
        clients.set(key, c);
      }
      return c;
    };
    for (const p of index.streams.pdus({ protocols })) {
      const client = clientOf(p);
      const line = opts.json ? JSON.stringify(pduJson(p, client)) : [
        p.protocol.padEnd(5), `${p.proto}.stream ${p.stream}`.padEnd(15), p.direction === client ? 'client→server' : 'server→client',
        `offset ${p.offset}`, `len ${p.length}`, `frames ${p.frames}`, `in ${p.reassembledIn}`, p.truncated ? '[truncated]' : '', p.summary ?? '',
      ].filter(Boolean).join('  ');
      if (!(await writeLine(line))) break;
    }
  } finally {
    index.close();
  }
  return 0;
}
